//! Width and height of an uploaded photo, read from its header (PNG, GIF, JPEG, WebP).

/// (width, height, MIME type), or `None` for anything that is not a picture we know.
pub(crate) fn dimensions(bytes: &[u8]) -> Option<(i32, i32, &'static str)> {
    png(bytes)
        .or_else(|| gif(bytes))
        .or_else(|| jpeg(bytes))
        .or_else(|| webp(bytes))
}

fn be16(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from(u16::from_be_bytes([
        *bytes.get(at)?,
        *bytes.get(at + 1)?,
    ])))
}

fn le16(bytes: &[u8], at: usize) -> Option<i32> {
    Some(i32::from(u16::from_le_bytes([
        *bytes.get(at)?,
        *bytes.get(at + 1)?,
    ])))
}

fn le24(bytes: &[u8], at: usize) -> Option<i32> {
    Some(
        i32::from(*bytes.get(at)?)
            | i32::from(*bytes.get(at + 1)?) << 8
            | i32::from(*bytes.get(at + 2)?) << 16,
    )
}

fn png(bytes: &[u8]) -> Option<(i32, i32, &'static str)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    Some((i32::try_from(w).ok()?, i32::try_from(h).ok()?, "image/png"))
}

fn gif(bytes: &[u8]) -> Option<(i32, i32, &'static str)> {
    if !bytes.starts_with(b"GIF87a") && !bytes.starts_with(b"GIF89a") {
        return None;
    }
    Some((le16(bytes, 6)?, le16(bytes, 8)?, "image/gif"))
}

fn jpeg(bytes: &[u8]) -> Option<(i32, i32, &'static str)> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            0xFF => at += 1,
            0x01 | 0xD0..=0xD7 => at += 2,
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let h = be16(bytes, at + 5)?;
                let w = be16(bytes, at + 7)?;
                return Some((w, h, "image/jpeg"));
            }
            _ => at += 2 + usize::try_from(be16(bytes, at + 2)?).ok()?,
        }
    }
}

fn webp(bytes: &[u8]) -> Option<(i32, i32, &'static str)> {
    if bytes.get(0..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let (w, h) = match bytes.get(12..16)? {
        b"VP8X" => (le24(bytes, 24)? + 1, le24(bytes, 27)? + 1),
        b"VP8 " => (le16(bytes, 26)? & 0x3FFF, le16(bytes, 28)? & 0x3FFF),
        b"VP8L" => {
            let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
            (
                (bits & 0x3FFF) as i32 + 1,
                ((bits >> 14) & 0x3FFF) as i32 + 1,
            )
        }
        _ => return None,
    };
    Some((w, h, "image/webp"))
}

#[cfg(test)]
mod tests {
    use super::dimensions;

    #[test]
    fn png_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(dimensions(&png), Some((640, 480, "image/png")));
    }

    #[test]
    fn jpeg_skips_segments_to_the_frame() {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB];
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x02, 0x58]);
        assert_eq!(dimensions(&jpeg), Some((600, 300, "image/jpeg")));
    }

    #[test]
    fn gif_and_garbage() {
        assert_eq!(
            dimensions(b"GIF89a\x10\x00\x20\x00"),
            Some((16, 32, "image/gif"))
        );
        assert_eq!(dimensions(b"not a picture"), None);
        assert_eq!(dimensions(&[0xFF, 0xD8, 0xFF]), None, "truncated JPEG");
        assert_eq!(dimensions(&[]), None);
    }
}
