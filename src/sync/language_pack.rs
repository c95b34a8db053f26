//! getLanguagePackString: a string of a language pack from a language pack database, read
//! as TDLib 1.8.65 reads it (learned by probing the reference library):
//!
//! - The database (an SQLite file at `language_pack_database_path`, created if missing) is
//!   opened once per path string and kept open; a path that can't be opened answers
//!   "Not Found" and is tried again next time.
//! - A localization target gets a table `kv_<target>_0`, a language pack a table
//!   `kv_<target>_<pack>`, both `(k BLOB PRIMARY KEY, v BLOB)`, created the first time they
//!   are asked for. A new pack's table gets `!key_count` if it has none: the number of
//!   strings (keys not starting with `!`) that are not deleted.
//! - A value is `1<text>` (ordinary), `2<zero>\0<one>\0<two>\0<few>\0<many>\0<other>`
//!   (pluralized) or anything else (deleted). An empty or missing one is "Not Found" in a
//!   pack of unknown version, and deleted in a pack whose `!version` (read when the pack is
//!   first asked for) is not -1.
//! - A string found (or found deleted) is remembered for the life of the process; one not
//!   found is looked up again next time.
//!
//! Where TDLib aborts the process (a table it can't read, a stored string that is not UTF-8)
//! we answer an error.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use td_api::json::number::parse_wrapping_i32;

use crate::storage::key_value::{Database, StorageError, Table};

/// Why a language pack string can't be returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LanguagePackError {
    #[error("Localization target is invalid")]
    InvalidTarget,
    #[error("Language pack ID is invalid")]
    InvalidPackId,
    #[error("Key is invalid")]
    InvalidKey,
    #[error("Not Found")]
    NotFound,
    #[error("Language pack string is not encoded in UTF-8")]
    NotUtf8,
}

impl LanguagePackError {
    /// The error code TDLib answers with.
    pub fn code(self) -> i32 {
        match self {
            LanguagePackError::NotFound => 404,
            LanguagePackError::NotUtf8 => 500,
            _ => 400,
        }
    }
}

/// A string of a language pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackString {
    Ordinary(String),
    /// zero, one, two, few, many, other.
    Pluralized(Box<[String; 6]>),
    Deleted,
}

const KEY_COUNT: &[u8] = b"!key_count";
const VERSION: &[u8] = b"!version";

fn valid(s: &[u8], len: std::ops::RangeInclusive<usize>, allowed: impl Fn(u8) -> bool) -> bool {
    len.contains(&s.len()) && s.iter().all(|&b| allowed(b))
}

/// Checks the arguments in TDLib's order and returns them as text (they are ASCII).
fn check<'a>(
    target: &'a [u8],
    pack: &'a [u8],
    key: &[u8],
) -> Result<(&'a str, &'a str), LanguagePackError> {
    if !valid(target, 1..=64, |b| b.is_ascii_alphabetic() || b == b'_') {
        return Err(LanguagePackError::InvalidTarget);
    }
    if !valid(pack, 2..=64, |b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(LanguagePackError::InvalidPackId);
    }
    let key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    if !valid(key, 1..=usize::MAX, key_byte) {
        return Err(LanguagePackError::InvalidKey);
    }
    // Checked ASCII above.
    match (std::str::from_utf8(target), std::str::from_utf8(pack)) {
        (Ok(t), Ok(p)) => Ok((t, p)),
        _ => Err(LanguagePackError::InvalidTarget),
    }
}

/// Decodes a stored value; `None` for an empty one (not a string at all).
pub fn decode(value: &[u8]) -> Result<Option<PackString>, LanguagePackError> {
    let text =
        |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(|_| LanguagePackError::NotUtf8);
    Ok(Some(match value.split_first() {
        None => return Ok(None),
        Some((b'1', rest)) => PackString::Ordinary(text(rest)?),
        Some((b'2', rest)) => {
            let forms: Vec<&[u8]> = rest.split(|&b| b == 0).collect();
            match <[&[u8]; 6]>::try_from(forms) {
                Ok(forms) => {
                    let mut out: [String; 6] = Default::default();
                    for (slot, form) in out.iter_mut().zip(forms) {
                        *slot = text(form)?;
                    }
                    PackString::Pluralized(Box::new(out))
                }
                Err(_) => PackString::Deleted,
            }
        }
        Some(_) => PackString::Deleted,
    }))
}

/// An open language pack database and what has been read from it.
struct LanguageDatabase {
    db: Database,
    /// Targets whose `kv_<target>_0` table has been created.
    targets: HashSet<String>,
    /// (target, pack) → what is known of the pack.
    packs: HashMap<(String, String), Pack>,
}

struct Pack {
    /// The pack has a version: every string it has is in the database.
    complete: bool,
    /// The strings found so far.
    strings: HashMap<Vec<u8>, PackString>,
}

impl LanguageDatabase {
    fn string(
        &mut self,
        target: &str,
        pack: &str,
        key: &[u8],
    ) -> Result<PackString, LanguagePackError> {
        if !self.targets.contains(target) {
            self.db
                .create_table(&format!("kv_{target}_0"))
                .map_err(unusable)?;
            self.targets.insert(target.to_owned());
        }
        let name = format!("kv_{target}_{pack}");
        let id = (target.to_owned(), pack.to_owned());
        let pack = match self.packs.entry(id) {
            Entry::Occupied(pack) => pack.into_mut(),
            Entry::Vacant(slot) => {
                let table = self.db.create_table(&name).map_err(unusable)?;
                slot.insert(load_pack(&table).map_err(unusable)?)
            }
        };
        if let Some(found) = pack.strings.get(key) {
            return Ok(found.clone());
        }
        let table = self.db.table(&name).map_err(unusable)?;
        let value = match decode(&table.get(key).map_err(unusable)?)? {
            Some(value) => value,
            None if pack.complete => PackString::Deleted,
            None => return Err(LanguagePackError::NotFound),
        };
        pack.strings.insert(key.to_vec(), value.clone());
        Ok(value)
    }
}

/// A database that opened but can't be read as a language pack database: TDLib aborts; to
/// the caller it is as good as an empty one.
fn unusable(_: StorageError) -> LanguagePackError {
    LanguagePackError::NotFound
}

/// A pack asked for the first time: its version, and its key count stored if missing.
fn load_pack(table: &Table<'_>) -> Result<Pack, StorageError> {
    let version = table.get(VERSION)?;
    // TDLib's reading of an integer: leading digits, wrapping; nothing stored means -1.
    let version = if version.is_empty() {
        -1
    } else {
        parse_wrapping_i32(&version)
    };
    if table.get(KEY_COUNT)?.is_empty() {
        let count = table.count(b'!', b"12")?;
        table.set(KEY_COUNT, count.to_string().as_bytes())?;
    }
    Ok(Pack {
        complete: version != -1,
        strings: HashMap::new(),
    })
}

/// Open databases by path, for the life of the process.
static DATABASES: Mutex<BTreeMap<Vec<u8>, LanguageDatabase>> = Mutex::new(BTreeMap::new());

/// getLanguagePackString: checks the arguments, then looks the key up in the database.
pub fn language_pack_string(
    database_path: &[u8],
    localization_target: &[u8],
    language_pack_id: &[u8],
    key: &[u8],
) -> Result<PackString, LanguagePackError> {
    let (target, pack) = check(localization_target, language_pack_id, key)?;
    let mut databases = DATABASES.lock().unwrap_or_else(|e| e.into_inner());
    if !databases.contains_key(database_path) {
        let db = Database::open(database_path).map_err(|_| LanguagePackError::NotFound)?;
        let opened = LanguageDatabase {
            db,
            targets: HashSet::new(),
            packs: HashMap::new(),
        };
        databases.insert(database_path.to_vec(), opened);
    }
    match databases.get_mut(database_path) {
        Some(db) => db.string(target, pack, key),
        None => Err(LanguagePackError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, language_pack_string as get, LanguagePackError as E, PackString as S};

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn validates_in_order() {
        assert_eq!(get(b"", b"", b"", b""), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"a-b", b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"a1", b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", &[b'a'; 65], b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"android", b"x", b"k"), Err(E::InvalidPackId));
        assert_eq!(get(b"", b"android", b"a_b", b"k"), Err(E::InvalidPackId));
        assert_eq!(get(b"", b"android", b"en", b""), Err(E::InvalidKey));
        assert_eq!(get(b"", b"android", b"en", b"a b"), Err(E::InvalidKey));
        assert_eq!(E::InvalidKey.code(), 400);
    }

    #[test]
    fn without_a_database_well_formed_requests_are_not_found() {
        assert_eq!(
            get(b"", b"Android_x", b"en-raw", b"Key.a_b-1"),
            Err(E::NotFound)
        );
        assert_eq!(
            get(b"", b"android", b"en", "k".repeat(5000).as_bytes()),
            Err(E::NotFound)
        );
        assert_eq!(
            get(b"/nonexistent-dir-for-tdjson/db", b"android", b"en", b"k"),
            Err(E::NotFound)
        );
        assert_eq!(E::NotFound.code(), 404);
    }

    #[test]
    fn stored_values() {
        let ordinary = |s: &str| Ok(Some(S::Ordinary(s.into())));
        assert_eq!(decode(b""), Ok(None));
        assert_eq!(decode(b"1"), ordinary(""));
        assert_eq!(decode(b"1hello"), ordinary("hello"));
        assert_eq!(decode(b"1a\0b"), ordinary("a\0b"));
        let forms = ["a", "b", "c", "d", "e", "f"].map(String::from);
        assert_eq!(
            decode(b"2a\0b\0c\0d\0e\0f"),
            Ok(Some(S::Pluralized(Box::new(forms))))
        );
        assert_eq!(
            decode(b"2\0\0\0\0\0"),
            Ok(Some(S::Pluralized(Box::default())))
        );
        for deleted in [
            &b"3"[..],
            b"0x",
            b"hello",
            b"2",
            b"2a",
            b"2a\0b\0c\0d\0e",
            b"2a\0b\0c\0d\0e\0f\0",
        ] {
            assert_eq!(decode(deleted), Ok(Some(S::Deleted)), "{deleted:?}");
        }
        assert_eq!(decode(b"1a\xffb"), Err(E::NotUtf8));
        assert_eq!(decode(b"2\xff\0\0\0\0\0"), Err(E::NotUtf8));
        assert_eq!(E::NotUtf8.code(), 500);
    }
}
