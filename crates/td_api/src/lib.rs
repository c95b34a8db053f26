//! td_api: TDLib's JSON interface types, generated from `schema/td_api.tl`, and TDLib's JSON
//! reading and writing rules.
//!
//! Every td_api constructor and function is a struct with public fields named as in the
//! schema (`type` is `r#type`); field types map as: `int32` → `i32`, `int53`/`int64` → `i64`,
//! `double` → `f64`, `string` → `String`, `bytes` → `Vec<u8>`, `Bool` → `bool`, `vector<T>` →
//! `Vec<T>`, a concrete class → `Option<Box<T>>` (`Option<T>` as a vector element), an
//! abstract class → `Option<E>` where `E` is an enum with one boxed variant per constructor.
//! `None` is TDLib's null object: left out of the output, `null` inside arrays.
//!
//! ```
//! use td_api::{TlWrite, FormattedText, TextEntity, TextEntityType, TextEntityTypeBold};
//! let text = FormattedText {
//!     text: "hi".into(),
//!     entities: vec![Some(TextEntity {
//!         offset: 0,
//!         length: 2,
//!         r#type: Some(TextEntityType::from(TextEntityTypeBold {})),
//!     })],
//! };
//! assert_eq!(
//!     text.to_json(),
//!     r#"{"@type":"formattedText","text":"hi","entities":[{"@type":"textEntity","offset":0,"length":2,"type":{"@type":"textEntityTypeBold"}}]}"#
//! );
//! ```

pub mod json;

pub use json::value::TdFunction;
pub use json::{
    ConvError, JsonWriter, Repaired, Request, RequestError, TlAbstract, TlObject, TlWrite,
};

#[allow(
    clippy::all,
    unused_qualifications,
    non_camel_case_types,
    non_snake_case
)]
mod generated {
    use crate::json::value::{
        lookup, write_object, Bool, Boxed, Bytes, Codec, ConvError, Double, Inline, Int32, Int53,
        Int64, Obj, Poly, Reader, Str, Tag, TdFunction, TlAbstract, TlObject, TlWrite, Vector,
    };
    use crate::json::JsonWriter;
    include!(concat!(env!("OUT_DIR"), "/td_api.rs"));
}

pub use generated::*;

/// Parses a request: `@type` must name a td_api function.
pub fn parse_request(src: &[u8]) -> Result<Request<Function>, RequestError> {
    json::parse_request::<Function>(src)
}
