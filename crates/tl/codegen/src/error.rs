//! Schemas the generator cannot turn into Rust.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodegenError {
    /// A field or result refers to a type no constructor builds.
    UnknownType { definition: String, ty: String },
    /// A type used where it cannot be (`true` outside a flag, a `#` result, ...).
    Unsupported { definition: String, what: String },
    /// Two items would get the same Rust name.
    DuplicateName { name: String },
    /// Two definitions share an id and neither (or both) has a written id matching its text.
    DuplicateId {
        id: u32,
        first: String,
        second: String,
    },
    /// A vector element type that can encode to zero bytes, so counts could not be bounded.
    ZeroSizedElement { definition: String },
    /// A type with no finite sample value (every constructor needs itself).
    NoSample { ty: String },
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownType { definition, ty } => write!(f, "{definition}: unknown type {ty}"),
            Self::Unsupported { definition, what } => write!(f, "{definition}: unsupported {what}"),
            Self::DuplicateName { name } => write!(f, "two items named {name}"),
            Self::DuplicateId { id, first, second } => {
                write!(f, "{first} and {second} share id {id:08x}")
            }
            Self::ZeroSizedElement { definition } => {
                write!(f, "{definition}: vector element can be zero bytes long")
            }
            Self::NoSample { ty } => write!(f, "type {ty} has no finite value"),
        }
    }
}

impl std::error::Error for CodegenError {}
