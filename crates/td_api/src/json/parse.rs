//! JSON syntax as TDLib reads it: one pass over the bytes that records a flat tape of nodes.
//!
//! TDLib's reader is more lenient than RFC 8259 in a few places that clients rely on (numbers
//! are any run of `0-9 + - . e E`, unknown escapes keep the escaped byte, bytes are not checked
//! for UTF-8), and its error texts are part of its interface. Strings are not decoded here; the
//! tape keeps their raw span so that most of them are copied once, straight into the typed
//! object, when the conversion asks for them.

use memchr::memchr2;

/// Deepest nesting TDLib accepts, counting every value (scalars too) and the top-level one.
pub const MAX_DEPTH: u32 = 101;

/// The JSON value kinds, named as TDLib names them in its conversion errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "Null",
            Kind::Boolean => "Boolean",
            Kind::Number => "Number",
            Kind::String => "String",
            Kind::Array => "Array",
            Kind::Object => "Object",
        }
    }
}

/// One value on the tape. Containers are followed by their children (objects alternate key
/// and value nodes); `next` is the index just past the whole subtree.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    /// Strings: the raw text contains a backslash. Booleans: the value.
    pub flag: bool,
    /// Strings: the raw span between the quotes. Numbers: the token. Containers: unused.
    pub start: u32,
    pub end: u32,
    pub next: u32,
}

/// Why the text is not JSON; the Display texts are TDLib's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    UnexpectedEnd,
    UnexpectedSymbol(u8),
    ExpectedEnd,
    TooDeep,
    ClosingQuoteNotFound,
    OpeningQuoteExpected,
    ColonExpected,
    UnexpectedInObject,
    UnexpectedInArray,
    LiteralExpected(&'static str),
    EscapeTooShort,
    EscapeNotHex,
    TooLong,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyntaxError::UnexpectedEnd => f.write_str("Unexpected string end"),
            // TDLib shows the byte only when it is below DEL; the output escaping takes care
            // of control characters.
            SyntaxError::UnexpectedSymbol(b) if *b < 0x7f => {
                write!(f, "Unexpected symbol '{}'", char::from(*b))
            }
            SyntaxError::UnexpectedSymbol(_) => f.write_str("Unexpected symbol"),
            SyntaxError::ExpectedEnd => f.write_str("Expected string end"),
            SyntaxError::TooDeep => f.write_str("Too big object depth"),
            SyntaxError::ClosingQuoteNotFound => f.write_str("Closing '\"' not found"),
            SyntaxError::OpeningQuoteExpected => f.write_str("Opening '\"' expected"),
            SyntaxError::ColonExpected => f.write_str("':' expected"),
            SyntaxError::UnexpectedInObject => {
                f.write_str("Unexpected symbol while parsing JSON Object")
            }
            SyntaxError::UnexpectedInArray => {
                f.write_str("Unexpected symbol while parsing JSON Array")
            }
            SyntaxError::LiteralExpected(word) => {
                let first = word.chars().next().unwrap_or('?');
                write!(f, "Token starts with '{first}' -- {word} expected")
            }
            SyntaxError::EscapeTooShort => f.write_str("\\u has less than 4 symbols"),
            SyntaxError::EscapeNotHex => f.write_str("Invalid \\u -- not hex digit"),
            SyntaxError::TooLong => f.write_str("Request is too long"),
        }
    }
}

impl std::error::Error for SyntaxError {}

/// Checks that `src` is JSON as TDLib reads it.
pub fn check_syntax(src: &[u8]) -> Result<(), SyntaxError> {
    parse(src, &mut Vec::new())
}

/// Parses `src` into `tape` (cleared first). The root is node 0.
pub(crate) fn parse(src: &[u8], tape: &mut Vec<Node>) -> Result<(), SyntaxError> {
    tape.clear();
    if src.len() >= u32::MAX as usize {
        return Err(SyntaxError::TooLong);
    }
    let mut p = Parser { src, pos: 0, tape };
    p.skip_ws();
    p.value(MAX_DEPTH)?;
    p.skip_ws();
    if p.pos != src.len() {
        return Err(SyntaxError::ExpectedEnd);
    }
    Ok(())
}

struct Parser<'a, 't> {
    src: &'a [u8],
    pos: usize,
    tape: &'t mut Vec<Node>,
}

#[inline]
fn is_number_byte(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.' | b'e' | b'E')
}

impl Parser<'_, '_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn push(&mut self, kind: Kind, flag: bool, start: usize, end: usize) {
        let next = self.tape.len() as u32 + 1;
        self.tape.push(Node {
            kind,
            flag,
            start: start as u32,
            end: end as u32,
            next,
        });
    }

    /// Parses one value at the cursor (whitespace already skipped).
    fn value(&mut self, depth_left: u32) -> Result<(), SyntaxError> {
        // TDLib checks the depth before looking at the input (arrays check for its end first).
        if depth_left == 0 {
            return Err(SyntaxError::TooDeep);
        }
        let Some(b) = self.peek() else {
            return Err(SyntaxError::UnexpectedEnd);
        };
        match b {
            b'"' => {
                self.pos += 1;
                let (start, end, escaped) = self.string_body()?;
                self.push(Kind::String, escaped, start, end);
                Ok(())
            }
            b'{' => self.object(depth_left - 1),
            b'[' => self.array(depth_left - 1),
            b't' => self.literal("true", Kind::Boolean, true),
            b'f' => self.literal("false", Kind::Boolean, false),
            b'n' => self.literal("null", Kind::Null, false),
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let start = self.pos;
                while self.peek().is_some_and(is_number_byte) {
                    self.pos += 1;
                }
                self.push(Kind::Number, false, start, self.pos);
                Ok(())
            }
            other => Err(SyntaxError::UnexpectedSymbol(other)),
        }
    }

    fn literal(&mut self, word: &'static str, kind: Kind, flag: bool) -> Result<(), SyntaxError> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            let start = self.pos;
            self.pos += word.len();
            self.push(kind, flag, start, self.pos);
            Ok(())
        } else {
            Err(SyntaxError::LiteralExpected(word))
        }
    }

    /// After the opening quote: finds the closing one and checks `\u` escapes.
    /// Returns the raw span and whether it holds any escape.
    fn string_body(&mut self) -> Result<(usize, usize, bool), SyntaxError> {
        let start = self.pos;
        let mut escaped = false;
        loop {
            let rest = &self.src[self.pos..];
            let Some(i) = memchr2(b'"', b'\\', rest) else {
                return Err(SyntaxError::ClosingQuoteNotFound);
            };
            self.pos += i;
            if self.src[self.pos] == b'"' {
                let end = self.pos;
                self.pos += 1;
                return Ok((start, end, escaped));
            }
            escaped = true;
            match self.src.get(self.pos + 1) {
                None => return Err(SyntaxError::ClosingQuoteNotFound),
                Some(b'u') => {
                    let digits = &self.src[self.pos + 2..];
                    if digits.len() < 4 {
                        return Err(SyntaxError::EscapeTooShort);
                    }
                    if !digits[..4].iter().all(u8::is_ascii_hexdigit) {
                        return Err(SyntaxError::EscapeNotHex);
                    }
                    self.pos += 6;
                }
                Some(_) => self.pos += 2,
            }
        }
    }

    fn object(&mut self, depth_left: u32) -> Result<(), SyntaxError> {
        self.container(Kind::Object, b'}', SyntaxError::UnexpectedInObject, |p| {
            p.member(depth_left)
        })
    }

    /// `"key": value` inside an object.
    fn member(&mut self, depth_left: u32) -> Result<(), SyntaxError> {
        match self.peek() {
            None => return Err(SyntaxError::UnexpectedEnd),
            Some(b'"') => {}
            Some(_) => return Err(SyntaxError::OpeningQuoteExpected),
        }
        self.pos += 1;
        let (start, end, escaped) = self.string_body()?;
        self.push(Kind::String, escaped, start, end);
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(SyntaxError::ColonExpected);
        }
        self.pos += 1;
        self.skip_ws();
        self.value(depth_left)
    }

    fn array(&mut self, depth_left: u32) -> Result<(), SyntaxError> {
        self.container(Kind::Array, b']', SyntaxError::UnexpectedInArray, |p| {
            if p.peek().is_none() {
                return Err(SyntaxError::UnexpectedEnd);
            }
            p.value(depth_left)
        })
    }

    /// An object or array at the cursor: `element` parses each element; `,` separates
    /// them, `close` ends the container, anything else is `unexpected`.
    fn container(
        &mut self,
        kind: Kind,
        close: u8,
        unexpected: SyntaxError,
        mut element: impl FnMut(&mut Self) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        let at = self.tape.len();
        self.push(kind, false, self.pos, self.pos);
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
        } else {
            loop {
                element(self)?;
                self.skip_ws();
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_ws();
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(SyntaxError::UnexpectedEnd),
                    Some(_) => return Err(unexpected),
                }
            }
        }
        let next = self.tape.len() as u32;
        let node = &mut self.tape[at];
        node.next = next;
        node.end = self.pos as u32;
        Ok(())
    }
}
