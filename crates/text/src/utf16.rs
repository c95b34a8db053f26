//! UTF-8 byte offsets ⇄ UTF-16 code unit offsets.

/// Number of UTF-16 code units in `s`.
pub fn utf16_len(s: &str) -> usize {
    units_of(s.as_bytes())
}

/// UTF-16 length of valid UTF-8 bytes: every non-continuation byte starts a code point, and
/// 4-byte sequences take two units.
pub(crate) fn units_of(bytes: &[u8]) -> usize {
    // Byte-sized partial sums vectorise well; a chunk of 127 bytes cannot overflow them.
    bytes
        .chunks(127)
        .map(|chunk| {
            chunk.iter().fold(0u8, |acc, &b| {
                acc + ((b as i8) >= -0x40) as u8 + (b >= 0xF0) as u8
            }) as usize
        })
        .sum()
}

/// Converts byte offsets to UTF-16 offsets, walking the text once for offsets given in
/// ascending order (callers sort them).
pub(crate) struct Utf16Cursor<'a> {
    bytes: &'a [u8],
    byte_pos: usize,
    unit_pos: usize,
}

impl<'a> Utf16Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Utf16Cursor {
            bytes: text.as_bytes(),
            byte_pos: 0,
            unit_pos: 0,
        }
    }
    /// UTF-16 offset of byte offset `pos`; restarts from zero when asked to go back.
    pub(crate) fn units_at(&mut self, pos: usize) -> usize {
        if pos < self.byte_pos {
            self.byte_pos = 0;
            self.unit_pos = 0;
        }
        let end = pos.min(self.bytes.len());
        self.unit_pos += units_of(&self.bytes[self.byte_pos..end]);
        self.byte_pos = end;
        self.unit_pos
    }
}
