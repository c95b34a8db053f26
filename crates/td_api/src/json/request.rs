//! A whole request: JSON text → a typed function plus its `@extra`, with TDLib's three error
//! levels (not JSON, not an object, not a valid request).

use std::cell::RefCell;

use super::parse::{parse, Kind, Node, SyntaxError};
use super::string::Repaired;
use super::value::{ConvError, Document, TlAbstract, Value};
use super::write::JsonWriter;

/// A parsed request.
#[derive(Debug)]
pub struct Request<F> {
    pub function: F,
    /// `@extra`, re-serialized compactly, to be echoed in the answer.
    pub extra: Option<Box<str>>,
    /// The string fields that were not valid UTF-8 (or held a lone surrogate escape) and
    /// were repaired; functions that check their strings must answer their UTF-8 error.
    pub repaired: Repaired,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The text is not JSON. `@extra` is lost.
    Syntax(SyntaxError),
    /// Valid JSON, but not an object.
    NotObject,
    /// An object that is not a valid request; its `@extra` is kept.
    Convert {
        error: ConvError,
        extra: Option<Box<str>>,
    },
}

impl RequestError {
    pub fn extra(&self) -> Option<&str> {
        match self {
            RequestError::Convert { extra, .. } => extra.as_deref(),
            _ => None,
        }
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Syntax(e) => write!(f, "Failed to parse request as JSON object: {e}"),
            RequestError::NotObject => f.write_str("Expected a JSON object"),
            RequestError::Convert { error, .. } => {
                write!(f, "Failed to parse JSON object as TDLib request: {error}")
            }
        }
    }
}

impl std::error::Error for RequestError {}

thread_local! {
    /// Tapes are reused per thread: parsing a request allocates nothing but the typed result.
    static TAPE: RefCell<Vec<Node>> = const { RefCell::new(Vec::new()) };
}

/// Keeps a reused tape from pinning the memory of one huge request.
const TAPE_KEEP: usize = 1 << 14;

/// Runs `f` on the parsed document of `src`.
pub fn with_document<R>(src: &[u8], f: impl FnOnce(&Document<'_>) -> R) -> Result<R, SyntaxError> {
    TAPE.with(|cell| {
        // A re-entrant call (not expected) gets a fresh tape instead of panicking.
        let mut tape = cell
            .try_borrow_mut()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        let result = parse(src, &mut tape).map(|()| {
            let doc = Document::new(src, &tape);
            f(&doc)
        });
        tape.clear();
        if tape.capacity() <= TAPE_KEEP {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                *slot = tape;
            }
        }
        result
    })
}

/// Parses a request whose `@type` must name a constructor of `F` (the function enum).
pub fn parse_request<F: TlAbstract>(src: &[u8]) -> Result<Request<F>, RequestError> {
    let parsed = with_document(src, |doc| {
        let root = doc.root();
        let Some(obj) = root.object() else {
            return Err(RequestError::NotObject);
        };
        let extra = obj.get("@extra").map(compact);
        let function = obj.tag().and_then(|tag| F::read_tagged(tag, &obj));
        match function {
            Ok(function) => Ok(Request {
                function,
                extra,
                repaired: doc.take_repaired(),
            }),
            Err(error) => Err(RequestError::Convert { error, extra }),
        }
    });
    match parsed {
        Ok(r) => r,
        Err(e) => Err(RequestError::Syntax(e)),
    }
}

/// A value re-serialized without whitespace: numbers keep their exact token, strings are
/// decoded and re-escaped as TDLib writes them.
pub fn compact(v: Value<'_>) -> Box<str> {
    let mut w = JsonWriter::new();
    write_compact(v, &mut w);
    w.into_string().into_boxed_str()
}

pub fn write_compact(v: Value<'_>, w: &mut JsonWriter) {
    match v.kind() {
        Kind::Null => w.null(),
        Kind::Boolean => w.bool(v.as_bool().unwrap_or(false)),
        Kind::Number => w.raw(v.raw()),
        Kind::String => w.string(&v.str()),
        Kind::Array => {
            w.byte(b'[');
            for (i, e) in v.elements().enumerate() {
                if i > 0 {
                    w.byte(b',');
                }
                write_compact(e, w);
            }
            w.byte(b']');
        }
        Kind::Object => {
            w.byte(b'{');
            if let Some(o) = v.object() {
                for (i, (k, value)) in o.members().enumerate() {
                    if i > 0 {
                        w.byte(b',');
                    }
                    w.string(&k.str());
                    w.byte(b':');
                    write_compact(value, w);
                }
            }
            w.byte(b'}');
        }
    }
}
