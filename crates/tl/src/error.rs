//! Why a byte sequence is not a valid TL value.

use std::fmt;

/// A deserialization failure. After one, the [`crate::Reader`] that produced it is spent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The input ended before the value did (a length prefix or count larger than the input
    /// counts as this too).
    UnexpectedEnd,
    /// A constructor id that is not one of the expected type's constructors.
    UnexpectedConstructor {
        id: u32,
        /// The TL type that was expected (`InputPeer`, `Vector`, `Bool`, ...).
        ty: &'static str,
    },
    /// Boxed values nested deeper than [`crate::MAX_DEPTH`].
    TooDeep,
    /// A string whose first byte is 255, which no length encoding uses.
    BadLengthPrefix,
    /// [`crate::Deserialize::from_bytes`] decoded a value but input was left over.
    TrailingBytes(usize),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnexpectedEnd => f.write_str("unexpected end of TL input"),
            Error::UnexpectedConstructor { id, ty } => {
                write!(f, "unexpected constructor {id:#010x} for type {ty}")
            }
            Error::TooDeep => write!(f, "TL values nested deeper than {}", crate::MAX_DEPTH),
            Error::BadLengthPrefix => f.write_str("bad TL string length prefix"),
            Error::TrailingBytes(n) => write!(f, "{n} bytes left after the TL value"),
        }
    }
}

impl std::error::Error for Error {}
