//! Reading TL's binary format from a byte slice without ever trusting a length.

use crate::error::Error;

/// How deep boxed values may nest (a message inside a reply inside a page block ...). Real
/// Telegram objects stay far below this; the bound keeps hostile input off the stack.
pub const MAX_DEPTH: u32 = 64;

/// Id of the boxed `Vector` constructor.
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// Id of `boolTrue`.
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// Id of `boolFalse`.
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
/// Id of `true`, the constructor of the `True` type that `flags.N?true` fields name.
pub const TRUE_ID: u32 = 0x3fed_d339;

/// Names of the ids the runtime itself encodes and decodes, whichever schema is in use:
/// generated `constructor_name` functions fall back to this.
pub fn builtin_name(id: u32) -> Option<&'static str> {
    Some(match id {
        VECTOR_ID => "vector",
        BOOL_TRUE_ID => "boolTrue",
        BOOL_FALSE_ID => "boolFalse",
        TRUE_ID => "true",
        _ => return None,
    })
}

/// A cursor over TL-encoded input.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            depth: 0,
        }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Takes the next `n` bytes.
    pub fn read_raw(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.remaining() {
            return Err(Error::UnexpectedEnd);
        }
        let bytes = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    /// Takes everything left.
    pub fn read_rest(&mut self) -> &'a [u8] {
        let rest = &self.buf[self.pos..];
        self.pos = self.buf.len();
        rest
    }

    fn read_array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.read_raw(N)?);
        Ok(out)
    }

    /// The next constructor id, without consuming it.
    pub fn peek_u32(&self) -> Result<u32, Error> {
        match self.buf.get(self.pos..self.pos + 4) {
            Some(b) => Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            None => Err(Error::UnexpectedEnd),
        }
    }

    pub fn read_u32(&mut self) -> Result<u32, Error> {
        self.read_array().map(u32::from_le_bytes)
    }

    pub fn read_i32(&mut self) -> Result<i32, Error> {
        self.read_array().map(i32::from_le_bytes)
    }

    pub fn read_i64(&mut self) -> Result<i64, Error> {
        self.read_array().map(i64::from_le_bytes)
    }

    pub fn read_f64(&mut self) -> Result<f64, Error> {
        self.read_array().map(f64::from_le_bytes)
    }

    pub fn read_int128(&mut self) -> Result<[u8; 16], Error> {
        self.read_array()
    }

    pub fn read_int256(&mut self) -> Result<[u8; 32], Error> {
        self.read_array()
    }

    /// `bytes` (and `string`): a 1-byte length below 254, or 254 and a 3-byte length; the
    /// whole is padded with zeros to a multiple of 4.
    pub fn read_byte_slice(&mut self) -> Result<&'a [u8], Error> {
        let first = self.read_raw(1)?[0];
        let (len, header) = match first {
            0..=253 => (usize::from(first), 1),
            254 => {
                let b = self.read_raw(3)?;
                (
                    usize::from(b[0]) | usize::from(b[1]) << 8 | usize::from(b[2]) << 16,
                    4,
                )
            }
            255 => return Err(Error::BadLengthPrefix),
        };
        let data = self.read_raw(len)?;
        self.read_raw((4 - (header + len) % 4) % 4)?;
        Ok(data)
    }

    pub fn read_bytes(&mut self) -> Result<Vec<u8>, Error> {
        self.read_byte_slice().map(<[u8]>::to_vec)
    }

    /// A `string`. Invalid UTF-8 is replaced by U+FFFD rather than rejected: one bad
    /// character from a server should not make a whole update unreadable.
    pub fn read_string(&mut self) -> Result<String, Error> {
        let bytes = self.read_byte_slice()?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    /// A boxed `Bool`.
    pub fn read_bool(&mut self) -> Result<bool, Error> {
        match self.read_u32()? {
            BOOL_TRUE_ID => Ok(true),
            BOOL_FALSE_ID => Ok(false),
            id => Err(Error::UnexpectedConstructor { id, ty: "Bool" }),
        }
    }

    /// The header of a vector: the `Vector` id when `boxed`, then the element count, which
    /// is checked against the input left (each element takes at least `min_element_size`
    /// bytes) so that no caller allocates for elements that cannot be there.
    pub fn read_vector_len(
        &mut self,
        boxed: bool,
        min_element_size: usize,
    ) -> Result<usize, Error> {
        if boxed {
            let id = self.read_u32()?;
            if id != VECTOR_ID {
                return Err(Error::UnexpectedConstructor { id, ty: "Vector" });
            }
        }
        let count = self.read_u32()? as usize;
        if count > self.remaining() / min_element_size.max(1) {
            return Err(Error::UnexpectedEnd);
        }
        Ok(count)
    }

    /// Enters one level of boxed-value nesting; pair with [`Reader::leave`].
    pub fn enter(&mut self) -> Result<(), Error> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::TooDeep);
        }
        self.depth += 1;
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// An `Object` field sized by the `bytes:int` before it: `len` bytes taken verbatim. The
/// length must be a non-negative multiple of 4 (every TL object is) within the input.
pub fn sized_object(src: &mut Reader<'_>, len: i32) -> Result<crate::Blob, Error> {
    let len = usize::try_from(len).map_err(|_| Error::BadLengthPrefix)?;
    if len % 4 != 0 {
        return Err(Error::BadLengthPrefix);
    }
    src.read_raw(len).map(|b| crate::Blob(b.to_vec()))
}

/// Capacity to reserve for `count` decoded elements: bounded, so a large but valid count
/// grows the vector as elements actually decode instead of reserving up front.
pub fn vector_capacity(count: usize) -> usize {
    count.min(256)
}

/// Decodes a bare `T` into a box. Generated decoders call this rather than boxing inline
/// so that each match arm keeps only a pointer-sized result on the stack: unoptimized
/// builds give every arm's temporaries their own stack slots.
#[inline(never)]
pub fn boxed<T: crate::Bare>(src: &mut Reader<'_>) -> Result<Box<T>, Error> {
    T::deserialize_bare(src).map(Box::new)
}
