//! TDLib's JSON dialect: reading requests (syntax, conversion rules, error texts) and writing
//! objects. The generated td_api types call into [`value`] and [`write`].

pub mod base64;
pub mod number;
pub mod parse;
pub mod request;
pub mod string;
pub mod value;
pub mod write;

pub use parse::{Kind, SyntaxError};
pub use request::{compact, parse_request, with_document, write_compact, Request, RequestError};
pub use string::Repaired;
pub use value::{
    read_abstract, read_object, write_object, Codec, ConvError, Document, Obj, Tag, TlAbstract,
    TlObject, TlWrite, Value,
};
pub use write::JsonWriter;
