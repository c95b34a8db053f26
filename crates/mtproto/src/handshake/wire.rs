//! The auth-key exchange messages (mtproto_api.tl), serialised by hand.
//!
//! Kept in one module so it can switch to the `tl` crate's generated types;
//! `p_q_inner_data#83c95aec` (legacy, no dc) and `server_DH_params_fail` are
//! not in the project's schema and stay here either way.

use crate::tl_wire::{write_bytes, write_i32, write_i64, write_u32, Reader, WireError};

pub const REQ_PQ: u32 = 0x6046_9778;
pub const REQ_PQ_MULTI: u32 = 0xbe7e_8ef1;
pub const RES_PQ: u32 = 0x0516_2463;
pub const VECTOR: u32 = 0x1cb5_c415;
pub const P_Q_INNER_DATA: u32 = 0x83c9_5aec;
pub const P_Q_INNER_DATA_DC: u32 = 0xa9f5_5f95;
pub const P_Q_INNER_DATA_TEMP_DC: u32 = 0x56fd_df88;
pub const REQ_DH_PARAMS: u32 = 0xd712_e4be;
pub const SERVER_DH_PARAMS_OK: u32 = 0xd0e8_075c;
pub const SERVER_DH_PARAMS_FAIL: u32 = 0x79cb_045d;
pub const SERVER_DH_INNER_DATA: u32 = 0xb589_0dba;
pub const CLIENT_DH_INNER_DATA: u32 = 0x6643_b654;
pub const SET_CLIENT_DH_PARAMS: u32 = 0xf504_5f1f;
pub const DH_GEN_OK: u32 = 0x3bcb_f734;
pub const DH_GEN_RETRY: u32 = 0x46dc_1fb9;
pub const DH_GEN_FAIL: u32 = 0xa69d_ae02;
pub const BIND_AUTH_KEY_INNER: u32 = 0x75a3_f765;

pub type Nonce = [u8; 16];
pub type NewNonce = [u8; 32];

pub fn req_pq_multi(nonce: &Nonce) -> Vec<u8> {
    let mut b = Vec::with_capacity(20);
    write_u32(&mut b, REQ_PQ_MULTI);
    b.extend_from_slice(nonce);
    b
}

/// req_pq or req_pq_multi → the client's nonce.
pub fn parse_req_pq(body: &[u8]) -> Result<Nonce, WireError> {
    let mut r = Reader::new(body);
    match r.u32()? {
        REQ_PQ | REQ_PQ_MULTI => r.array(),
        other => Err(WireError::Constructor(other)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResPq {
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub pq: Vec<u8>,
    pub fingerprints: Vec<i64>,
}

impl ResPq {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(80);
        write_u32(&mut b, RES_PQ);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        write_bytes(&mut b, &self.pq);
        write_u32(&mut b, VECTOR);
        write_u32(&mut b, self.fingerprints.len() as u32);
        for f in &self.fingerprints {
            write_i64(&mut b, *f);
        }
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        r.expect(RES_PQ)?;
        let nonce = r.array()?;
        let server_nonce = r.array()?;
        let pq = r.bytes()?.to_vec();
        r.expect(VECTOR)?;
        let n = r.u32()? as usize;
        if n > 64 {
            return Err(WireError::Length(n));
        }
        let fingerprints = (0..n).map(|_| r.i64()).collect::<Result<_, _>>()?;
        Ok(ResPq {
            nonce,
            server_nonce,
            pq,
            fingerprints,
        })
    }
}

/// Which p_q_inner_data variant a client sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InnerKind {
    /// p_q_inner_data (legacy, no dc; what Telethon sends).
    Legacy,
    /// p_q_inner_data_dc: permanent key.
    Dc(i32),
    /// p_q_inner_data_temp_dc: temporary key living `expires_in` seconds.
    TempDc { dc: i32, expires_in: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PqInnerData {
    pub pq: Vec<u8>,
    pub p: Vec<u8>,
    pub q: Vec<u8>,
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub new_nonce: NewNonce,
    pub kind: InnerKind,
}

impl PqInnerData {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(100);
        write_u32(
            &mut b,
            match self.kind {
                InnerKind::Legacy => P_Q_INNER_DATA,
                InnerKind::Dc(_) => P_Q_INNER_DATA_DC,
                InnerKind::TempDc { .. } => P_Q_INNER_DATA_TEMP_DC,
            },
        );
        write_bytes(&mut b, &self.pq);
        write_bytes(&mut b, &self.p);
        write_bytes(&mut b, &self.q);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        b.extend_from_slice(&self.new_nonce);
        match self.kind {
            InnerKind::Legacy => {}
            InnerKind::Dc(dc) => write_i32(&mut b, dc),
            InnerKind::TempDc { dc, expires_in } => {
                write_i32(&mut b, dc);
                write_i32(&mut b, expires_in);
            }
        }
        b
    }

    /// Parses the object at the start of `data` (padding may follow) and
    /// returns it with its serialized length.
    pub fn parse_prefix(data: &[u8]) -> Result<(Self, usize), WireError> {
        let mut r = Reader::new(data);
        let ctor = r.u32()?;
        if !matches!(
            ctor,
            P_Q_INNER_DATA | P_Q_INNER_DATA_DC | P_Q_INNER_DATA_TEMP_DC
        ) {
            return Err(WireError::Constructor(ctor));
        }
        let pq = r.bytes()?.to_vec();
        let p = r.bytes()?.to_vec();
        let q = r.bytes()?.to_vec();
        let nonce = r.array()?;
        let server_nonce = r.array()?;
        let new_nonce = r.array()?;
        let kind = match ctor {
            P_Q_INNER_DATA => InnerKind::Legacy,
            P_Q_INNER_DATA_DC => InnerKind::Dc(r.i32()?),
            _ => InnerKind::TempDc {
                dc: r.i32()?,
                expires_in: r.i32()?,
            },
        };
        let len = r.position();
        Ok((
            PqInnerData {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                kind,
            },
            len,
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReqDhParams {
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub p: Vec<u8>,
    pub q: Vec<u8>,
    pub fingerprint: i64,
    pub encrypted_data: Vec<u8>,
}

impl ReqDhParams {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(320);
        write_u32(&mut b, REQ_DH_PARAMS);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        write_bytes(&mut b, &self.p);
        write_bytes(&mut b, &self.q);
        write_i64(&mut b, self.fingerprint);
        write_bytes(&mut b, &self.encrypted_data);
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        r.expect(REQ_DH_PARAMS)?;
        Ok(ReqDhParams {
            nonce: r.array()?,
            server_nonce: r.array()?,
            p: r.bytes()?.to_vec(),
            q: r.bytes()?.to_vec(),
            fingerprint: r.i64()?,
            encrypted_data: r.bytes()?.to_vec(),
        })
    }
}

/// server_DH_params_ok / server_DH_params_fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerDhParams {
    Ok {
        nonce: Nonce,
        server_nonce: Nonce,
        encrypted_answer: Vec<u8>,
    },
    Fail {
        nonce: Nonce,
        server_nonce: Nonce,
        new_nonce_hash: [u8; 16],
    },
}

impl ServerDhParams {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(640);
        match self {
            ServerDhParams::Ok {
                nonce,
                server_nonce,
                encrypted_answer,
            } => {
                write_u32(&mut b, SERVER_DH_PARAMS_OK);
                b.extend_from_slice(nonce);
                b.extend_from_slice(server_nonce);
                write_bytes(&mut b, encrypted_answer);
            }
            ServerDhParams::Fail {
                nonce,
                server_nonce,
                new_nonce_hash,
            } => {
                write_u32(&mut b, SERVER_DH_PARAMS_FAIL);
                b.extend_from_slice(nonce);
                b.extend_from_slice(server_nonce);
                b.extend_from_slice(new_nonce_hash);
            }
        }
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        match r.u32()? {
            SERVER_DH_PARAMS_OK => Ok(ServerDhParams::Ok {
                nonce: r.array()?,
                server_nonce: r.array()?,
                encrypted_answer: r.bytes()?.to_vec(),
            }),
            SERVER_DH_PARAMS_FAIL => Ok(ServerDhParams::Fail {
                nonce: r.array()?,
                server_nonce: r.array()?,
                new_nonce_hash: r.array()?,
            }),
            other => Err(WireError::Constructor(other)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerDhInnerData {
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub g: i32,
    pub dh_prime: Vec<u8>,
    pub g_a: Vec<u8>,
    pub server_time: i32,
}

impl ServerDhInnerData {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(564);
        write_u32(&mut b, SERVER_DH_INNER_DATA);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        write_i32(&mut b, self.g);
        write_bytes(&mut b, &self.dh_prime);
        write_bytes(&mut b, &self.g_a);
        write_i32(&mut b, self.server_time);
        b
    }

    /// Parses from the start of `data`; returns the object and its length.
    pub fn parse_prefix(data: &[u8]) -> Result<(Self, usize), WireError> {
        let mut r = Reader::new(data);
        r.expect(SERVER_DH_INNER_DATA)?;
        let v = ServerDhInnerData {
            nonce: r.array()?,
            server_nonce: r.array()?,
            g: r.i32()?,
            dh_prime: r.bytes()?.to_vec(),
            g_a: r.bytes()?.to_vec(),
            server_time: r.i32()?,
        };
        Ok((v, r.position()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDhInnerData {
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub retry_id: i64,
    pub g_b: Vec<u8>,
}

impl ClientDhInnerData {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(304);
        write_u32(&mut b, CLIENT_DH_INNER_DATA);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        write_i64(&mut b, self.retry_id);
        write_bytes(&mut b, &self.g_b);
        b
    }

    pub fn parse_prefix(data: &[u8]) -> Result<(Self, usize), WireError> {
        let mut r = Reader::new(data);
        r.expect(CLIENT_DH_INNER_DATA)?;
        let v = ClientDhInnerData {
            nonce: r.array()?,
            server_nonce: r.array()?,
            retry_id: r.i64()?,
            g_b: r.bytes()?.to_vec(),
        };
        Ok((v, r.position()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetClientDhParams {
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub encrypted_data: Vec<u8>,
}

impl SetClientDhParams {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(380);
        write_u32(&mut b, SET_CLIENT_DH_PARAMS);
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        write_bytes(&mut b, &self.encrypted_data);
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        r.expect(SET_CLIENT_DH_PARAMS)?;
        Ok(SetClientDhParams {
            nonce: r.array()?,
            server_nonce: r.array()?,
            encrypted_data: r.bytes()?.to_vec(),
        })
    }
}

/// dh_gen_ok / dh_gen_retry / dh_gen_fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DhGenKind {
    Ok,
    Retry,
    Fail,
}

impl DhGenKind {
    /// The n of new_nonce_hash{n}.
    pub fn number(self) -> u8 {
        match self {
            DhGenKind::Ok => 1,
            DhGenKind::Retry => 2,
            DhGenKind::Fail => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DhGen {
    pub kind: DhGenKind,
    pub nonce: Nonce,
    pub server_nonce: Nonce,
    pub new_nonce_hash: [u8; 16],
}

impl DhGen {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(52);
        write_u32(
            &mut b,
            match self.kind {
                DhGenKind::Ok => DH_GEN_OK,
                DhGenKind::Retry => DH_GEN_RETRY,
                DhGenKind::Fail => DH_GEN_FAIL,
            },
        );
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.server_nonce);
        b.extend_from_slice(&self.new_nonce_hash);
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        let kind = match r.u32()? {
            DH_GEN_OK => DhGenKind::Ok,
            DH_GEN_RETRY => DhGenKind::Retry,
            DH_GEN_FAIL => DhGenKind::Fail,
            other => return Err(WireError::Constructor(other)),
        };
        Ok(DhGen {
            kind,
            nonce: r.array()?,
            server_nonce: r.array()?,
            new_nonce_hash: r.array()?,
        })
    }
}

/// bind_auth_key_inner, the payload of auth.bindTempAuthKey's encrypted_message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindAuthKeyInner {
    pub nonce: i64,
    pub temp_auth_key_id: i64,
    pub perm_auth_key_id: i64,
    pub temp_session_id: i64,
    pub expires_at: i32,
}

impl BindAuthKeyInner {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(40);
        write_u32(&mut b, BIND_AUTH_KEY_INNER);
        write_i64(&mut b, self.nonce);
        write_i64(&mut b, self.temp_auth_key_id);
        write_i64(&mut b, self.perm_auth_key_id);
        write_i64(&mut b, self.temp_session_id);
        write_i32(&mut b, self.expires_at);
        b
    }

    pub fn parse(body: &[u8]) -> Result<Self, WireError> {
        let mut r = Reader::new(body);
        r.expect(BIND_AUTH_KEY_INNER)?;
        Ok(BindAuthKeyInner {
            nonce: r.i64()?,
            temp_auth_key_id: r.i64()?,
            perm_auth_key_id: r.i64()?,
            temp_session_id: r.i64()?,
            expires_at: r.i32()?,
        })
    }
}
