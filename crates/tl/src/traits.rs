//! What generated types implement, and the impls for TL's primitive types.

use crate::error::Error;
use crate::read::Reader;
use crate::write;

/// Appends the boxed TL encoding of a value (with its constructor id, where it has one).
pub trait Serialize {
    fn serialize(&self, out: &mut Vec<u8>);

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.serialize(&mut out);
        out
    }
}

/// Reads the boxed TL encoding of a value.
pub trait Deserialize: Sized {
    fn deserialize(src: &mut Reader<'_>) -> Result<Self, Error>;

    /// Decodes a value that must fill `bytes` exactly.
    fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut src = Reader::new(bytes);
        let value = Self::deserialize(&mut src)?;
        match src.remaining() {
            0 => Ok(value),
            n => Err(Error::TrailingBytes(n)),
        }
    }
}

/// The fields of one constructor or function, without its id: the bare encoding.
pub trait Bare: Sized {
    fn serialize_bare(&self, out: &mut Vec<u8>);
    fn deserialize_bare(src: &mut Reader<'_>) -> Result<Self, Error>;
}

/// A single TL constructor or function.
pub trait Identifiable {
    const CONSTRUCTOR_ID: u32;
    /// The TL name: `auth.sentCode`.
    const NAME: &'static str;
}

/// A function that can be sent to the other side; its answer decodes as `Return`.
pub trait RemoteCall: Serialize {
    type Return: Deserialize;
}

impl<T: Bare + Identifiable> Serialize for T {
    fn serialize(&self, out: &mut Vec<u8>) {
        write::put_u32(out, &T::CONSTRUCTOR_ID);
        self.serialize_bare(out);
    }
}

impl<T: Bare + Identifiable> Deserialize for T {
    fn deserialize(src: &mut Reader<'_>) -> Result<Self, Error> {
        let id = src.read_u32()?;
        if id != T::CONSTRUCTOR_ID {
            return Err(Error::UnexpectedConstructor { id, ty: T::NAME });
        }
        T::deserialize_bare(src)
    }
}

/// An already-serialized value, written as is. As the `query` of a generic function
/// (`invokeWithLayer`, `initConnection`, ...) it lets a caller wrap a call it holds only as
/// bytes; when decoding, it takes all the input that is left (the query is always last).
/// As a [`RemoteCall`] its answer is raw bytes too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blob(pub Vec<u8>);

impl Serialize for Blob {
    fn serialize(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

impl Deserialize for Blob {
    fn deserialize(src: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(Blob(src.read_rest().to_vec()))
    }
}

impl RemoteCall for Blob {
    type Return = Blob;
}

macro_rules! primitive {
    ($ty:ty, $put:ident, $read:ident) => {
        impl Serialize for $ty {
            fn serialize(&self, out: &mut Vec<u8>) {
                write::$put(out, self);
            }
        }
        impl Deserialize for $ty {
            fn deserialize(src: &mut Reader<'_>) -> Result<Self, Error> {
                src.$read()
            }
        }
    };
}

primitive!(i32, put_i32, read_i32);
primitive!(i64, put_i64, read_i64);
primitive!(f64, put_f64, read_f64);
primitive!(bool, put_bool, read_bool);
primitive!(String, put_string, read_string);
primitive!([u8; 16], put_int128, read_int128);
primitive!([u8; 32], put_int256, read_int256);

/// A boxed `Vector<T>`; elements are written as `T` writes itself.
impl<T: Serialize> Serialize for Vec<T> {
    fn serialize(&self, out: &mut Vec<u8>) {
        write::put_vector_header(out, true, self.len());
        for item in self {
            item.serialize(out);
        }
    }
}

impl<T: Deserialize> Deserialize for Vec<T> {
    fn deserialize(src: &mut Reader<'_>) -> Result<Self, Error> {
        // Every element type Vec<T> is used with here takes at least 4 bytes.
        let count = src.read_vector_len(true, 4)?;
        let mut items = Vec::with_capacity(crate::read::vector_capacity(count));
        for _ in 0..count {
            items.push(T::deserialize(src)?);
        }
        Ok(items)
    }
}
