//! cleanFileName: keep a safe, short file name.

use crate::sync::data::chars::{FILE_NAME_CLASSES, FILE_NAME_STARTS};
use crate::sync::unicode_class::class_of;

const MAX_STEM_CHARS: usize = 64;
const MAX_EXTENSION_CHARS: usize = 16;

const KEEP: u8 = 0;
const SPACE: u8 = 1;

/// Replaces unsafe characters in each part (stem, extension) by spaces or drops them, trims
/// spaces and dots, and limits the stem to 64 and the extension to 16 characters.
/// Returns "" for text that is not UTF-8.
pub fn clean_file_name(file_name: &[u8]) -> String {
    let Ok(file_name) = std::str::from_utf8(file_name) else {
        return String::new();
    };
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    // A dot that starts the name begins no extension (".hidden" is all stem).
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => (
            name.get(..dot).unwrap_or_default(),
            name.get(dot + 1..).unwrap_or_default(),
        ),
        _ => (name, ""),
    };
    let stem = clean_part(stem, MAX_STEM_CHARS);
    let extension = clean_part(extension, MAX_EXTENSION_CHARS);
    match (stem.is_empty(), extension.is_empty()) {
        (_, true) => stem,
        (true, false) => extension,
        (false, false) => format!("{stem}.{extension}"),
    }
}

fn clean_part(part: &str, max_chars: usize) -> String {
    let cleaned: String = part
        .chars()
        .filter_map(
            |c| match class_of(FILE_NAME_STARTS, FILE_NAME_CLASSES, u32::from(c)) {
                KEEP => Some(c),
                SPACE => Some(' '),
                _ => None,
            },
        )
        .collect();
    let limited: String = trim(&cleaned).chars().take(max_chars).collect();
    trim(&limited).to_owned()
}

fn trim(s: &str) -> &str {
    s.trim_matches([' ', '.'])
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    fn clean(s: &str) -> String {
        clean_file_name(s.as_bytes())
    }

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn keeps_the_last_path_component() {
        assert_eq!(clean("/x/y/z.txt"), "z.txt");
        assert_eq!(clean("C:\\dir\\f.txt"), "f.txt");
        assert_eq!(clean("dir/"), "");
    }

    #[test]
    fn replaces_or_drops_unsafe_characters() {
        assert_eq!(clean("a*b?c\"d<e>f|g.txt"), "a b c d e f g.txt");
        assert_eq!(clean("a%b&c#d$e@f!g.txt"), "a%b c#d$e@f!g.txt");
        assert_eq!(clean("a\u{1F600}b.txt"), "a b.txt");
        assert_eq!(clean("a\u{200B}b"), "ab");
        assert_eq!(clean("e\u{301}"), "e");
        assert_eq!(clean("\u{1F600}.txt"), "txt");
        assert_eq!(
            clean("\u{43F}\u{440}\u{438} \u{65E5}.txt"),
            "\u{43F}\u{440}\u{438} \u{65E5}.txt"
        );
    }

    #[test]
    fn trims_dots_and_spaces_around_each_part() {
        assert_eq!(clean("..a.txt"), "a.txt");
        assert_eq!(clean("a.txt.."), "a.txt");
        assert_eq!(clean("a . . b"), "a.b");
        assert_eq!(clean(".hidden"), "hidden");
        assert_eq!(clean("..."), "");
        assert_eq!(clean(&format!(".{}", "b".repeat(30))), "b".repeat(30));
        assert_eq!(clean(&format!("..{}", "a".repeat(70))), "a".repeat(16));
    }

    #[test]
    fn limits_lengths_in_characters() {
        assert_eq!(clean(&"\u{44F}".repeat(100)), "\u{44F}".repeat(64));
        assert_eq!(
            clean(&format!("b.{}", "c".repeat(300))),
            format!("b.{}", "c".repeat(16))
        );
        assert_eq!(clean(&format!("  {}", "a".repeat(70))), "a".repeat(64));
        assert_eq!(
            clean(&format!("{} {}", "a".repeat(63), "b".repeat(10))),
            "a".repeat(63)
        );
    }

    #[test]
    fn invalid_utf8_gives_empty() {
        assert_eq!(clean_file_name(b"a\xff.txt"), "");
    }
}
