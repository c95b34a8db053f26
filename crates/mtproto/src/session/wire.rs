//! Service messages of an encrypted session (mtproto_api.tl and the
//! commented-out core types: msg_container, rpc_result, ping, destroy_session),
//! serialised by hand.

use crate::salt::FutureSalt;
use crate::tl_wire::{write_bytes, write_i32, write_i64, write_u32, Reader, WireError};

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
pub const VECTOR: u32 = 0x1cb5_c415;

/// Largest number of messages we accept in one container.
pub const MAX_CONTAINER_MESSAGES: usize = 1024;
/// Largest vector of msg_ids we accept in acks / state requests.
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

pub fn container(messages: &[Inner]) -> Vec<u8> {
    let size: usize = messages.iter().map(|m| 16 + m.body.len()).sum();
    let mut b = Vec::with_capacity(8 + size);
    write_u32(&mut b, MSG_CONTAINER);
    write_u32(&mut b, messages.len() as u32);
    for m in messages {
        write_i64(&mut b, m.msg_id);
        write_i32(&mut b, m.seq_no);
        write_u32(&mut b, m.body.len() as u32);
        b.extend_from_slice(&m.body);
    }
    b
}

pub fn parse_container(body: &[u8]) -> Result<Vec<Inner>, WireError> {
    let mut r = Reader::new(body);
    r.expect(MSG_CONTAINER)?;
    let n = r.u32()? as usize;
    if n > MAX_CONTAINER_MESSAGES {
        return Err(WireError::Length(n));
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let msg_id = r.i64()?;
        let seq_no = r.i32()?;
        let len = r.u32()? as usize;
        if !len.is_multiple_of(4) {
            return Err(WireError::Length(len));
        }
        out.push(Inner {
            msg_id,
            seq_no,
            body: r.take(len)?.to_vec(),
        });
    }
    Ok(out)
}

fn id_vector(ctor: u32, ids: &[i64]) -> Vec<u8> {
    let mut b = Vec::with_capacity(12 + 8 * ids.len());
    write_u32(&mut b, ctor);
    write_u32(&mut b, VECTOR);
    write_u32(&mut b, ids.len() as u32);
    for id in ids {
        write_i64(&mut b, *id);
    }
    b
}

fn read_ids(r: &mut Reader<'_>) -> Result<Vec<i64>, WireError> {
    r.expect(VECTOR)?;
    let n = r.u32()? as usize;
    if n > MAX_IDS {
        return Err(WireError::Length(n));
    }
    (0..n).map(|_| r.i64()).collect()
}

/// msgs_ack, msgs_state_req or msg_resend_req.
pub fn ids_message(ctor: u32, ids: &[i64]) -> Vec<u8> {
    id_vector(ctor, ids)
}

/// The msg_ids of msgs_ack / msgs_state_req / msg_resend_req.
pub fn parse_ids_message(body: &[u8]) -> Result<Vec<i64>, WireError> {
    let mut r = Reader::new(body);
    r.u32()?;
    read_ids(&mut r)
}

pub fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(12 + result.len());
    write_u32(&mut b, RPC_RESULT);
    write_i64(&mut b, req_msg_id);
    b.extend_from_slice(result);
    b
}

/// (req_msg_id, result body) of rpc_result.
pub fn parse_rpc_result(body: &[u8]) -> Result<(i64, &[u8]), WireError> {
    let mut r = Reader::new(body);
    r.expect(RPC_RESULT)?;
    let id = r.i64()?;
    Ok((id, r.remaining()))
}

pub fn rpc_error(code: i32, message: &str) -> Vec<u8> {
    let mut b = Vec::with_capacity(12 + message.len());
    write_u32(&mut b, RPC_ERROR);
    write_i32(&mut b, code);
    write_bytes(&mut b, message.as_bytes());
    b
}

pub fn parse_rpc_error(body: &[u8]) -> Result<(i32, String), WireError> {
    let mut r = Reader::new(body);
    r.expect(RPC_ERROR)?;
    let code = r.i32()?;
    let msg = String::from_utf8_lossy(r.bytes()?).into_owned();
    Ok((code, msg))
}

pub fn gzip_packed(packed: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(8 + packed.len());
    write_u32(&mut b, GZIP_PACKED);
    write_bytes(&mut b, packed);
    b
}

pub fn parse_gzip_packed(body: &[u8]) -> Result<&[u8], WireError> {
    let mut r = Reader::new(body);
    r.expect(GZIP_PACKED)?;
    r.bytes()
}

/// bad_msg_notification or bad_server_salt (salt given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadMsg {
    pub bad_msg_id: i64,
    pub bad_msg_seqno: i32,
    pub error_code: i32,
    pub new_server_salt: Option<i64>,
}

impl BadMsg {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(28);
        write_u32(
            &mut b,
            if self.new_server_salt.is_some() {
                BAD_SERVER_SALT
            } else {
                BAD_MSG_NOTIFICATION
            },
        );
        write_i64(&mut b, self.bad_msg_id);
        write_i32(&mut b, self.bad_msg_seqno);
        write_i32(&mut b, self.error_code);
        if let Some(s) = self.new_server_salt {
            write_i64(&mut b, s);
        }
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        let ctor = r.u32()?;
        let bad_msg_id = r.i64()?;
        let bad_msg_seqno = r.i32()?;
        let error_code = r.i32()?;
        let new_server_salt = match ctor {
            BAD_SERVER_SALT => Some(r.i64()?),
            BAD_MSG_NOTIFICATION => None,
            other => return Err(WireError::Constructor(other)),
        };
        Ok(BadMsg {
            bad_msg_id,
            bad_msg_seqno,
            error_code,
            new_server_salt,
        })
    }
}

/// new_session_created.
pub fn new_session_created(first_msg_id: i64, unique_id: i64, server_salt: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(28);
    write_u32(&mut b, NEW_SESSION_CREATED);
    write_i64(&mut b, first_msg_id);
    write_i64(&mut b, unique_id);
    write_i64(&mut b, server_salt);
    b
}

/// (first_msg_id, unique_id, server_salt).
pub fn parse_new_session_created(body: &[u8]) -> Result<(i64, i64, i64), WireError> {
    let mut r = Reader::new(body);
    r.expect(NEW_SESSION_CREATED)?;
    Ok((r.i64()?, r.i64()?, r.i64()?))
}

pub fn future_salts(req_msg_id: i64, now: i32, salts: &[FutureSalt]) -> Vec<u8> {
    let mut b = Vec::with_capacity(20 + 16 * salts.len());
    write_u32(&mut b, FUTURE_SALTS);
    write_i64(&mut b, req_msg_id);
    write_i32(&mut b, now);
    // Bare vector of bare future_salt: count, then the fields.
    write_u32(&mut b, salts.len() as u32);
    for s in salts {
        write_i32(&mut b, s.valid_since);
        write_i32(&mut b, s.valid_until);
        write_i64(&mut b, s.salt);
    }
    b
}

/// (req_msg_id, now, salts).
pub fn parse_future_salts(body: &[u8]) -> Result<(i64, i32, Vec<FutureSalt>), WireError> {
    let mut r = Reader::new(body);
    r.expect(FUTURE_SALTS)?;
    let req = r.i64()?;
    let now = r.i32()?;
    let n = r.u32()? as usize;
    if n > 1024 {
        return Err(WireError::Length(n));
    }
    let salts = (0..n)
        .map(|_| {
            Ok(FutureSalt {
                valid_since: r.i32()?,
                valid_until: r.i32()?,
                salt: r.i64()?,
            })
        })
        .collect::<Result<_, WireError>>()?;
    Ok((req, now, salts))
}

pub fn get_future_salts(num: i32) -> Vec<u8> {
    let mut b = Vec::with_capacity(8);
    write_u32(&mut b, GET_FUTURE_SALTS);
    write_i32(&mut b, num);
    b
}

pub fn ping(ping_id: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(12);
    write_u32(&mut b, PING);
    write_i64(&mut b, ping_id);
    b
}

pub fn ping_delay_disconnect(ping_id: i64, disconnect_delay: i32) -> Vec<u8> {
    let mut b = Vec::with_capacity(16);
    write_u32(&mut b, PING_DELAY_DISCONNECT);
    write_i64(&mut b, ping_id);
    write_i32(&mut b, disconnect_delay);
    b
}

/// (ping_id, disconnect_delay if ping_delay_disconnect).
pub fn parse_ping(body: &[u8]) -> Result<(i64, Option<i32>), WireError> {
    let mut r = Reader::new(body);
    match r.u32()? {
        PING => Ok((r.i64()?, None)),
        PING_DELAY_DISCONNECT => Ok((r.i64()?, Some(r.i32()?))),
        other => Err(WireError::Constructor(other)),
    }
}

pub fn pong(msg_id: i64, ping_id: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(20);
    write_u32(&mut b, PONG);
    write_i64(&mut b, msg_id);
    write_i64(&mut b, ping_id);
    b
}

/// (msg_id, ping_id).
pub fn parse_pong(body: &[u8]) -> Result<(i64, i64), WireError> {
    let mut r = Reader::new(body);
    r.expect(PONG)?;
    Ok((r.i64()?, r.i64()?))
}

pub fn msgs_state_info(req_msg_id: i64, info: &[u8]) -> Vec<u8> {
    let mut b = Vec::with_capacity(16 + info.len());
    write_u32(&mut b, MSGS_STATE_INFO);
    write_i64(&mut b, req_msg_id);
    write_bytes(&mut b, info);
    b
}

/// (req_msg_id, info).
pub fn parse_msgs_state_info(body: &[u8]) -> Result<(i64, Vec<u8>), WireError> {
    let mut r = Reader::new(body);
    r.expect(MSGS_STATE_INFO)?;
    Ok((r.i64()?, r.bytes()?.to_vec()))
}

/// msg_detailed_info / msg_new_detailed_info: (msg_id if detailed, answer_msg_id).
pub fn parse_detailed_info(body: &[u8]) -> Result<(Option<i64>, i64), WireError> {
    let mut r = Reader::new(body);
    match r.u32()? {
        MSG_DETAILED_INFO => Ok((Some(r.i64()?), r.i64()?)),
        MSG_NEW_DETAILED_INFO => Ok((None, r.i64()?)),
        other => Err(WireError::Constructor(other)),
    }
}

pub fn destroy_session(session_id: i64) -> Vec<u8> {
    session_id_message(DESTROY_SESSION, session_id)
}

pub fn session_id_message(ctor: u32, session_id: i64) -> Vec<u8> {
    let mut b = Vec::with_capacity(12);
    write_u32(&mut b, ctor);
    write_i64(&mut b, session_id);
    b
}

/// The session_id of destroy_session / destroy_session_ok / destroy_session_none.
pub fn parse_session_id_message(body: &[u8]) -> Result<i64, WireError> {
    let mut r = Reader::new(body);
    r.u32()?;
    r.i64()
}

/// req_msg_id of rpc_drop_answer.
pub fn parse_rpc_drop_answer(body: &[u8]) -> Result<i64, WireError> {
    let mut r = Reader::new(body);
    r.expect(RPC_DROP_ANSWER)?;
    r.i64()
}
