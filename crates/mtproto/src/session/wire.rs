//! Service messages of an encrypted session, built and read with the types
//! generated from `schema/mtproto_api.tl` (`tl::mtproto`). The helpers here
//! only convert between those types and what the session works with.

use tl::mtproto::{enums, functions as f, types as t};
use tl::{Blob, Deserialize, Error, Identifiable, Serialize};

use crate::salt::FutureSalt;

const fn id<T: Identifiable>() -> u32 {
    T::CONSTRUCTOR_ID
}

pub const MSG_CONTAINER: u32 = id::<t::MsgContainer>();
pub const RPC_RESULT: u32 = id::<t::RpcResult>();
pub const RPC_ERROR: u32 = id::<t::RpcError>();
pub const GZIP_PACKED: u32 = id::<t::GzipPacked>();
pub const MSGS_ACK: u32 = id::<t::MsgsAck>();
pub const BAD_MSG_NOTIFICATION: u32 = id::<t::BadMsgNotification>();
pub const BAD_SERVER_SALT: u32 = id::<t::BadServerSalt>();
pub const NEW_SESSION_CREATED: u32 = id::<t::NewSessionCreated>();
pub const FUTURE_SALTS: u32 = id::<t::FutureSalts>();
pub const GET_FUTURE_SALTS: u32 = id::<f::GetFutureSalts>();
pub const PING: u32 = id::<f::Ping>();
pub const PING_DELAY_DISCONNECT: u32 = id::<f::PingDelayDisconnect>();
pub const PONG: u32 = id::<t::Pong>();
pub const MSGS_STATE_REQ: u32 = id::<t::MsgsStateReq>();
pub const MSGS_STATE_INFO: u32 = id::<t::MsgsStateInfo>();
pub const MSGS_ALL_INFO: u32 = id::<t::MsgsAllInfo>();
pub const MSG_RESEND_REQ: u32 = id::<t::MsgResendReq>();
pub const MSG_DETAILED_INFO: u32 = id::<t::MsgDetailedInfo>();
pub const MSG_NEW_DETAILED_INFO: u32 = id::<t::MsgNewDetailedInfo>();
pub const DESTROY_SESSION: u32 = id::<f::DestroySession>();
pub const DESTROY_SESSION_OK: u32 = id::<t::DestroySessionOk>();
pub const DESTROY_SESSION_NONE: u32 = id::<t::DestroySessionNone>();
pub const RPC_DROP_ANSWER: u32 = id::<f::RpcDropAnswer>();
pub const RPC_ANSWER_UNKNOWN: u32 = id::<t::RpcAnswerUnknown>();
pub const RPC_ANSWER_DROPPED_RUNNING: u32 = id::<t::RpcAnswerDroppedRunning>();
pub const RPC_ANSWER_DROPPED: u32 = id::<t::RpcAnswerDropped>();
pub const HTTP_WAIT: u32 = id::<f::HttpWait>();

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

/// One message inside a msg_container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inner {
    pub msg_id: i64,
    pub seq_no: i32,
    pub body: Vec<u8>,
}

/// msg_container of `messages`, in order.
pub fn container(messages: &[Inner]) -> Vec<u8> {
    t::MsgContainer {
        messages: messages
            .iter()
            .map(|m| t::Message {
                msg_id: m.msg_id,
                seqno: m.seq_no,
                body: Blob(m.body.clone()),
            })
            .collect(),
    }
    .to_bytes()
}

/// The messages of a msg_container (at most [`MAX_CONTAINER_MESSAGES`]).
pub fn parse_container(body: &[u8]) -> Result<Vec<Inner>, Error> {
    let c = t::MsgContainer::from_bytes(body)?;
    if c.messages.len() > MAX_CONTAINER_MESSAGES {
        return Err(Error::UnexpectedEnd);
    }
    Ok(c.messages
        .into_iter()
        .map(|m| Inner {
            msg_id: m.msg_id,
            seq_no: m.seqno,
            body: m.body.0,
        })
        .collect())
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
        id => Err(Error::UnexpectedConstructor { id, ty: "MsgsAck" }),
    }
}

/// `rpc_result` answering `req_msg_id` with a serialized object.
pub fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    rpc_result_owned(req_msg_id, result.to_vec())
}

/// [`rpc_result`] taking the answer by value (no copy before the final one).
pub fn rpc_result_owned(req_msg_id: i64, result: Vec<u8>) -> Vec<u8> {
    t::RpcResult {
        req_msg_id,
        result: Blob(result),
    }
    .to_bytes()
}

/// (req_msg_id, result body) of rpc_result.
pub fn parse_rpc_result(body: &[u8]) -> Result<(i64, Vec<u8>), Error> {
    let r = t::RpcResult::from_bytes(body)?;
    Ok((r.req_msg_id, r.result.0))
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
        Ok(match enums::BadMsgNotification::from_bytes(body)? {
            enums::BadMsgNotification::BadServerSalt(b) => BadMsg {
                bad_msg_id: b.bad_msg_id,
                bad_msg_seqno: b.bad_msg_seqno,
                error_code: b.error_code,
                new_server_salt: Some(b.new_server_salt),
            },
            enums::BadMsgNotification::BadMsgNotification(b) => BadMsg {
                bad_msg_id: b.bad_msg_id,
                bad_msg_seqno: b.bad_msg_seqno,
                error_code: b.error_code,
                new_server_salt: None,
            },
        })
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
    f::GetFutureSalts { num }.to_bytes()
}

/// num of get_future_salts.
pub fn parse_get_future_salts(body: &[u8]) -> Result<i32, Error> {
    Ok(f::GetFutureSalts::from_bytes(body)?.num)
}

pub fn ping(ping_id: i64) -> Vec<u8> {
    f::Ping { ping_id }.to_bytes()
}

pub fn ping_delay_disconnect(ping_id: i64, disconnect_delay: i32) -> Vec<u8> {
    f::PingDelayDisconnect {
        ping_id,
        disconnect_delay,
    }
    .to_bytes()
}

/// (ping_id, disconnect_delay if ping_delay_disconnect).
pub fn parse_ping(body: &[u8]) -> Result<(i64, Option<i32>), Error> {
    match constructor(body) {
        PING => Ok((f::Ping::from_bytes(body)?.ping_id, None)),
        _ => {
            let p = f::PingDelayDisconnect::from_bytes(body)?;
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

/// msg_detailed_info (`msg_id` given: the answer to that request) or
/// msg_new_detailed_info (a message not answering a request). `status` is always 0.
pub fn detailed_info(msg_id: Option<i64>, answer_msg_id: i64, bytes: i32) -> Vec<u8> {
    match msg_id {
        Some(msg_id) => t::MsgDetailedInfo {
            msg_id,
            answer_msg_id,
            bytes,
            status: 0,
        }
        .to_bytes(),
        None => t::MsgNewDetailedInfo {
            answer_msg_id,
            bytes,
            status: 0,
        }
        .to_bytes(),
    }
}

/// msg_detailed_info / msg_new_detailed_info: (msg_id if detailed, answer_msg_id).
pub fn parse_detailed_info(body: &[u8]) -> Result<(Option<i64>, i64), Error> {
    Ok(match enums::MsgDetailedInfo::from_bytes(body)? {
        enums::MsgDetailedInfo::MsgDetailedInfo(d) => (Some(d.msg_id), d.answer_msg_id),
        enums::MsgDetailedInfo::MsgNewDetailedInfo(d) => (None, d.answer_msg_id),
    })
}

pub fn destroy_session(session_id: i64) -> Vec<u8> {
    f::DestroySession { session_id }.to_bytes()
}

/// session_id of destroy_session.
pub fn parse_destroy_session(body: &[u8]) -> Result<i64, Error> {
    Ok(f::DestroySession::from_bytes(body)?.session_id)
}

/// destroy_session_ok (the session existed) or destroy_session_none.
pub fn destroy_session_res(session_id: i64, existed: bool) -> Vec<u8> {
    if existed {
        t::DestroySessionOk { session_id }.to_bytes()
    } else {
        t::DestroySessionNone { session_id }.to_bytes()
    }
}

/// (session_id, existed) of destroy_session_ok / destroy_session_none.
pub fn parse_destroy_session_res(body: &[u8]) -> Result<(i64, bool), Error> {
    Ok(match enums::DestroySessionRes::from_bytes(body)? {
        enums::DestroySessionRes::DestroySessionOk(d) => (d.session_id, true),
        enums::DestroySessionRes::DestroySessionNone(d) => (d.session_id, false),
    })
}

pub fn rpc_drop_answer(req_msg_id: i64) -> Vec<u8> {
    f::RpcDropAnswer { req_msg_id }.to_bytes()
}

/// req_msg_id of rpc_drop_answer.
pub fn parse_rpc_drop_answer(body: &[u8]) -> Result<i64, Error> {
    Ok(f::RpcDropAnswer::from_bytes(body)?.req_msg_id)
}

/// What the server did with an answer the client asked it to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropOutcome {
    /// rpc_answer_unknown: nothing known of the request (already answered and acknowledged,
    /// or never received).
    Unknown,
    /// rpc_answer_dropped_running: the request was still being processed; its answer is
    /// rpc_answer_dropped_running too.
    Running,
    /// rpc_answer_dropped: the answer was sent but is no longer kept for resending.
    Dropped {
        msg_id: i64,
        seq_no: i32,
        bytes: i32,
    },
}

impl DropOutcome {
    pub fn to_bytes(self) -> Vec<u8> {
        match self {
            DropOutcome::Unknown => t::RpcAnswerUnknown.to_bytes(),
            DropOutcome::Running => t::RpcAnswerDroppedRunning.to_bytes(),
            DropOutcome::Dropped {
                msg_id,
                seq_no,
                bytes,
            } => t::RpcAnswerDropped {
                msg_id,
                seq_no,
                bytes,
            }
            .to_bytes(),
        }
    }

    pub fn parse(body: &[u8]) -> Result<Self, Error> {
        Ok(match enums::RpcDropAnswer::from_bytes(body)? {
            enums::RpcDropAnswer::RpcAnswerUnknown => DropOutcome::Unknown,
            enums::RpcDropAnswer::RpcAnswerDroppedRunning => DropOutcome::Running,
            enums::RpcDropAnswer::RpcAnswerDropped(d) => DropOutcome::Dropped {
                msg_id: d.msg_id,
                seq_no: d.seq_no,
                bytes: d.bytes,
            },
        })
    }
}
