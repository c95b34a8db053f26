//! Top-level domains TDLib 1.8.65 detects URLs under (probed from the library; `xn--` ones are
//! accepted by shape and not listed).

static TLDS: &str = include_str!("data/tlds.txt");

fn list() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| TLDS.lines().filter(|l| !l.is_empty()).collect())
}

/// Case-insensitive membership test.
pub(crate) fn is_known_tld(tld: &str) -> bool {
    if tld.len() > 64 {
        return false;
    }
    let mut buf = [0u8; 64];
    let lower: std::borrow::Cow<str> = if tld.is_ascii() {
        let b = &mut buf[..tld.len()];
        b.copy_from_slice(tld.as_bytes());
        b.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(b).unwrap_or(""))
    } else {
        std::borrow::Cow::Owned(tld.to_lowercase())
    };
    list().binary_search(&lower.as_ref()).is_ok()
}
