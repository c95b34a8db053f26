//! getFileMimeType and getFileExtension: lookups in the MIME table observed from TDLib.

use crate::sync::data::mime::{EXT_TO_MIME, MIME_TO_EXT};

fn lookup(table: &'static [(&'static str, &'static str)], key: &[u8]) -> &'static str {
    let key = key.to_ascii_lowercase();
    table
        .binary_search_by(|(k, _)| k.as_bytes().cmp(&key))
        .ok()
        .and_then(|i| table.get(i))
        .map_or("", |(_, v)| v)
}

/// The MIME type guessed from the extension of the last path component, or "" if unknown.
/// A leading dot (hidden file) is not an extension; ASCII case is ignored.
pub fn file_mime_type(file_name: &[u8]) -> &'static str {
    let name_start = file_name
        .iter()
        .rposition(|&b| b == b'/' || b == b'\\')
        .map_or(0, |i| i + 1);
    let name = file_name.get(name_start..).unwrap_or_default();
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) if dot > 0 => lookup(EXT_TO_MIME, name.get(dot + 1..).unwrap_or_default()),
        _ => "",
    }
}

/// The usual extension of a MIME type (ASCII case ignored), or "" if unknown.
pub fn file_extension(mime_type: &[u8]) -> &'static str {
    lookup(MIME_TO_EXT, mime_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn mime_type_from_the_last_extension() {
        assert_eq!(file_mime_type(b"a.jpg"), "image/jpeg");
        assert_eq!(file_mime_type(b"A.JpG"), "image/jpeg");
        assert_eq!(file_mime_type(b"dir/x.tgs"), "application/x-tgsticker");
        assert_eq!(file_mime_type(b"c:\\x.png"), "image/png");
        assert_eq!(file_mime_type(b"x.jpg/y.mp4"), "video/mp4");
        assert_eq!(file_mime_type(b"..jpg"), "image/jpeg");
    }

    #[test]
    fn no_mime_type_without_a_real_extension() {
        assert_eq!(file_mime_type(b"jpg"), "");
        assert_eq!(file_mime_type(b".jpg"), "");
        assert_eq!(file_mime_type(b"dir/.jpg"), "");
        assert_eq!(file_mime_type(b"a.jpg."), "");
        assert_eq!(file_mime_type(b"a.jpg/"), "");
        assert_eq!(file_mime_type(b"x.tar.gz"), "");
        assert_eq!(file_mime_type(b""), "");
    }

    #[test]
    fn extension_from_mime_type() {
        assert_eq!(file_extension(b"image/jpeg"), "jpg");
        assert_eq!(file_extension(b"IMAGE/JPEG"), "jpg");
        assert_eq!(file_extension(b"audio/ogg"), "oga");
        assert_eq!(file_extension(b"text/vnd.dvb.subtitle"), "sub");
        assert_eq!(file_extension(b"image/jpeg; charset=x"), "");
        assert_eq!(file_extension(b""), "");
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(EXT_TO_MIME.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(MIME_TO_EXT.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
