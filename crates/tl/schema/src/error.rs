//! Parse errors, each with the line it was found on.

use std::fmt;

/// A schema that could not be parsed; `line` is 1-based.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub kind: ParseErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// A character that cannot start any TL token.
    UnexpectedChar(char),
    /// `/*` without its `*/`.
    UnterminatedComment,
    /// The text ended inside a declaration (missing `;`).
    UnexpectedEnd,
    /// A token other than what the grammar allows here.
    Unexpected {
        expected: &'static str,
        found: String,
    },
    /// `name#...` where `...` is not 1 to 8 hex digits.
    BadId(String),
    /// A `---name---` line other than `---functions---` / `---types---`.
    UnknownSection(String),
    /// `x:f.N?T` where `f` is not an earlier `#` field of the same combinator, or N > 31.
    BadCondition(String),
    /// `!X` where `X` is not declared with `{X:Type}`.
    UnknownParam(String),
    /// Two fields of one combinator with the same name.
    DuplicateField(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.kind {
            ParseErrorKind::UnexpectedChar(c) => write!(f, "unexpected character {c:?}"),
            ParseErrorKind::UnterminatedComment => f.write_str("unterminated /* comment"),
            ParseErrorKind::UnexpectedEnd => f.write_str("declaration not terminated by ';'"),
            ParseErrorKind::Unexpected { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ParseErrorKind::BadId(id) => write!(f, "bad constructor id #{id}"),
            ParseErrorKind::UnknownSection(s) => write!(f, "unknown section ---{s}---"),
            ParseErrorKind::BadCondition(c) => write!(f, "bad flag condition {c}"),
            ParseErrorKind::UnknownParam(p) => write!(f, "undeclared type parameter {p}"),
            ParseErrorKind::DuplicateField(n) => write!(f, "duplicate field {n}"),
        }
    }
}

impl std::error::Error for ParseError {}
