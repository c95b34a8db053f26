//! The boundary between the network side and the TL mapping of the world's operations.
//!
//! The network side looks inside `invokeWithLayer`/`initConnection`/... and answers the
//! connection-level method `auth.bindTempAuthKey` itself; every other call goes to an
//! [`Rpc`] with the world locked, wrappers included (initConnection describes the client).
//! Pushes the world queued during the call are rendered per recipient with
//! [`Rpc::render_pushes`] and delivered by the network side.

use tl::api::Function;
use tl::Serialize;

use super::addresses::DcAddresses;
use crate::rpc::{self as mapping, DcAddress};
use crate::world::{Push, RpcError, World, WorldError};

/// Who asks, through what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallContext<'a> {
    pub dc_id: i32,
    /// The auth key the request arrived on (a bound temporary key acts as its permanent key).
    pub auth_key_id: i64,
    pub session_id: i64,
    /// From invokeWithLayer, if the connection sent one.
    pub layer: Option<i32>,
    /// Server time, Unix seconds.
    pub now: i32,
    /// Where every DC listens.
    pub addresses: &'a DcAddresses,
    /// The address the client connects from.
    pub client_ip: &'a str,
}

/// An rpc_error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorAnswer {
    pub code: i32,
    pub message: String,
}

impl ErrorAnswer {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        ErrorAnswer {
            code,
            message: message.into(),
        }
    }
}

impl From<RpcError> for ErrorAnswer {
    fn from(e: RpcError) -> Self {
        ErrorAnswer::new(e.code(), e.message())
    }
}

impl From<WorldError> for ErrorAnswer {
    fn from(e: WorldError) -> Self {
        e.rpc().into()
    }
}

/// Maps TL functions to world operations and world pushes to TL updates.
pub trait Rpc: Send + Sync + 'static {
    /// Serves one call as the client sent it (wrappers included); the answer is a
    /// serialized boxed TL object.
    fn invoke(
        &self,
        world: &mut World,
        ctx: &CallContext,
        call: Function,
    ) -> Result<Vec<u8>, ErrorAnswer>;

    /// The serialized TL `Updates` that tells the recipient about these pushes (consecutive,
    /// all to the same target) in one container, or `None` when there is nothing to send.
    fn render_pushes(&self, world: &mut World, pushes: &[Push]) -> Option<Vec<u8>>;
}

/// The world's own TL mapping (crate::rpc).
pub struct WorldRpc;

impl Rpc for WorldRpc {
    fn invoke(
        &self,
        world: &mut World,
        ctx: &CallContext,
        call: Function,
    ) -> Result<Vec<u8>, ErrorAnswer> {
        let dcs: Vec<DcAddress> = ctx
            .addresses
            .ports
            .iter()
            .map(|&(id, port)| DcAddress {
                id,
                ip: ctx.addresses.host.clone(),
                port: i32::from(port),
            })
            .collect();
        let context = mapping::Context {
            auth_key_id: ctx.auth_key_id,
            dc_id: ctx.dc_id,
            now: ctx.now,
            dcs: &dcs,
            test_mode: false,
            ip: ctx.client_ip,
        };
        mapping::handle(world, &context, &call).map_err(ErrorAnswer::from)
    }

    fn render_pushes(&self, world: &mut World, pushes: &[Push]) -> Option<Vec<u8>> {
        mapping::out::updates::push(world, pushes)
            .ok()
            .flatten()
            .map(|u| u.to_bytes())
    }
}

/// The mapping the server runs with.
pub fn default_rpc() -> Box<dyn Rpc> {
    Box::new(WorldRpc)
}
