//! Errors of `parseTextEntities`; `Display` gives TDLib's message after "Can't parse entities: ".

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Any parser error; the text is TDLib's wording, offsets in bytes.
    Entities(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Entities(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ParseError {}
