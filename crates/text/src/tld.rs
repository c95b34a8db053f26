//! Top-level domains TDLib 1.8.65 detects URLs under (probed from the library; `xn--` ones are
//! accepted by shape and not listed).

static TLDS: &str = include_str!("data/tlds.txt");

/// ASCII TLDs of up to 8 bytes packed into integers in an open-addressing hash table, and
/// the rest as sorted strings.
struct Tables {
    short: Vec<u64>,
    long: Vec<&'static str>,
}

const SLOTS_LOG2: u32 = 13;

fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS_LOG2)) as usize
}

fn pack(b: &[u8]) -> u64 {
    b.iter()
        .fold(0u64, |acc, &c| (acc << 8) | c.to_ascii_lowercase() as u64)
}

fn tables() -> &'static Tables {
    static T: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut short = vec![0u64; 1 << SLOTS_LOG2];
        let mut long = Vec::new();
        for l in TLDS.lines().filter(|l| !l.is_empty()) {
            if l.is_ascii() && l.len() <= 8 {
                let key = pack(l.as_bytes());
                let mut i = slot(key);
                while short[i] != 0 && short[i] != key {
                    i = (i + 1) & (short.len() - 1);
                }
                short[i] = key;
            } else {
                long.push(l);
            }
        }
        long.sort_unstable();
        Tables { short, long }
    })
}

/// Case-insensitive membership test.
pub(crate) fn is_known_tld(tld: &str) -> bool {
    let t = tables();
    if tld.is_ascii() && tld.len() <= 8 {
        let key = pack(tld.as_bytes());
        if key == 0 {
            return false;
        }
        let mut i = slot(key);
        loop {
            match t.short[i] {
                0 => return false,
                k if k == key => return true,
                _ => i = (i + 1) & (t.short.len() - 1),
            }
        }
    }
    if tld.len() > 64 {
        return false;
    }
    let lower = tld.to_lowercase();
    t.long.binary_search(&lower.as_str()).is_ok()
}
