//! Typed reading of a parsed JSON tape, with TDLib's conversion rules and error texts.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;

use super::base64::{self, Base64Error};
use super::number::{parse_double, parse_strict_i32, parse_strict_i64, parse_wrapping_i32};
use super::parse::{Kind, Node};
use super::string::{decode, Decoded, Repaired};
use super::write::JsonWriter;

/// Why a JSON value does not convert to the requested td_api value; Display gives TDLib's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConvError {
    /// `Expected <what>, but receive <kind>`.
    Expected {
        what: &'static str,
        got: Kind,
    },
    NotInteger(String),
    NoType,
    UnknownClass(String),
    UnknownConstructor(i32),
    Base64(Base64Error),
}

impl std::fmt::Display for ConvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConvError::Expected { what, got } => {
                write!(f, "Expected {what}, but receive {}", got.name())
            }
            ConvError::NotInteger(s) => write!(f, "Can't parse as an integer string \"{s}\""),
            ConvError::NoType => f.write_str("Can't find field \"@type\""),
            ConvError::UnknownClass(name) => write!(f, "Unknown class \"{name}\""),
            ConvError::UnknownConstructor(id) => {
                write!(f, "Unknown constructor 0x{:08x}", *id as u32)
            }
            ConvError::Base64(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ConvError {}

/// A parsed JSON text. Remembers whether any string it handed out had to be repaired
/// because it was not UTF-8, and which string fields ([`Repaired`]).
pub struct Document<'a> {
    src: &'a [u8],
    nodes: &'a [Node],
    invalid_utf8: Cell<bool>,
    repaired: RefCell<Repaired>,
}

impl<'a> Document<'a> {
    pub(crate) fn new(src: &'a [u8], nodes: &'a [Node]) -> Self {
        Self {
            src,
            nodes,
            invalid_utf8: Cell::new(false),
            repaired: RefCell::new(Repaired::default()),
        }
    }

    pub fn root(&self) -> Value<'_> {
        Value { doc: self, idx: 0 }
    }

    pub fn saw_invalid_utf8(&self) -> bool {
        self.invalid_utf8.get()
    }

    /// The string fields read so far (with [`Str`]) that were not UTF-8.
    pub fn take_repaired(&self) -> Repaired {
        self.repaired.take()
    }
}

/// One value in a [`Document`].
#[derive(Clone, Copy)]
pub struct Value<'d> {
    doc: &'d Document<'d>,
    idx: u32,
}

impl<'d> Value<'d> {
    #[inline]
    fn node(&self) -> Node {
        self.doc.nodes[self.idx as usize]
    }

    #[inline]
    pub fn kind(&self) -> Kind {
        self.node().kind
    }

    /// The raw text of a string (between the quotes, escapes undecoded) or of a number token.
    #[inline]
    pub fn raw(&self) -> &'d [u8] {
        let n = self.node();
        &self.doc.src[n.start as usize..n.end as usize]
    }

    /// Whether any string read from this value's document so far was repaired.
    pub fn saw_invalid_utf8(&self) -> bool {
        self.doc.saw_invalid_utf8()
    }

    pub fn as_bool(&self) -> Option<bool> {
        let n = self.node();
        (n.kind == Kind::Boolean).then_some(n.flag)
    }

    /// The decoded text of a string value. Invalid UTF-8 and lone surrogates become U+FFFD
    /// and mark the document.
    pub fn str(&self) -> Cow<'d, str> {
        match decode(self.raw(), self.node().flag) {
            Decoded::Valid(text) => text,
            Decoded::Invalid { text, .. } => {
                self.doc.invalid_utf8.set(true);
                Cow::Owned(text)
            }
        }
    }

    /// The decoded bytes of a string value as the text held them, UTF-8 or not (lone
    /// surrogate escapes as their 3-byte encoding).
    pub fn string_bytes(&self) -> Cow<'d, [u8]> {
        match decode(self.raw(), self.node().flag) {
            Decoded::Valid(Cow::Borrowed(text)) => Cow::Borrowed(text.as_bytes()),
            Decoded::Valid(Cow::Owned(text)) => Cow::Owned(text.into_bytes()),
            Decoded::Invalid { original, .. } => Cow::Owned(original),
        }
    }

    /// The decoded text of a string value that becomes a td_api string field: as
    /// [`Self::str`], and a repaired one is recorded with its original bytes.
    fn string_field(&self) -> String {
        match decode(self.raw(), self.node().flag) {
            Decoded::Valid(text) => text.into_owned(),
            Decoded::Invalid { text, original } => {
                self.doc.invalid_utf8.set(true);
                // Recorded by the address of the String returned, which moves without
                // reallocating into the typed request.
                if let Ok(mut repaired) = self.doc.repaired.try_borrow_mut() {
                    repaired.record(&text, original);
                }
                text
            }
        }
    }

    pub fn object(&self) -> Option<Obj<'d>> {
        (self.kind() == Kind::Object).then_some(Obj {
            doc: self.doc,
            idx: self.idx,
        })
    }

    /// Elements of an array (nothing for other kinds).
    pub fn elements(&self) -> Elements<'d> {
        let n = self.node();
        let (first, end) = if n.kind == Kind::Array {
            (self.idx + 1, n.next)
        } else {
            (0, 0)
        };
        Elements {
            doc: self.doc,
            next: first,
            end,
        }
    }

    /// Number of elements of an array (0 for other kinds).
    pub fn len(&self) -> usize {
        self.elements().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn expected(&self, what: &'static str) -> ConvError {
        ConvError::Expected {
            what,
            got: self.kind(),
        }
    }
}

pub struct Elements<'d> {
    doc: &'d Document<'d>,
    next: u32,
    end: u32,
}

impl<'d> Iterator for Elements<'d> {
    type Item = Value<'d>;

    fn next(&mut self) -> Option<Value<'d>> {
        if self.next >= self.end {
            return None;
        }
        let v = Value {
            doc: self.doc,
            idx: self.next,
        };
        self.next = v.node().next;
        Some(v)
    }
}

/// A JSON object: its fields are looked up by name, the first occurrence winning.
#[derive(Clone, Copy)]
pub struct Obj<'d> {
    doc: &'d Document<'d>,
    idx: u32,
}

/// What an object's `@type` names.
#[derive(Clone, Debug)]
pub enum Tag<'a> {
    Name(Cow<'a, str>),
    Id(i32),
}

impl<'d> Obj<'d> {
    /// Members in order: (key, value).
    pub fn members(&self) -> Members<'d> {
        let n = self.doc.nodes[self.idx as usize];
        Members {
            doc: self.doc,
            next: self.idx + 1,
            end: n.next,
        }
    }

    pub fn get(&self, key: &str) -> Option<Value<'d>> {
        self.members().find(|(k, _)| k.is_key(key)).map(|(_, v)| v)
    }

    /// A field converted by codec `C`; missing or `null` gives the default.
    #[inline]
    pub fn field<C: Codec>(&self, key: &str) -> Result<C::Value, ConvError> {
        match self.get(key) {
            Some(v) => C::read(v),
            None => Ok(C::Value::default()),
        }
    }

    /// The `@type` of an object of an abstract class.
    pub fn tag(&self) -> Result<Tag<'d>, ConvError> {
        let v = self.get("@type").ok_or(ConvError::NoType)?;
        match v.kind() {
            Kind::String => Ok(Tag::Name(v.str())),
            Kind::Number => Ok(Tag::Id(parse_wrapping_i32(v.raw()))),
            _ => Err(v.expected("String or Integer")),
        }
    }
}

pub struct Members<'d> {
    doc: &'d Document<'d>,
    next: u32,
    end: u32,
}

impl<'d> Iterator for Members<'d> {
    type Item = (Key<'d>, Value<'d>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let key = Value {
            doc: self.doc,
            idx: self.next,
        };
        let value = Value {
            doc: self.doc,
            idx: self.next + 1,
        };
        self.next = value.node().next;
        Some((Key(key), value))
    }
}

/// An object key.
#[derive(Clone, Copy)]
pub struct Key<'d>(Value<'d>);

impl<'d> Key<'d> {
    #[inline]
    pub fn is_key(&self, name: &str) -> bool {
        let n = self.0.node();
        if n.flag {
            match decode(self.0.raw(), true) {
                Decoded::Valid(text) => text == name,
                Decoded::Invalid { .. } => false,
            }
        } else {
            self.0.raw() == name.as_bytes()
        }
    }

    pub fn str(&self) -> Cow<'d, str> {
        self.0.str()
    }
}

// ------------------------------------------------------------------------------------------
// Codecs: how each TL field type is read and written. Generated code names the codec of
// every field, e.g. `o.field::<Vector<Int64>>("chat_ids")`.

pub trait Codec {
    type Value: Default;
    fn read(v: Value<'_>) -> Result<Self::Value, ConvError>;
    fn write(value: &Self::Value, w: &mut JsonWriter);
    /// Null objects are left out of the output altogether.
    #[inline]
    fn is_absent(_value: &Self::Value) -> bool {
        false
    }
}

/// A concrete td_api class.
pub trait TlObject: Sized + Default {
    /// The constructor name, as in `@type`.
    const NAME: &'static str;
    /// The constructor id (CRC32 of its TL declaration).
    const ID: i32;
    fn read_fields(o: &Obj<'_>) -> Result<Self, ConvError>;
    /// Writes `,"field":value` for each field.
    fn write_fields(&self, w: &mut JsonWriter);
}

/// An abstract td_api class: an enum with one variant per constructor.
pub trait TlAbstract: Sized {
    const NAME: &'static str;
    fn read_tagged(tag: Tag<'_>, o: &Obj<'_>) -> Result<Self, ConvError>;
    fn write_json(&self, w: &mut JsonWriter);
    fn constructor_name(&self) -> &'static str;
    fn constructor_id(&self) -> i32;
}

/// Anything that serializes as one td_api object (concrete classes and abstract enums).
pub trait TlWrite {
    fn write_json(&self, w: &mut JsonWriter);

    fn to_json(&self) -> String {
        let mut w = JsonWriter::new();
        self.write_json(&mut w);
        w.into_string()
    }
}

#[inline]
pub fn write_object<T: TlObject>(value: &T, w: &mut JsonWriter) {
    w.begin_object(T::NAME);
    value.write_fields(w);
    w.end_object();
}

pub fn read_object<T: TlObject>(v: Value<'_>) -> Result<T, ConvError> {
    match v.object() {
        Some(o) => T::read_fields(&o),
        None => Err(v.expected("Object")),
    }
}

pub fn read_abstract<E: TlAbstract>(v: Value<'_>) -> Result<E, ConvError> {
    match v.object() {
        Some(o) => E::read_tagged(o.tag()?, &o),
        None => Err(v.expected("Object")),
    }
}

/// A td_api function: its answer is a `Result` object (or an `error`).
pub trait TdFunction: TlObject {
    type Result: TlWrite;
}

/// Reads one constructor of an enum from an object's fields.
pub type Reader<E> = for<'a, 'b> fn(&'a Obj<'b>) -> Result<E, ConvError>;

/// A hash of a constructor name, 8 bytes at a time (the generator uses the same function).
#[inline]
pub fn name_hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    (h ^ u64::from_le_bytes(tail)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Finds the constructor a `@type` names, in tables sorted by name hash and by id.
pub fn lookup<E>(
    tag: Tag<'_>,
    o: &Obj<'_>,
    by_name: &[(u64, &str, Reader<E>)],
    by_id: &[(i32, Reader<E>)],
) -> Result<E, ConvError> {
    let reader = match tag {
        Tag::Name(name) => {
            let h = name_hash(&name);
            match by_name.binary_search_by_key(&h, |(k, _, _)| *k) {
                Ok(i) if by_name[i].1 == name => by_name[i].2,
                _ => return Err(ConvError::UnknownClass(name.into_owned())),
            }
        }
        Tag::Id(id) => match by_id.binary_search_by_key(&id, |(i, _)| *i) {
            Ok(i) => by_id[i].1,
            Err(_) => return Err(ConvError::UnknownConstructor(id)),
        },
    };
    reader(o)
}

pub struct Bool;
pub struct Int32;
pub struct Int53;
pub struct Int64;
pub struct Double;
pub struct Str;
pub struct Bytes;
pub struct Vector<C>(PhantomData<C>);
/// A single concrete object field: `Option<Box<T>>`.
pub struct Boxed<T>(PhantomData<T>);
/// A concrete object as a vector element: `Option<T>`.
pub struct Inline<T>(PhantomData<T>);
/// An abstract object: `Option<E>`.
pub struct Poly<E>(PhantomData<E>);

impl Codec for Bool {
    type Value = bool;
    fn read(v: Value<'_>) -> Result<bool, ConvError> {
        match v.kind() {
            Kind::Boolean => Ok(v.as_bool().unwrap_or(false)),
            Kind::Null => Ok(false),
            Kind::Number => parse_strict_i32(v.raw())
                .map(|n| n != 0)
                .ok_or_else(|| v.expected("Boolean")),
            Kind::String => parse_strict_i32(v.str().as_bytes())
                .map(|n| n != 0)
                .ok_or_else(|| v.expected("Boolean")),
            _ => Err(v.expected("Boolean")),
        }
    }
    #[inline]
    fn write(value: &bool, w: &mut JsonWriter) {
        w.bool(*value);
    }
}

fn read_integer<T>(
    v: Value<'_>,
    what: &'static str,
    parse: fn(&[u8]) -> Option<T>,
) -> Result<T, ConvError>
where
    T: Default,
{
    match v.kind() {
        Kind::Null => Ok(T::default()),
        Kind::Number => parse(v.raw())
            .ok_or_else(|| ConvError::NotInteger(String::from_utf8_lossy(v.raw()).into_owned())),
        Kind::String => {
            let s = v.str();
            parse(s.as_bytes()).ok_or_else(|| ConvError::NotInteger(s.into_owned()))
        }
        _ => Err(v.expected(what)),
    }
}

impl Codec for Int32 {
    type Value = i32;
    fn read(v: Value<'_>) -> Result<i32, ConvError> {
        read_integer(v, "Number", parse_strict_i32)
    }
    #[inline]
    fn write(value: &i32, w: &mut JsonWriter) {
        w.int32(*value);
    }
}

impl Codec for Int53 {
    type Value = i64;
    fn read(v: Value<'_>) -> Result<i64, ConvError> {
        read_integer(v, "String or Number", parse_strict_i64)
    }
    #[inline]
    fn write(value: &i64, w: &mut JsonWriter) {
        w.int53(*value);
    }
}

impl Codec for Int64 {
    type Value = i64;
    fn read(v: Value<'_>) -> Result<i64, ConvError> {
        read_integer(v, "String or Number", parse_strict_i64)
    }
    #[inline]
    fn write(value: &i64, w: &mut JsonWriter) {
        w.int64(*value);
    }
}

impl Codec for Double {
    type Value = f64;
    fn read(v: Value<'_>) -> Result<f64, ConvError> {
        match v.kind() {
            Kind::Null => Ok(0.0),
            Kind::Number => Ok(parse_double(v.raw())),
            _ => Err(v.expected("Number")),
        }
    }
    #[inline]
    fn write(value: &f64, w: &mut JsonWriter) {
        w.double(*value);
    }
}

impl Codec for Str {
    type Value = String;
    fn read(v: Value<'_>) -> Result<String, ConvError> {
        match v.kind() {
            Kind::Null => Ok(String::new()),
            Kind::String => Ok(v.string_field()),
            _ => Err(v.expected("String")),
        }
    }
    #[inline]
    fn write(value: &String, w: &mut JsonWriter) {
        w.string(value);
    }
}

impl Codec for Bytes {
    type Value = Vec<u8>;
    fn read(v: Value<'_>) -> Result<Vec<u8>, ConvError> {
        match v.kind() {
            Kind::Null => Ok(Vec::new()),
            Kind::String => base64::decode(v.str().as_bytes()).map_err(ConvError::Base64),
            _ => Err(v.expected("String")),
        }
    }
    #[inline]
    fn write(value: &Vec<u8>, w: &mut JsonWriter) {
        w.bytes(value);
    }
}

impl<C: Codec> Codec for Vector<C> {
    type Value = Vec<C::Value>;
    fn read(v: Value<'_>) -> Result<Self::Value, ConvError> {
        match v.kind() {
            Kind::Null => Ok(Vec::new()),
            Kind::Array => {
                let mut out = Vec::with_capacity(v.len());
                for e in v.elements() {
                    out.push(C::read(e)?);
                }
                Ok(out)
            }
            _ => Err(v.expected("Array")),
        }
    }
    fn write(value: &Self::Value, w: &mut JsonWriter) {
        w.byte(b'[');
        for (i, e) in value.iter().enumerate() {
            if i > 0 {
                w.byte(b',');
            }
            if C::is_absent(e) {
                w.null();
            } else {
                C::write(e, w);
            }
        }
        w.byte(b']');
    }
}

impl<T: TlObject> Codec for Boxed<T> {
    type Value = Option<Box<T>>;
    fn read(v: Value<'_>) -> Result<Self::Value, ConvError> {
        if v.kind() == Kind::Null {
            return Ok(None);
        }
        read_object(v).map(|t| Some(Box::new(t)))
    }
    #[inline]
    fn write(value: &Self::Value, w: &mut JsonWriter) {
        match value {
            Some(t) => write_object(&**t, w),
            None => w.null(),
        }
    }
    #[inline]
    fn is_absent(value: &Self::Value) -> bool {
        value.is_none()
    }
}

impl<T: TlObject> Codec for Inline<T> {
    type Value = Option<T>;
    fn read(v: Value<'_>) -> Result<Self::Value, ConvError> {
        if v.kind() == Kind::Null {
            return Ok(None);
        }
        read_object(v).map(Some)
    }
    #[inline]
    fn write(value: &Self::Value, w: &mut JsonWriter) {
        match value {
            Some(t) => write_object(t, w),
            None => w.null(),
        }
    }
    #[inline]
    fn is_absent(value: &Self::Value) -> bool {
        value.is_none()
    }
}

impl<E: TlAbstract> Codec for Poly<E> {
    type Value = Option<E>;
    fn read(v: Value<'_>) -> Result<Self::Value, ConvError> {
        if v.kind() == Kind::Null {
            return Ok(None);
        }
        read_abstract(v).map(Some)
    }
    #[inline]
    fn write(value: &Self::Value, w: &mut JsonWriter) {
        match value {
            Some(e) => e.write_json(w),
            None => w.null(),
        }
    }
    #[inline]
    fn is_absent(value: &Self::Value) -> bool {
        value.is_none()
    }
}
