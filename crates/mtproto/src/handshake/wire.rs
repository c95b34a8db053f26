//! The auth-key exchange messages: the types generated from
//! `schema/mtproto_api.tl` (re-exported here; [`tl_types`] has them all), and
//! [`PqInnerData`], one view of the three p_q_inner_data forms.

pub use tl::mtproto::enums::{ServerDHParams, SetClientDHParamsAnswer};
pub use tl::mtproto::functions::{ReqDHParams, ReqPq, ReqPqMulti, SetClientDHParams};
pub use tl::mtproto::types::{
    BindAuthKeyInner, ClientDHInnerData, DhGenFail, DhGenOk, DhGenRetry, PQInnerDataDc,
    PQInnerDataTempDc, ResPQ, ServerDHInnerData, ServerDHParamsFail, ServerDHParamsOk,
};
use tl::mtproto::{enums, types};
use tl::{Deserialize, Identifiable, Reader, Serialize};

pub use tl::mtproto as tl_types;

/// `req_pq` (before req_pq_multi); servers still accept it.
pub const REQ_PQ: u32 = ReqPq::CONSTRUCTOR_ID;
pub const REQ_PQ_MULTI: u32 = ReqPqMulti::CONSTRUCTOR_ID;
/// `p_q_inner_data` (no dc): what Telethon sends.
pub const P_Q_INNER_DATA: u32 = types::PQInnerData::CONSTRUCTOR_ID;
pub const P_Q_INNER_DATA_DC: u32 = PQInnerDataDc::CONSTRUCTOR_ID;
pub const P_Q_INNER_DATA_TEMP_DC: u32 = PQInnerDataTempDc::CONSTRUCTOR_ID;
pub const REQ_DH_PARAMS: u32 = ReqDHParams::CONSTRUCTOR_ID;
pub const SET_CLIENT_DH_PARAMS: u32 = SetClientDHParams::CONSTRUCTOR_ID;
pub const SERVER_DH_PARAMS_FAIL: u32 = ServerDHParamsFail::CONSTRUCTOR_ID;
pub const SERVER_DH_PARAMS_OK: u32 = ServerDHParamsOk::CONSTRUCTOR_ID;

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
    match constructor(body) {
        REQ_PQ => Ok(ReqPq::from_bytes(body)?.nonce),
        _ => Ok(ReqPqMulti::from_bytes(body)?.nonce),
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
            InnerKind::Legacy => types::PQInnerData {
                pq,
                p,
                q,
                nonce,
                server_nonce,
                new_nonce,
            }
            .to_bytes(),
        }
    }

    /// Parses the object at the start of `data` (padding may follow) and
    /// returns it with its serialized length.
    pub fn parse_prefix(data: &[u8]) -> Result<(Self, usize), tl::Error> {
        let mut r = Reader::new(data);
        let v = match enums::PQInnerData::deserialize(&mut r)? {
            enums::PQInnerData::Dc(x) => PqInnerData {
                kind: InnerKind::Dc(x.dc),
                pq: x.pq,
                p: x.p,
                q: x.q,
                nonce: x.nonce,
                server_nonce: x.server_nonce,
                new_nonce: x.new_nonce,
            },
            enums::PQInnerData::TempDc(x) => PqInnerData {
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
            },
            enums::PQInnerData::PQInnerData(x) => PqInnerData {
                kind: InnerKind::Legacy,
                pq: x.pq,
                p: x.p,
                q: x.q,
                nonce: x.nonce,
                server_nonce: x.server_nonce,
                new_nonce: x.new_nonce,
            },
        };
        Ok((v, r.position()))
    }
}

/// An object of type `T` at the start of `data`, and its length.
pub fn parse_prefix<T: Deserialize>(data: &[u8]) -> Result<(T, usize), tl::Error> {
    let mut r = Reader::new(data);
    let v = T::deserialize(&mut r)?;
    Ok((v, r.position()))
}
