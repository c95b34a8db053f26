//! Top-level domains TDLib 1.8.65 detects URLs under (probed from the library; `xn--` ones are
//! accepted by shape and not listed).

static TLDS: &str = include_str!("data/tlds.txt");

/// ASCII TLDs of up to 8 bytes packed into integers, and the rest as strings, both sorted.
struct Tables {
    short: Vec<u64>,
    long: Vec<&'static str>,
}

fn pack(b: &[u8]) -> u64 {
    b.iter()
        .fold(0u64, |acc, &c| (acc << 8) | c.to_ascii_lowercase() as u64)
}

fn tables() -> &'static Tables {
    static T: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut short = Vec::new();
        let mut long = Vec::new();
        for l in TLDS.lines().filter(|l| !l.is_empty()) {
            if l.is_ascii() && l.len() <= 8 {
                short.push(pack(l.as_bytes()));
            } else {
                long.push(l);
            }
        }
        short.sort_unstable();
        long.sort_unstable();
        Tables { short, long }
    })
}

/// Case-insensitive membership test.
pub(crate) fn is_known_tld(tld: &str) -> bool {
    let t = tables();
    if tld.is_ascii() && tld.len() <= 8 {
        return t.short.binary_search(&pack(tld.as_bytes())).is_ok();
    }
    if tld.len() > 64 {
        return false;
    }
    let lower = tld.to_lowercase();
    t.long.binary_search(&lower.as_str()).is_ok()
}
