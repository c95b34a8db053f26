//! Parser for TL, the schema language of Telegram's MTProto (`telegram_api.tl`,
//! `mtproto_api.tl`, `secret_api.tl`) and of TDLib's `td_api.tl`.
//!
//! It has no dependencies so that build scripts can use it cheaply.
//!
//! ```
//! let schema = tl_schema::parse("
//!     boolTrue#997275b5 = Bool;
//!     ---functions---
//!     invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
//! ").unwrap();
//! let call = &schema.definitions[1];
//! assert_eq!(call.category, tl_schema::Category::Function);
//! assert_eq!(call.id(), 0xda9b0d0d);
//! assert_eq!(call.computed_id, 0xda9b0d0d);
//! ```
//!
//! Each definition's `computed_id` is the CRC-32 of its canonical form, Telegram's rule for
//! ids that are not written out: the declaration on one line without its `#id` and `;`,
//! with `{X:Type}` written `X:Type`, `Vector<T>` written `Vector T`, `bytes` written
//! `string`, `flags.N?true` fields dropped, and tokens separated by single spaces.

mod crc32;
mod error;
mod lexer;
mod model;
mod parser;

pub use crc32::crc32;
pub use error::{ParseError, ParseErrorKind};
pub use model::{Category, Condition, Definition, Field, Schema, Ty, TypeRef};
pub use parser::parse;
