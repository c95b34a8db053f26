//! td_api: TDLib's JSON interface types, generated from `schema/td_api.tl`, and TDLib's JSON
//! reading and writing rules.

pub mod json;

pub use json::{JsonWriter, TlAbstract, TlObject, TlWrite};
