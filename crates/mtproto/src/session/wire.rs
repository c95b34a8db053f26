//! Service messages of an encrypted session. Those in `schema/mtproto_api.tl`
//! use the `tl` crate's generated types; the core types the schema only lists
//! as comments (msg_container, rpc_result, ping, destroy_session and its
//! answers) are framed here with the `tl` runtime's primitives.

use tl::mtproto::types as t;
use tl::write::{put_i32, put_i64, put_u32};
use tl::{Deserialize, Error, Reader, Serialize};

use crate::salt::FutureSalt;

pub const MSG_CONTAINER: u32 = 0x73f1_f8dc;
pub const RPC_RESULT: u32 = 0xf35c_6d01;
pub const RPC_ERROR: u32 = 0x2144_ca19;
pub const GZIP_PACKED: u32 = 0x3072_cfa1;
pub const MSGS_ACK: u32 = 0x62d6_b459;
pub const BAD_MSG_NOTIFICATION: u32 = 0xa7ef_f811;
pub const BAD_SERVER_SALT: u32 = 0xedab_447b;
pub const NEW_SESSION_CREATED: u32 = 0x9ec2_0908;
pub const FUTURE_SALTS: u32 = 0xae50_0895;
pub const GET_FUTURE_SALTS: u32 = 0xb921_bd04;
pub const PING: u32 = 0x7abe_77ec;
pub const PING_DELAY_DISCONNECT: u32 = 0xf342_7b8c;
pub const PONG: u32 = 0x3477_73c5;
pub const MSGS_STATE_REQ: u32 = 0xda69_fb52;
pub const MSGS_STATE_INFO: u32 = 0x04de_b57d;
pub const MSGS_ALL_INFO: u32 = 0x8cc0_d131;
pub const MSG_RESEND_REQ: u32 = 0x7d86_1a08;
pub const MSG_DETAILED_INFO: u32 = 0x276d_3ec6;
pub const MSG_NEW_DETAILED_INFO: u32 = 0x809d_b6df;
pub const DESTROY_SESSION: u32 = 0xe751_2126;
pub const DESTROY_SESSION_OK: u32 = 0xe220_45fc;
pub const DESTROY_SESSION_NONE: u32 = 0x62d3_50c9;
pub const RPC_DROP_ANSWER: u32 = 0x58e4_a740;
pub const RPC_ANSWER_UNKNOWN: u32 = 0x5e2a_d36e;
pub const HTTP_WAIT: u32 = 0x9299_359f;

/// Largest number of messages we accept in one container.
pub const MAX_CONTAINER_MESSAGES: usize = 1024;
/// Largest vector of msg_ids we send in one acks / state message.
pub const MAX_IDS: usize = 8192;

/// First 4 bytes of a body as a constructor id (0 if shorter).
pub fn constructor(body: &[u8]) -> u32 {
    body.get(..4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

/// Messages that need no acknowledgement and get even seq_nos.
pub fn is_content_related(body: &[u8]) -> bool {
    !matches!(constructor(body), MSGS_ACK | MSG_CONTAINER | HTTP_WAIT)
}

fn unexpected(id: u32, ty: &'static str) -> Error {
    Error::UnexpectedConstructor { id, ty }
}

/// One message inside a msg_container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inner {
    pub msg_id: i64,
    pub seq_no: i32,
    pub body: Vec<u8>,
}

/// `msg_container#73f1f8dc messages:vector<%Message>` with
/// `message msg_id:long seqno:int bytes:int body:Object`.
pub fn container(messages: &[Inner]) -> Vec<u8> {
    let size: usize = messages.iter().map(|m| 16 + m.body.len()).sum();
    let mut b = Vec::with_capacity(8 + size);
    put_u32(&mut b, &MSG_CONTAINER);
    put_u32(&mut b, &(messages.len() as u32));
    for m in messages {
        put_i64(&mut b, &m.msg_id);
        put_i32(&mut b, &m.seq_no);
        put_u32(&mut b, &(m.body.len() as u32));
        b.extend_from_slice(&m.body);
    }
    b
}

pub fn parse_container(body: &[u8]) -> Result<Vec<Inner>, Error> {
    let mut r = Reader::new(body);
    let id = r.read_u32()?;
    if id != MSG_CONTAINER {
        return Err(unexpected(id, "MessageContainer"));
    }
    let n = r.read_u32()? as usize;
    if n > MAX_CONTAINER_MESSAGES {
        return Err(Error::UnexpectedEnd);
    }
    let mut out = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        let msg_id = r.read_i64()?;
        let seq_no = r.read_i32()?;
        let len = r.read_u32()? as usize;
        if !len.is_multiple_of(4) {
            return Err(Error::BadLengthPrefix);
        }
        out.push(Inner {
            msg_id,
            seq_no,
            body: r.read_raw(len)?.to_vec(),
        });
    }
    Ok(out)
}

/// msgs_ack, msgs_state_req or msg_resend_req (`ctor` picks which).
pub fn ids_message(ctor: u32, ids: &[i64]) -> Vec<u8> {
    let msg_ids = ids.to_vec();
    match ctor {
        MSGS_STATE_REQ => t::MsgsStateReq { msg_ids }.to_bytes(),
        MSG_RESEND_REQ => t::MsgResendReq { msg_ids }.to_bytes(),
        _ => t::MsgsAck { msg_ids }.to_bytes(),
    }
}

/// The msg_ids of msgs_ack / msgs_state_req / msg_resend_req.
pub fn parse_ids_message(body: &[u8]) -> Result<Vec<i64>, Error> {
    match constructor(body) {
        MSGS_ACK => Ok(t::MsgsAck::from_bytes(body)?.msg_ids),
        MSGS_STATE_REQ => Ok(t::MsgsStateReq::from_bytes(body)?.msg_ids),
        MSG_RESEND_REQ => Ok(t::MsgResendReq::from_bytes(body)?.msg_ids),
        id => Err(unexpected(id, "MsgsAck")),
    }
}

/// `rpc_result#f35c6d01 req_msg_id:long result:Object`.
pub fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(12 + result.len());
    put_u32(&mut b, &RPC_RESULT);
    put_i64(&mut b, &req_msg_id);
    b.extend_from_slice(result);
    b
}

/// (req_msg_id, result body) of rpc_result.
pub fn parse_rpc_result(body: &[u8]) -> Result<(i64, &[u8]), Error> {
    let mut r = Reader::new(body);
    let id = r.read_u32()?;
    if id != RPC_RESULT {
        return Err(unexpected(id, "RpcResult"));
    }
    let req = r.read_i64()?;
    Ok((req, r.read_rest()))
}

pub fn rpc_error(code: i32, message: &str) -> Vec<u8> {
    t::RpcError {
        error_code: code,
        error_message: message.as_bytes().to_vec(),
    }
    .to_bytes()
}

pub fn parse_rpc_error(body: &[u8]) -> Result<(i32, String), Error> {
    let e = t::RpcError::from_bytes(body)?;
    Ok((
        e.error_code,
        String::from_utf8_lossy(&e.error_message).into_owned(),
    ))
}

pub fn gzip_packed(packed: &[u8]) -> Vec<u8> {
    t::GzipPacked {
        packed_data: packed.to_vec(),
    }
    .to_bytes()
}

pub fn parse_gzip_packed(body: &[u8]) -> Result<Vec<u8>, Error> {
    Ok(t::GzipPacked::from_bytes(body)?.packed_data)
}

/// bad_msg_notification, or bad_server_salt when a salt is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadMsg {
    pub bad_msg_id: i64,
    pub bad_msg_seqno: i32,
    pub error_code: i32,
    pub new_server_salt: Option<i64>,
}

impl BadMsg {
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.new_server_salt {
            Some(new_server_salt) => t::BadServerSalt {
                bad_msg_id: self.bad_msg_id,
                bad_msg_seqno: self.bad_msg_seqno,
                error_code: self.error_code,
                new_server_salt,
            }
            .to_bytes(),
            None => t::BadMsgNotification {
                bad_msg_id: self.bad_msg_id,
                bad_msg_seqno: self.bad_msg_seqno,
                error_code: self.error_code,
            }
            .to_bytes(),
        }
    }

    pub fn parse(body: &[u8]) -> Result<Self, Error> {
        match constructor(body) {
            BAD_SERVER_SALT => {
                let b = t::BadServerSalt::from_bytes(body)?;
                Ok(BadMsg {
                    bad_msg_id: b.bad_msg_id,
                    bad_msg_seqno: b.bad_msg_seqno,
                    error_code: b.error_code,
                    new_server_salt: Some(b.new_server_salt),
                })
            }
            _ => {
                let b = t::BadMsgNotification::from_bytes(body)?;
                Ok(BadMsg {
                    bad_msg_id: b.bad_msg_id,
                    bad_msg_seqno: b.bad_msg_seqno,
                    error_code: b.error_code,
                    new_server_salt: None,
                })
            }
        }
    }
}

pub fn new_session_created(first_msg_id: i64, unique_id: i64, server_salt: i64) -> Vec<u8> {
    t::NewSessionCreated {
        first_msg_id,
        unique_id,
        server_salt,
    }
    .to_bytes()
}

/// (first_msg_id, unique_id, server_salt).
pub fn parse_new_session_created(body: &[u8]) -> Result<(i64, i64, i64), Error> {
    let n = t::NewSessionCreated::from_bytes(body)?;
    Ok((n.first_msg_id, n.unique_id, n.server_salt))
}

pub fn future_salts(req_msg_id: i64, now: i32, salts: &[FutureSalt]) -> Vec<u8> {
    t::FutureSalts {
        req_msg_id,
        now,
        salts: salts
            .iter()
            .map(|s| t::FutureSalt {
                valid_since: s.valid_since,
                valid_until: s.valid_until,
                salt: s.salt,
            })
            .collect(),
    }
    .to_bytes()
}

/// (req_msg_id, now, salts).
pub fn parse_future_salts(body: &[u8]) -> Result<(i64, i32, Vec<FutureSalt>), Error> {
    let f = t::FutureSalts::from_bytes(body)?;
    let salts = f
        .salts
        .iter()
        .map(|s| FutureSalt {
            valid_since: s.valid_since,
            valid_until: s.valid_until,
            salt: s.salt,
        })
        .collect();
    Ok((f.req_msg_id, f.now, salts))
}

pub fn get_future_salts(num: i32) -> Vec<u8> {
    tl::mtproto::functions::GetFutureSalts { num }.to_bytes()
}

/// num of get_future_salts.
pub fn parse_get_future_salts(body: &[u8]) -> Result<i32, Error> {
    Ok(tl::mtproto::functions::GetFutureSalts::from_bytes(body)?.num)
}

/// `ping#7abe77ec ping_id:long` (not in the schema file).
pub fn ping(ping_id: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(12);
    put_u32(&mut b, &PING);
    put_i64(&mut b, &ping_id);
    b
}

pub fn ping_delay_disconnect(ping_id: i64, disconnect_delay: i32) -> Vec<u8> {
    tl::mtproto::functions::PingDelayDisconnect {
        ping_id,
        disconnect_delay,
    }
    .to_bytes()
}

/// (ping_id, disconnect_delay if ping_delay_disconnect).
pub fn parse_ping(body: &[u8]) -> Result<(i64, Option<i32>), Error> {
    match constructor(body) {
        PING => {
            let mut r = Reader::new(body);
            r.read_u32()?;
            Ok((r.read_i64()?, None))
        }
        _ => {
            let p = tl::mtproto::functions::PingDelayDisconnect::from_bytes(body)?;
            Ok((p.ping_id, Some(p.disconnect_delay)))
        }
    }
}

pub fn pong(msg_id: i64, ping_id: i64) -> Vec<u8> {
    t::Pong { msg_id, ping_id }.to_bytes()
}

/// (msg_id, ping_id).
pub fn parse_pong(body: &[u8]) -> Result<(i64, i64), Error> {
    let p = t::Pong::from_bytes(body)?;
    Ok((p.msg_id, p.ping_id))
}

pub fn msgs_state_info(req_msg_id: i64, info: &[u8]) -> Vec<u8> {
    t::MsgsStateInfo {
        req_msg_id,
        info: info.to_vec(),
    }
    .to_bytes()
}

/// (req_msg_id, info).
pub fn parse_msgs_state_info(body: &[u8]) -> Result<(i64, Vec<u8>), Error> {
    let s = t::MsgsStateInfo::from_bytes(body)?;
    Ok((s.req_msg_id, s.info))
}

/// msg_detailed_info / msg_new_detailed_info: (msg_id if detailed, answer_msg_id).
pub fn parse_detailed_info(body: &[u8]) -> Result<(Option<i64>, i64), Error> {
    match constructor(body) {
        MSG_DETAILED_INFO => {
            let d = t::MsgDetailedInfo::from_bytes(body)?;
            Ok((Some(d.msg_id), d.answer_msg_id))
        }
        _ => Ok((None, t::MsgNewDetailedInfo::from_bytes(body)?.answer_msg_id)),
    }
}

/// `destroy_session#e7512126 session_id:long` (not in the schema file).
pub fn destroy_session(session_id: i64) -> Vec<u8> {
    session_id_message(DESTROY_SESSION, session_id)
}

/// destroy_session and its answers destroy_session_ok / _none: id + session_id.
pub fn session_id_message(ctor: u32, session_id: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(12);
    put_u32(&mut b, &ctor);
    put_i64(&mut b, &session_id);
    b
}

/// The session_id of destroy_session / destroy_session_ok / destroy_session_none.
pub fn parse_session_id_message(body: &[u8]) -> Result<i64, Error> {
    let mut r = Reader::new(body);
    r.read_u32()?;
    r.read_i64()
}

/// req_msg_id of rpc_drop_answer.
pub fn parse_rpc_drop_answer(body: &[u8]) -> Result<i64, Error> {
    Ok(tl::mtproto::functions::RpcDropAnswer::from_bytes(body)?.req_msg_id)
}
