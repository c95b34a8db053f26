//! The auth-key exchange messages. Everything in `schema/mtproto_api.tl`
//! comes from the `tl` crate's generated types (re-exported here as [`tl_types`]);
//! what the schema lacks is written here: the legacy `p_q_inner_data#83c95aec`
//! Telethon sends, `server_DH_params_fail#79cb045d`, and the old `req_pq#60469778`.

pub use tl::mtproto::enums::SetClientDHParamsAnswer;
pub use tl::mtproto::functions::{ReqDHParams, ReqPqMulti, SetClientDHParams};
pub use tl::mtproto::types::{
    BindAuthKeyInner, ClientDHInnerData, DhGenFail, DhGenOk, DhGenRetry, PQInnerDataDc,
    PQInnerDataTempDc, ResPQ, ServerDHInnerData, ServerDHParamsOk,
};
use tl::{Deserialize, Reader, Serialize};

pub use tl::mtproto as tl_types;

/// `req_pq#60469778 nonce:int128` (before req_pq_multi); servers still accept it.
pub const REQ_PQ: u32 = 0x6046_9778;
pub const REQ_PQ_MULTI: u32 = 0xbe7e_8ef1;
/// `p_q_inner_data#83c95aec pq p q nonce server_nonce new_nonce` (no dc).
pub const P_Q_INNER_DATA: u32 = 0x83c9_5aec;
pub const P_Q_INNER_DATA_DC: u32 = 0xa9f5_5f95;
pub const P_Q_INNER_DATA_TEMP_DC: u32 = 0x56fd_df88;
pub const REQ_DH_PARAMS: u32 = 0xd712_e4be;
pub const SET_CLIENT_DH_PARAMS: u32 = 0xf504_5f1f;
/// `server_DH_params_fail#79cb045d nonce server_nonce new_nonce_hash:int128`.
pub const SERVER_DH_PARAMS_FAIL: u32 = 0x79cb_045d;
pub const SERVER_DH_PARAMS_OK: u32 = 0xd0e8_075c;

pub type Nonce = [u8; 16];
pub type NewNonce = [u8; 32];

/// First 4 bytes of a body as a constructor id (0 if shorter).
pub fn constructor(body: &[u8]) -> u32 {
    body.get(..4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .unwrap_or(0)
}

/// req_pq or req_pq_multi → the client's nonce.
pub fn parse_req_pq(body: &[u8]) -> Result<Nonce, tl::Error> {
    let mut r = Reader::new(body);
    match r.read_u32()? {
        REQ_PQ | REQ_PQ_MULTI => r.read_int128(),
        id => Err(tl::Error::UnexpectedConstructor {
            id,
            ty: "req_pq_multi",
        }),
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

/// p_q_inner_data in any of its three forms.
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
        let (pq, p, q) = (self.pq.clone(), self.p.clone(), self.q.clone());
        let (nonce, server_nonce, new_nonce) = (self.nonce, self.server_nonce, self.new_nonce);
        match self.kind {
            InnerKind::Dc(dc) => PQInnerDataDc {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                dc,
            }
            .to_bytes(),
            InnerKind::TempDc { dc, expires_in } => PQInnerDataTempDc {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
                dc,
                expires_in,
            }
            .to_bytes(),
            InnerKind::Legacy => {
                let mut b = Vec::with_capacity(96);
                tl::write::put_u32(&mut b, &P_Q_INNER_DATA);
                tl::write::put_bytes(&mut b, &pq);
                tl::write::put_bytes(&mut b, &p);
                tl::write::put_bytes(&mut b, &q);
                tl::write::put_int128(&mut b, &nonce);
                tl::write::put_int128(&mut b, &server_nonce);
                tl::write::put_int256(&mut b, &new_nonce);
                b
            }
        }
    }

    /// Parses the object at the start of `data` (padding may follow) and
    /// returns it with its serialized length.
    pub fn parse_prefix(data: &[u8]) -> Result<(Self, usize), tl::Error> {
        let mut r = Reader::new(data);
        let v = match constructor(data) {
            P_Q_INNER_DATA_DC => {
                let x = PQInnerDataDc::deserialize(&mut r)?;
                PqInnerData {
                    kind: InnerKind::Dc(x.dc),
                    pq: x.pq,
                    p: x.p,
                    q: x.q,
                    nonce: x.nonce,
                    server_nonce: x.server_nonce,
                    new_nonce: x.new_nonce,
                }
            }
            P_Q_INNER_DATA_TEMP_DC => {
                let x = PQInnerDataTempDc::deserialize(&mut r)?;
                PqInnerData {
                    kind: InnerKind::TempDc {
                        dc: x.dc,
                        expires_in: x.expires_in,
                    },
                    pq: x.pq,
                    p: x.p,
                    q: x.q,
                    nonce: x.nonce,
                    server_nonce: x.server_nonce,
                    new_nonce: x.new_nonce,
                }
            }
            P_Q_INNER_DATA => {
                r.read_u32()?;
                PqInnerData {
                    pq: r.read_bytes()?,
                    p: r.read_bytes()?,
                    q: r.read_bytes()?,
                    nonce: r.read_int128()?,
                    server_nonce: r.read_int128()?,
                    new_nonce: r.read_int256()?,
                    kind: InnerKind::Legacy,
                }
            }
            id => {
                return Err(tl::Error::UnexpectedConstructor {
                    id,
                    ty: "P_Q_inner_data",
                })
            }
        };
        Ok((v, r.position()))
    }
}

/// server_DH_params_ok / server_DH_params_fail.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerDhParams {
    Ok(ServerDHParamsOk),
    Fail {
        nonce: Nonce,
        server_nonce: Nonce,
        new_nonce_hash: [u8; 16],
    },
}

impl ServerDhParams {
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            ServerDhParams::Ok(ok) => ok.to_bytes(),
            ServerDhParams::Fail {
                nonce,
                server_nonce,
                new_nonce_hash,
            } => {
                let mut b = Vec::with_capacity(52);
                tl::write::put_u32(&mut b, &SERVER_DH_PARAMS_FAIL);
                tl::write::put_int128(&mut b, nonce);
                tl::write::put_int128(&mut b, server_nonce);
                tl::write::put_int128(&mut b, new_nonce_hash);
                b
            }
        }
    }

    pub fn parse(body: &[u8]) -> Result<Self, tl::Error> {
        if constructor(body) == SERVER_DH_PARAMS_FAIL {
            let mut r = Reader::new(body);
            r.read_u32()?;
            return Ok(ServerDhParams::Fail {
                nonce: r.read_int128()?,
                server_nonce: r.read_int128()?,
                new_nonce_hash: r.read_int128()?,
            });
        }
        Ok(ServerDhParams::Ok(ServerDHParamsOk::from_bytes(body)?))
    }
}

/// An object of type `T` at the start of `data`, and its length.
pub fn parse_prefix<T: Deserialize>(data: &[u8]) -> Result<(T, usize), tl::Error> {
    let mut r = Reader::new(data);
    let v = T::deserialize(&mut r)?;
    Ok((v, r.position()))
}
