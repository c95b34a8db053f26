//! Client role ⇄ server role in one process, with packets lost on purpose:
//! msg_detailed_info for a request sent again, msg_new_detailed_info for an
//! update never acknowledged, msg_resend_req answered from the server's kept
//! copies (or with msgs_state_info), and rpc_drop_answer in each of its cases;
//! a request refused with bad_server_salt after it was accepted, and a request
//! built for the msg_id it travels in (auth.bindTempAuthKey's need).
mod common;
use common::*;
use mtproto::envelope::{self, MessageHeader};
use mtproto::msg_id::msg_id_at;
use mtproto::salt::SaltSchedule;
use mtproto::session::wire::{self, BadMsg, DropOutcome};
use mtproto::session::{
    ClientEvent, ClientSession, RequestId, ServerEvent, ServerSession, ServerSessionConfig,
    ACK_DELAY_NANOS, ANNOUNCE_AFTER_NANOS,
};
use mtproto::{AuthKey, Role, UnixTime};
use std::sync::Arc;

const T0: i64 = 1_700_000_000;

/// One message of a server packet.
#[derive(Debug, Clone)]
struct Msg {
    msg_id: i64,
    seq_no: i32,
    body: Vec<u8>,
}

struct Link {
    key: AuthKey,
    client: ClientSession,
    server: ServerSession,
    now: UnixTime,
    crng: rand::rngs::StdRng,
    srng: rand::rngs::StdRng,
    salts: SaltSchedule,
}

impl Link {
    fn new(seed: u64) -> Link {
        let key = AuthKey::new([seed as u8 | 1; 256]);
        let salts = SaltSchedule::new([seed as u8; 32]);
        let now = UnixTime::from_secs(T0);
        let mut crng = seeded(seed);
        let first_salt = salts.salt_at(now.as_secs());
        let config = Arc::new(ServerSessionConfig {
            salts: salts.clone(),
        });
        Link {
            client: ClientSession::new(key.clone(), first_salt, 0, &mut crng),
            server: ServerSession::new(config, key.clone()),
            key,
            now,
            crng,
            srng: seeded(seed + 1),
            salts,
        }
    }

    fn advance(&mut self, nanos: i64) {
        self.now = self.now.add_nanos(nanos);
    }

    fn client_packets(&mut self) -> Vec<Vec<u8>> {
        std::iter::from_fn(|| self.client.poll_transmit(self.now, &mut self.crng)).collect()
    }

    fn server_packets(&mut self) -> Vec<Vec<u8>> {
        std::iter::from_fn(|| self.server.poll_transmit(self.now, &mut self.srng)).collect()
    }

    fn deliver_to_server(&mut self, packets: &[Vec<u8>]) {
        for p in packets {
            self.server
                .handle_packet(self.now, p)
                .expect("server takes it");
        }
    }

    fn deliver_to_client(&mut self, packets: &[Vec<u8>]) {
        for p in packets {
            self.client
                .handle_packet(self.now, p)
                .expect("client takes it");
        }
    }

    /// Application requests the server handed up (other events dropped).
    fn requests(&mut self) -> Vec<(i64, Vec<u8>)> {
        std::iter::from_fn(|| self.server.poll_event())
            .filter_map(|e| match e {
                ServerEvent::Request { msg_id, body } => Some((msg_id, body)),
                _ => None,
            })
            .collect()
    }

    fn client_events(&mut self) -> Vec<ClientEvent> {
        std::iter::from_fn(|| self.client.poll_event()).collect()
    }

    /// The messages in server packets, containers opened.
    fn open(&self, packets: &[Vec<u8>]) -> Vec<Msg> {
        let mut out = Vec::new();
        for p in packets {
            let d = envelope::decrypt(&self.key, Role::Server, p).expect("decrypts");
            match wire::parse_container(&d.body) {
                Ok(inner) => out.extend(inner.into_iter().map(|m| Msg {
                    msg_id: m.msg_id,
                    seq_no: m.seq_no,
                    body: m.body,
                })),
                Err(_) => out.push(Msg {
                    msg_id: d.header.msg_id,
                    seq_no: d.header.seq_no,
                    body: d.body,
                }),
            }
        }
        out
    }

    /// A message the client application could not send by itself, framed as
    /// the client's session would (a msg_id above the client's last one).
    fn crafted(&mut self, body: &[u8], seq_no: i32) -> Vec<u8> {
        self.advance(1_000_000);
        let h = MessageHeader {
            salt: self.salts.salt_at(self.now.as_secs()),
            session_id: self.client.session_id(),
            msg_id: msg_id_at(self.now) & !3,
            seq_no,
        };
        envelope::encrypt(&self.key, Role::Client, &h, body, &mut self.crng).expect("encrypts")
    }

    /// Moves packets both ways until quiet, answering every request.
    fn settle(&mut self) {
        for _ in 0..100 {
            let c = self.client_packets();
            self.deliver_to_server(&c);
            for (msg_id, body) in self.requests() {
                self.server.send_result(msg_id, answer_to(&body));
            }
            let s = self.server_packets();
            self.deliver_to_client(&s);
            if c.is_empty() && s.is_empty() {
                return;
            }
        }
        panic!("link did not settle");
    }

    /// A first request answered and acknowledged: the session (and its
    /// new_session_created) is established on both sides.
    fn warm_up(&mut self) {
        self.client.invoke(request(0));
        self.settle();
        self.flush_client_acks();
        let _ = self.client_events();
    }

    /// Lets the client's pending acks go out and reach the server.
    fn flush_client_acks(&mut self) {
        self.advance(ACK_DELAY_NANOS);
        let c = self.client_packets();
        assert!(!c.is_empty(), "acks were pending");
        self.deliver_to_server(&c);
    }
}

fn request(n: u32) -> Vec<u8> {
    [0xC0DE_0001u32.to_le_bytes(), n.to_le_bytes()].concat()
}

fn answer_to(body: &[u8]) -> Vec<u8> {
    [&0x1122_3344u32.to_le_bytes()[..], body].concat()
}

fn only_result(events: &[ClientEvent], id: RequestId) -> Vec<u8> {
    let results: Vec<&Vec<u8>> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Result { id: i, body } if *i == id => Some(body),
            _ => None,
        })
        .collect();
    assert_eq!(results.len(), 1, "{events:?}");
    results[0].clone()
}

#[test]
fn request_sent_again_gets_detailed_info_and_the_lost_answer_is_resent() {
    let mut l = Link::new(1);
    l.warm_up();
    let id = l.client.invoke(request(5));
    let first = l.client_packets();
    assert_eq!(first.len(), 1);
    l.deliver_to_server(&first);
    let [(req_msg_id, body)] = &l.requests()[..] else {
        panic!("one request")
    };
    let req_msg_id = *req_msg_id;
    l.server.send_result(req_msg_id, answer_to(body));
    // The answer is lost on the way.
    let lost = l.server_packets();
    let answer = l
        .open(&lost)
        .into_iter()
        .find(|m| wire::constructor(&m.body) == wire::RPC_RESULT)
        .expect("the answer");

    // The client sends the same message again (a replay of its packet): the
    // server does not run it twice but says where the answer went.
    l.advance(1_000_000);
    l.deliver_to_server(&first);
    assert!(l.requests().is_empty(), "not executed again");
    let notice = l.server_packets();
    let msgs = l.open(&notice);
    let info = msgs
        .iter()
        .find(|m| wire::constructor(&m.body) == wire::MSG_DETAILED_INFO)
        .expect("msg_detailed_info");
    assert_eq!(
        info.body,
        wire::detailed_info(Some(req_msg_id), answer.msg_id, answer.body.len() as i32)
    );
    assert_eq!(info.seq_no % 2, 0, "needs no acknowledgement");

    // The client lacks that answer: it asks for it and gets it, same msg_id.
    l.deliver_to_client(&notice);
    let resend_req = l.client_packets();
    l.deliver_to_server(&resend_req);
    let again = l.server_packets();
    let resent = l.open(&again);
    assert!(
        resent
            .iter()
            .any(|m| m.msg_id == answer.msg_id && m.body == answer.body),
        "{resent:?}"
    );
    l.deliver_to_client(&again);
    let events = l.client_events();
    assert_eq!(only_result(&events, id), answer_to(&request(5)));
    assert_eq!(l.client.pending_requests(), 0);

    // Once acknowledged, the copy is forgotten: nothing is announced later.
    l.flush_client_acks();
    l.advance(2 * ANNOUNCE_AFTER_NANOS);
    let later = l.server_packets();
    assert!(
        l.open(&later).iter().all(|m| !matches!(
            wire::constructor(&m.body),
            wire::MSG_DETAILED_INFO | wire::MSG_NEW_DETAILED_INFO
        )),
        "announced after the ack"
    );
    // And a duplicate of an answered, acknowledged request still names the
    // answer, which the client now has: it acknowledges and asks for nothing.
    l.deliver_to_server(&first);
    let notice = l.server_packets();
    assert!(l
        .open(&notice)
        .iter()
        .any(|m| wire::constructor(&m.body) == wire::MSG_DETAILED_INFO));
    l.deliver_to_client(&notice);
    l.advance(ACK_DELAY_NANOS);
    let reply = l.client_packets();
    l.deliver_to_server(&reply);
    assert!(l.server_packets().is_empty(), "no resend asked for");
}

#[test]
fn unacknowledged_update_and_answer_are_announced() {
    let mut l = Link::new(2);
    l.warm_up();
    let id = l.client.invoke(request(1));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let (req, body) = l.requests().pop().expect("request");
    l.server.send_result(req, answer_to(&body));
    l.server
        .send_update(vec![0xAB, 0xCD, 0xEF, 0x01, 1, 2, 3, 4]);
    let lost = l.server_packets();
    let sent = l.open(&lost);
    let update = sent
        .iter()
        .find(|m| m.body[..4] == [0xAB, 0xCD, 0xEF, 0x01])
        .expect("update")
        .clone();
    let answer = sent
        .iter()
        .find(|m| wire::constructor(&m.body) == wire::RPC_RESULT)
        .expect("answer")
        .clone();
    // Nothing is due before the announcement time; the server's timer says when.
    let due = l.server.next_timeout().expect("a timer");
    assert_eq!(due, l.now.add_nanos(ANNOUNCE_AFTER_NANOS));
    assert!(l.server_packets().is_empty());
    l.advance(ANNOUNCE_AFTER_NANOS);
    let notices = l.server_packets();
    let msgs = l.open(&notices);
    let mut bodies: Vec<Vec<u8>> = msgs.iter().map(|m| m.body.clone()).collect();
    bodies.sort();
    let mut expected = vec![
        wire::detailed_info(None, update.msg_id, update.body.len() as i32),
        wire::detailed_info(Some(req), answer.msg_id, answer.body.len() as i32),
    ];
    expected.sort();
    assert_eq!(bodies, expected);
    // Announced once per period, not on every poll.
    assert!(l.server_packets().is_empty());

    // The client asks for both and gets both; acknowledged, they are forgotten.
    l.deliver_to_client(&notices);
    let asks = l.client_packets();
    l.deliver_to_server(&asks);
    let again = l.server_packets();
    l.deliver_to_client(&again);
    let events = l.client_events();
    assert_eq!(only_result(&events, id), answer_to(&request(1)));
    let updates: Vec<&ClientEvent> = events
        .iter()
        .filter(|e| matches!(e, ClientEvent::Update { .. }))
        .collect();
    assert_eq!(
        updates,
        [&ClientEvent::Update {
            body: update.body.clone()
        }]
    );
    l.flush_client_acks();
    assert_eq!(l.server.next_timeout(), None);
    l.advance(2 * ANNOUNCE_AFTER_NANOS);
    assert!(l.server_packets().is_empty());
}

#[test]
fn resend_req_for_unknown_messages_is_answered_as_a_state_request() {
    let mut l = Link::new(3);
    l.client.invoke(request(1));
    l.settle();
    // A msg_resend_req for an id far in the future, and one with the client's
    // parity, between its last message and this one, that it never sent.
    let client_own = msg_id_at(l.now.add_nanos(500_000)) & !3;
    let body = wire::ids_message(wire::MSG_RESEND_REQ, &[0x7fff_0000_0000_0000, client_own]);
    let p = l.crafted(&body, 1001);
    let req_msg_id = envelope::decrypt(&l.key, Role::Client, &p)
        .unwrap()
        .header
        .msg_id;
    l.deliver_to_server(&[p]);
    let out = l.server_packets();
    let info = l
        .open(&out)
        .into_iter()
        .find(|m| wire::constructor(&m.body) == wire::MSGS_STATE_INFO)
        .expect("msgs_state_info");
    let (req, states) = wire::parse_msgs_state_info(&info.body).unwrap();
    assert_eq!(req, req_msg_id);
    // Too far in the future; not received (within the window, after the first message).
    assert_eq!(states, [3, 2]);
}

#[test]
fn state_info_tells_running_and_answered_requests() {
    let mut l = Link::new(4);
    l.client.invoke(request(1));
    l.client.invoke(request(2));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let reqs = l.requests();
    assert_eq!(reqs.len(), 2);
    l.server.send_result(reqs[0].0, vec![1, 0, 0, 0]);
    let _ = l.server_packets();
    let body = wire::ids_message(wire::MSGS_STATE_REQ, &[reqs[0].0, reqs[1].0]);
    let p = l.crafted(&body, 1001);
    l.deliver_to_server(&[p]);
    let out = l.server_packets();
    let info = l
        .open(&out)
        .into_iter()
        .find(|m| wire::constructor(&m.body) == wire::MSGS_STATE_INFO)
        .expect("msgs_state_info");
    // Received (4), processed (+32), answer generated (+64); the second still running.
    assert_eq!(
        wire::parse_msgs_state_info(&info.body).unwrap().1,
        [100, 36]
    );
}

/// The server's answer to the client's rpc_drop_answer, as the client reports it.
fn dropped(events: &[ClientEvent], id: RequestId) -> Option<DropOutcome> {
    let found: Vec<&Option<DropOutcome>> = events
        .iter()
        .filter_map(|e| match e {
            ClientEvent::Dropped { id: i, outcome } if *i == id => Some(outcome),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{events:?}");
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, ClientEvent::Result { id: i, .. } if *i == id)),
        "a dropped request has no result: {events:?}"
    );
    *found[0]
}

#[test]
fn drop_answer_of_a_running_request() {
    let mut l = Link::new(5);
    let id = l.client.invoke(request(1));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let (req, body) = l.requests().pop().expect("request");
    assert!(l.server.is_running(req));
    assert!(l.client.drop_answer(id));
    assert!(!l.client.drop_answer(id), "only once");
    let c = l.client_packets();
    l.deliver_to_server(&c);
    assert!(!l.server.is_running(req));
    let out = l.server_packets();
    let msgs = l.open(&out);
    // Both the original request and rpc_drop_answer are answered rpc_answer_dropped_running.
    let running: Vec<i64> = msgs
        .iter()
        .filter_map(|m| wire::parse_rpc_result(&m.body).ok())
        .filter(|(_, r)| DropOutcome::parse(r) == Ok(DropOutcome::Running))
        .map(|(req_msg_id, _)| req_msg_id)
        .collect();
    assert_eq!(running.len(), 2);
    assert!(running.contains(&req));
    assert!(msgs
        .iter()
        .filter(|m| wire::constructor(&m.body) == wire::RPC_RESULT)
        .all(|m| m.seq_no % 2 == 1));
    l.deliver_to_client(&out);
    assert_eq!(dropped(&l.client_events(), id), Some(DropOutcome::Running));
    // The real answer, when the application produces it, is not sent.
    l.server.send_result(req, answer_to(&body));
    let later = l.server_packets();
    assert!(l
        .open(&later)
        .iter()
        .all(|m| wire::constructor(&m.body) != wire::RPC_RESULT));
    assert_eq!(l.client.pending_requests(), 0);
}

#[test]
fn drop_answer_of_a_sent_unacknowledged_answer() {
    let mut l = Link::new(6);
    l.warm_up();
    let id = l.client.invoke(request(1));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let (req, body) = l.requests().pop().expect("request");
    l.server.send_result(req, answer_to(&body));
    let lost = l.server_packets();
    let answer = l
        .open(&lost)
        .into_iter()
        .find(|m| wire::constructor(&m.body) == wire::RPC_RESULT)
        .expect("answer");
    assert!(l.client.drop_answer(id));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let out = l.server_packets();
    l.deliver_to_client(&out);
    assert_eq!(
        dropped(&l.client_events(), id),
        Some(DropOutcome::Dropped {
            msg_id: answer.msg_id,
            seq_no: answer.seq_no,
            bytes: answer.body.len() as i32,
        })
    );
    // Removed from the server's outgoing messages: never announced, not resendable.
    l.flush_client_acks();
    l.advance(ANNOUNCE_AFTER_NANOS);
    assert!(l.server_packets().is_empty());
    let ask = wire::ids_message(wire::MSG_RESEND_REQ, &[answer.msg_id]);
    let p = l.crafted(&ask, 1001);
    l.deliver_to_server(&[p]);
    let out = l.server_packets();
    assert!(l
        .open(&out)
        .iter()
        .any(|m| wire::constructor(&m.body) == wire::MSGS_STATE_INFO));
    assert!(l.open(&out).iter().all(|m| m.msg_id != answer.msg_id));
}

#[test]
fn drop_answer_of_a_queued_answer_and_of_unknown_requests() {
    // The answer exists but has not left the server yet: it is replaced.
    let mut l = Link::new(7);
    let id = l.client.invoke(request(1));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let (req, body) = l.requests().pop().expect("request");
    l.server.send_result(req, answer_to(&body));
    assert!(l.client.drop_answer(id));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    let out = l.server_packets();
    let outcomes: Vec<(i64, DropOutcome)> = l
        .open(&out)
        .iter()
        .filter_map(|m| wire::parse_rpc_result(&m.body).ok())
        .map(|(r, b)| {
            (
                r,
                DropOutcome::parse(&b).expect("a drop outcome, not the answer"),
            )
        })
        .collect();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.contains(&(req, DropOutcome::Running)));
    l.deliver_to_client(&out);
    assert_eq!(dropped(&l.client_events(), id), Some(DropOutcome::Running));

    // Not sent yet by the client: dropped locally, nothing goes out.
    let id = l.client.invoke(request(2));
    assert!(l.client.drop_answer(id));
    assert_eq!(dropped(&l.client_events(), id), None);
    l.advance(ACK_DELAY_NANOS);
    for p in l.client_packets() {
        let d = envelope::decrypt(&l.key, Role::Client, &p).unwrap();
        assert_eq!(wire::constructor(&d.body), wire::MSGS_ACK, "only acks");
    }

    // Answered and acknowledged long ago, or never seen: rpc_answer_unknown.
    let p = l.crafted(&wire::rpc_drop_answer(0x1234_5678), 1001);
    let drop_msg_id = envelope::decrypt(&l.key, Role::Client, &p)
        .unwrap()
        .header
        .msg_id;
    l.deliver_to_server(&[p]);
    let out = l.server_packets();
    let answer = l
        .open(&out)
        .into_iter()
        .find_map(|m| wire::parse_rpc_result(&m.body).ok())
        .expect("an answer");
    assert_eq!(answer.0, drop_msg_id);
    assert_eq!(DropOutcome::parse(&answer.1), Ok(DropOutcome::Unknown));
}

#[test]
fn abandoning_a_session_ends_a_pending_drop() {
    let mut l = Link::new(8);
    let id = l.client.invoke(request(1));
    let c = l.client_packets();
    l.deliver_to_server(&c);
    assert!(l.client.drop_answer(id));
    l.client.take_unfinished();
    assert_eq!(
        l.client_events(),
        [ClientEvent::Dropped { id, outcome: None }]
    );
}

/// The client's packets, opened: (outer msg_id, whether a container, messages).
fn open_client(key: &AuthKey, packets: &[Vec<u8>]) -> Vec<(i64, bool, Vec<Msg>)> {
    packets
        .iter()
        .map(|p| {
            let d = envelope::decrypt(key, Role::Client, p).expect("decrypts");
            match wire::parse_container(&d.body) {
                Ok(inner) => (
                    d.header.msg_id,
                    true,
                    inner
                        .into_iter()
                        .map(|m| Msg {
                            msg_id: m.msg_id,
                            seq_no: m.seq_no,
                            body: m.body,
                        })
                        .collect(),
                ),
                Err(_) => (
                    d.header.msg_id,
                    false,
                    vec![Msg {
                        msg_id: d.header.msg_id,
                        seq_no: d.header.seq_no,
                        body: d.body,
                    }],
                ),
            }
        })
        .collect()
}

#[test]
fn an_accepted_request_is_refused_with_bad_server_salt_and_sent_again() {
    let mut l = Link::new(11);
    l.warm_up();
    // Two requests in one container: the second is refused after it was handed up.
    let keep = l.client.invoke(request(1));
    let refuse = l.client.invoke(request(2));
    let sent = l.client_packets();
    let opened = open_client(&l.key, &sent);
    let seq_of: std::collections::HashMap<i64, i32> = opened
        .iter()
        .flat_map(|(_, _, msgs)| msgs.iter().map(|m| (m.msg_id, m.seq_no)))
        .collect();
    l.deliver_to_server(&sent);
    let reqs = l.requests();
    let [(keep_msg, _), (refused_msg, refused_body)] = &reqs[..] else {
        panic!("two requests: {reqs:?}")
    };
    assert_eq!(refused_body, &request(2));
    assert!(l.server.is_running(*refused_msg));
    l.advance(3_600_000_000_000); // an hour on: the salt has changed
    assert!(l.server.reject_with_new_salt(l.now, *refused_msg));
    assert!(!l.server.is_running(*refused_msg));
    assert!(
        !l.server.reject_with_new_salt(l.now, *refused_msg),
        "only once"
    );
    assert!(
        !l.server.reject_with_new_salt(l.now, 0x1234),
        "unknown requests are not refused"
    );
    l.server.send_result(*keep_msg, answer_to(&request(1)));
    let out = l.server_packets();
    let msgs = l.open(&out);
    let salts: Vec<BadMsg> = msgs
        .iter()
        .filter(|m| wire::constructor(&m.body) == wire::BAD_SERVER_SALT)
        .map(|m| BadMsg::parse(&m.body).expect("bad_server_salt"))
        .collect();
    let new_salt = l.salts.salt_at(l.now.as_secs());
    assert_eq!(
        salts,
        vec![BadMsg {
            bad_msg_id: *refused_msg,
            bad_msg_seqno: seq_of[refused_msg],
            error_code: 48,
            new_server_salt: Some(new_salt),
        }]
    );
    let notice = msgs
        .iter()
        .find(|m| wire::constructor(&m.body) == wire::BAD_SERVER_SALT)
        .unwrap();
    assert_eq!(notice.msg_id % 4, 1, "a response to the request");
    assert_eq!(notice.seq_no & 1, 0, "not content-related");
    // The refused request is not acknowledged; the kept one is.
    let acked: Vec<i64> = msgs
        .iter()
        .filter(|m| wire::constructor(&m.body) == wire::MSGS_ACK)
        .flat_map(|m| wire::parse_ids_message(&m.body).expect("msgs_ack"))
        .collect();
    assert!(
        acked.contains(keep_msg) && !acked.contains(refused_msg),
        "{acked:?}"
    );
    // The client takes the salt and sends the request again, with a new msg_id.
    l.deliver_to_client(&out);
    let events = l.client_events();
    assert_eq!(only_result(&events, keep), answer_to(&request(1)));
    assert!(!events
        .iter()
        .any(|e| matches!(e, ClientEvent::Result { id, .. } if *id == refuse)));
    assert_eq!(l.client.salt(l.now), new_salt);
    let again = l.client_packets();
    l.deliver_to_server(&again);
    let reqs = l.requests();
    let [(msg_id, body)] = &reqs[..] else {
        panic!("the refused request again: {reqs:?}")
    };
    assert_eq!(body, &request(2));
    assert!(msg_id > refused_msg);
    l.server.send_result(*msg_id, answer_to(&request(2)));
    let out = l.server_packets();
    l.deliver_to_client(&out);
    assert_eq!(
        only_result(&l.client_events(), refuse),
        answer_to(&request(2))
    );
}

#[test]
fn a_refused_msg_id_is_taken_again() {
    let mut l = Link::new(12);
    l.warm_up();
    let packet = l.crafted(&request(9), 1001);
    l.deliver_to_server(std::slice::from_ref(&packet));
    let [(msg_id, _)] = &l.requests()[..] else {
        panic!("one request")
    };
    assert!(l.server.reject_with_new_salt(l.now, *msg_id));
    // The same message again (same msg_id, a valid salt) is a new request, not a duplicate.
    l.deliver_to_server(&[packet]);
    let reqs = l.requests();
    assert_eq!(reqs.len(), 1, "taken again: {reqs:?}");
    assert_eq!(reqs[0].0, *msg_id);
}

#[test]
fn a_request_built_for_its_msg_id_travels_alone_and_is_rebuilt_on_resend() {
    use mtproto::session::MsgSlot;
    use std::sync::Mutex;
    let mut l = Link::new(13);
    l.warm_up();
    let slots: Arc<Mutex<Vec<MsgSlot>>> = Arc::default();
    let seen = slots.clone();
    // Acks are pending and a plain request is queued before: neither shares its packet.
    let other = l.client.invoke(request(3));
    let bound = l.client.invoke_with_msg_id(move |slot, rng| {
        seen.lock().unwrap().push(slot);
        let mut salt = [0u8; 4];
        rng.fill_bytes(&mut salt);
        [
            &0xB1DD_0001u32.to_le_bytes()[..],
            &slot.msg_id.to_le_bytes(),
            &slot.session_id.to_le_bytes(),
        ]
        .concat()
    });
    let after = l.client.invoke(request(4));
    let sent = l.client_packets();
    let opened = open_client(&l.key, &sent);
    assert_eq!(opened.len(), 3, "before, alone, after: {opened:?}");
    let (outer, container, msgs) = &opened[1];
    assert!(!container, "the built request is not in a container");
    let slot = slots.lock().unwrap()[0];
    assert_eq!((*outer, msgs[0].seq_no), (slot.msg_id, slot.seq_no));
    assert_eq!(slot.session_id, l.client.session_id());
    assert_eq!(&msgs[0].body[4..12], &slot.msg_id.to_le_bytes());
    assert!(opened[0].0 < slot.msg_id && slot.msg_id < opened[2].0);
    l.deliver_to_server(&sent);
    let reqs = l.requests();
    assert_eq!(reqs.len(), 3);
    let (bind_msg, _) = reqs
        .iter()
        .find(|(_, b)| b.starts_with(&0xB1DD_0001u32.to_le_bytes()))
        .expect("the built request arrived");
    assert_eq!(*bind_msg, slot.msg_id);
    // Refused with bad_server_salt: it goes again with a new msg_id, rebuilt for it.
    assert!(l.server.reject_with_new_salt(l.now, *bind_msg));
    for (msg_id, body) in &reqs {
        if msg_id != bind_msg {
            l.server.send_result(*msg_id, answer_to(body));
        }
    }
    let out = l.server_packets();
    l.deliver_to_client(&out);
    let events = l.client_events();
    only_result(&events, other);
    only_result(&events, after);
    let again = l.client_packets();
    l.deliver_to_server(&again);
    let reqs = l.requests();
    let [(msg_id, body)] = &reqs[..] else {
        panic!("the built request again: {reqs:?}")
    };
    let slots = slots.lock().unwrap().clone();
    assert_eq!(slots.len(), 2, "built again");
    assert_eq!(*msg_id, slots[1].msg_id);
    assert!(slots[1].msg_id > slots[0].msg_id);
    assert_eq!(&body[4..12], &slots[1].msg_id.to_le_bytes());
    l.server.send_result(*msg_id, answer_to(body));
    let out = l.server_packets();
    l.deliver_to_client(&out);
    assert_eq!(only_result(&l.client_events(), bound), answer_to(body));
}
