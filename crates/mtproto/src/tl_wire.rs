//! The few TL binary primitives the core frames by itself (headers, service
//! envelopes, hashes over `bytes` fields). Objects come from the `tl` crate.

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("unexpected end of input at offset {0}")]
    Eof(usize),
    #[error("unexpected constructor {0:#010x}")]
    Constructor(u32),
    #[error("bad length {0}")]
    Length(usize),
}

/// Appends TL `bytes`/`string`: 1-byte length (< 254) or 0xFE + 3-byte LE length,
/// then the data, zero-padded to a multiple of 4.
pub fn write_bytes(out: &mut Vec<u8>, data: &[u8]) {
    let header = if data.len() < 254 {
        out.push(data.len() as u8);
        1
    } else {
        out.push(0xFE);
        let len = data.len() as u32;
        out.extend_from_slice(&len.to_le_bytes()[..3]);
        4
    };
    out.extend_from_slice(data);
    let pad = (4 - (header + data.len()) % 4) % 4;
    out.extend(std::iter::repeat_n(0u8, pad));
}

pub fn write_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn write_i32(out: &mut Vec<u8>, v: i32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn write_i64(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A bounds-checked reader over TL bytes; never panics on hostile input.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.pos.checked_add(n).ok_or(WireError::Eof(self.pos))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or(WireError::Eof(self.pos))?;
        self.pos = end;
        Ok(s)
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    pub fn u32(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn i32(&mut self) -> Result<i32, WireError> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    pub fn i64(&mut self) -> Result<i64, WireError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    pub fn expect(&mut self, constructor: u32) -> Result<(), WireError> {
        let c = self.u32()?;
        if c == constructor {
            Ok(())
        } else {
            Err(WireError::Constructor(c))
        }
    }

    /// TL `bytes`/`string`.
    pub fn bytes(&mut self) -> Result<&'a [u8], WireError> {
        let first = self.take(1)?[0];
        let (len, header) = if first < 254 {
            (first as usize, 1)
        } else if first == 254 {
            let l = self.take(3)?;
            (
                l[0] as usize | (l[1] as usize) << 8 | (l[2] as usize) << 16,
                4,
            )
        } else {
            return Err(WireError::Length(255));
        };
        let data = self.take(len)?;
        let pad = (4 - (header + len) % 4) % 4;
        self.take(pad)?;
        Ok(data)
    }
}
