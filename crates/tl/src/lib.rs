//! TL for tdjson-rs: the binary TL runtime, and Rust types for Telegram's schemas generated
//! at build time from `schema/mtproto_api.tl` (`mtproto`) and `schema/telegram_api.tl`
//! (`api`, behind the default feature `api`: crates that speak only the protocol layer, such
//! as crates/mtproto, turn it off and skip compiling ~5 MB of generated code).
//!
//! Each schema module has:
//! - `types`: a struct per constructor (`api::types::auth::SentCode`),
//! - `enums`: an enum per abstract type, over its constructors (`api::enums::auth::SentCode`),
//! - `functions`: a struct per function, implementing [`RemoteCall`] so its answer decodes
//!   as `Return` (`api::functions::auth::SendCode`),
//! - `Function`: every function, decoded by id (what a server reads),
//! - `Object`: every boxed type, decoded by id,
//! - `constructor_name(id)`: the TL name of an id, for logs.
//!
//! Encoding: [`Serialize::to_bytes`] gives the boxed form (constructor id first) of enums,
//! structs and functions; [`Bare`] gives a struct's fields alone. Decoding never panics and
//! never trusts a length: see [`Reader`] and [`Error`].
//!
//! ```
//! use tl::{RemoteCall, Serialize, Deserialize};
//! use tl::mtproto::{functions::ReqPqMulti, enums::ResPQ};
//!
//! let call = ReqPqMulti { nonce: [7; 16] };
//! let bytes = call.to_bytes();
//! assert_eq!(&bytes[..4], &0xbe7e8ef1u32.to_le_bytes());
//! // A server decodes any incoming call by its id:
//! let tl::mtproto::Function::ReqPqMulti(decoded) = tl::mtproto::Function::from_bytes(&bytes).unwrap() else {
//!     panic!("wrong function")
//! };
//! assert_eq!(decoded.nonce, [7; 16]);
//! // A client decodes the answer with the call's return type:
//! fn decode<F: RemoteCall>(answer: &[u8]) -> Result<F::Return, tl::Error> {
//!     F::Return::from_bytes(answer)
//! }
//! assert!(decode::<ReqPqMulti>(&[1, 2, 3]).is_err());
//! ```
//!
//! Conventions of the generated code:
//! - `int`, `long`, `double` are `i32`, `i64`, `f64`; `int128`/`int256` are byte arrays;
//!   `Bool` is `bool`; `bytes` is `Vec<u8>`; `string` is `String` in `api` (invalid
//!   UTF-8 is replaced, not rejected) and `Vec<u8>` in `mtproto`, which uses it for binary
//!   data; `Vector<T>` and `vector<T>` are `Vec<T>`.
//! - `flags:#` words are not stored: they are computed from the `Option` and `bool` fields.
//!   Data fields that share one flag bit are written only when all of them are `Some`; a
//!   `true` flag that shares its bit with data fields is a method (`user.bot()`), not a field.
//! - Enum variants box their constructor struct; constructors without fields are unit
//!   variants. `From<types::X>` converts a constructor into its type's enum.
//! - Generic functions (`invokeWithLayer`, `initConnection`, ...) are generic over the
//!   wrapped query `X`: a client nests typed calls (and gets the inner call's `Return`) or
//!   a [`Blob`] of already-serialized bytes; in `Function`, the query is a `Function`.
//! - Field names are snake case; Rust keywords become raw identifiers (`r#type`), and
//!   `self` becomes `self_`.
//! - A field of type `Object` (any boxed object, as in `rpc_result#f35c6d01 req_msg_id:long
//!   result:Object`) is a [`Blob`]: the object's serialization, kept verbatim. It is either
//!   sized by a `bytes:int` field right before it (`message msg_id seqno bytes body:Object`;
//!   `bytes` is then computed when writing, not stored) or the last field, taking the rest
//!   of the input. The generator refuses `Object` anywhere else.

mod error;
pub mod read;
mod traits;
pub mod write;

pub use error::Error;
pub use read::{builtin_name, Reader, MAX_DEPTH};
pub use tl_schema as schema;
pub use traits::{Bare, Blob, Deserialize, Identifiable, RemoteCall, Serialize};

/// The Telegram API layer of `schema/telegram_api.tl` (TDLib 1.8.65).
pub const LAYER: i32 = 227;

/// Types and functions of `schema/mtproto_api.tl`: the auth-key exchange and service messages.
#[allow(non_camel_case_types, clippy::all, clippy::pedantic, rustdoc::all)]
pub mod mtproto {
    include!(concat!(env!("OUT_DIR"), "/mtproto.rs"));
}

/// Types and functions of `schema/telegram_api.tl`.
#[cfg(feature = "api")]
#[allow(non_camel_case_types, clippy::all, clippy::pedantic, rustdoc::all)]
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

/// The TL name of any id this crate knows, for logs: the mtproto schema's (service messages
/// included), then the API schema's (with the `api` feature), then the runtime's built-ins
/// (`vector`, `boolTrue`, `boolFalse`, `true`).
pub fn constructor_name(id: u32) -> Option<&'static str> {
    let name = mtproto::constructor_name(id);
    #[cfg(feature = "api")]
    let name = name.or_else(|| api::constructor_name(id));
    name
}
