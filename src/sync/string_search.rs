//! searchStringsByPrefix: every query word must start some word of a string, after folding
//! case and diacritics, with Russian Cyrillic and Latin transliterations of either side.
//!
//! The transliteration rules below reproduce what TDLib 1.8.65 answers (probed exhaustively
//! for words of up to three letters); they are facts about its behaviour, not its code.

use crate::sync::data::chars::{SEARCH_CLASSES, SEARCH_FOLD, SEARCH_STARTS};
use crate::sync::unicode_class::class_of;

/// The only error: some string is not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Strings must be encoded in UTF-8")]
pub struct NotUtf8;

/// The answer of searchStringsByPrefix.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FoundPositions {
    pub total_count: i32,
    pub positions: Vec<i32>,
}

const LETTER: u8 = 0;
const SEPARATOR: u8 = 1;

/// Normalized words of a text: separators split, removed characters vanish, letters fold.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let cp = u32::from(c);
        match class_of(SEARCH_STARTS, SEARCH_CLASSES, cp) {
            LETTER => {
                let folded = SEARCH_FOLD
                    .binary_search_by_key(&cp, |&(from, _)| from)
                    .ok()
                    .and_then(|i| SEARCH_FOLD.get(i))
                    .and_then(|&(_, to)| char::from_u32(to))
                    .unwrap_or(c);
                word.push(folded);
            }
            SEPARATOR if !word.is_empty() => words.push(std::mem::take(&mut word)),
            _ => {}
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Cyrillic letter → Latin, one spelling each (after folding ё→е and й→и).
fn cyrillic_to_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "sch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Cyrillic pairs with their own Latin spelling ("ий" only ever matches as a typed prefix).
const CYRILLIC_PAIRS: [(&str, &str); 3] = [("кс", "x"), ("ия", "ia"), ("ий", "y")];

/// Latin letter → Cyrillic, one letter at a time.
fn latin_letter_to_cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'b' => "б",
        'c' => "к",
        'd' => "д",
        'e' => "е",
        'f' => "ф",
        'g' => "г",
        'h' => "х",
        'i' => "и",
        'k' => "к",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'o' => "о",
        'p' => "п",
        'q' => "к",
        'r' => "р",
        's' => "с",
        't' => "т",
        'u' => "у",
        'v' => "в",
        'w' => "в",
        'x' => "кс",
        'y' => "и",
        'z' => "з",
        _ => return None,
    })
}

/// Latin spellings read greedily (longest first) besides single letters.
const LATIN_CLUSTERS: [(&str, &str); 15] = [
    ("yo", "е"),
    ("jo", "е"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("sch", "щ"),
    ("shch", "щ"),
    ("yu", "ю"),
    ("ju", "ю"),
    ("ya", "я"),
    ("ja", "я"),
    ("ey", "еи"),
    ("iy", "ии"),
];

fn rule_prefix_of(rest: &[char], source: &str) -> bool {
    rest.len() < source.chars().count() && source.chars().zip(rest).all(|(a, &b)| a == b)
}

fn starts_with_at(word: &[char], at: usize, source: &str) -> bool {
    let rest = word.get(at..).unwrap_or_default();
    let len = source.chars().count();
    rest.len() >= len && source.chars().zip(rest).all(|(a, &b)| a == b)
}

/// Latin spellings of a (partly) Cyrillic word: letter by letter, and with the pair rules;
/// a typed prefix may also end inside a pair.
fn latin_letters(word: &[char], forms: &mut Vec<String>) {
    forms.push(
        word.iter()
            .map(|&c| cyrillic_to_latin(c).map_or(c.to_string(), str::to_owned))
            .collect(),
    );
}

fn latin_forms(word: &[char], partial: bool, forms: &mut Vec<String>) {
    forms.push(
        word.iter()
            .map(|&c| cyrillic_to_latin(c).map_or(c.to_string(), str::to_owned))
            .collect(),
    );
    let mut out = String::new();
    let mut i = 0;
    while i < word.len() {
        let rest = word.get(i..).unwrap_or_default();
        if partial {
            for (source, latin) in CYRILLIC_PAIRS {
                if rule_prefix_of(rest, source) {
                    forms.push(format!("{out}{latin}"));
                }
            }
        }
        if let Some((source, latin)) = CYRILLIC_PAIRS
            .iter()
            .find(|(s, _)| starts_with_at(word, i, s))
        {
            out.push_str(latin);
            i += source.chars().count();
        } else if let Some(&c) = word.get(i) {
            out.push_str(cyrillic_to_latin(c).unwrap_or(&c.to_string()));
            i += 1;
        }
    }
    forms.push(out);
}

/// Cyrillic spellings of a (partly) Latin word: letter by letter, and greedily by clusters.
fn cyrillic_forms(word: &[char], partial: bool, forms: &mut Vec<String>) {
    forms.push(
        word.iter()
            .map(|&c| latin_letter_to_cyrillic(c).map_or(c.to_string(), str::to_owned))
            .collect(),
    );
    let mut out = String::new();
    let mut i = 0;
    while i < word.len() {
        let rest = word.get(i..).unwrap_or_default();
        let mut best: Option<(usize, &str)> = word
            .get(i)
            .and_then(|&c| Some((1, latin_letter_to_cyrillic(c)?)));
        for (source, cyrillic) in LATIN_CLUSTERS {
            if partial && rule_prefix_of(rest, source) {
                forms.push(format!("{out}{cyrillic}"));
            }
            let len = source.chars().count();
            if starts_with_at(word, i, source) && best.is_none_or(|(l, _)| len > l) {
                best = Some((len, cyrillic));
            }
        }
        match best {
            Some((len, cyrillic)) => {
                out.push_str(cyrillic);
                i += len;
            }
            None => {
                if let Some(&c) = word.get(i) {
                    out.push(c);
                }
                i += 1;
            }
        }
    }
    forms.push(out);
}

/// Latin words where "yo"/"jo" stand for "e" (Russian ё).
fn yo_forms(word: &[char], partial: bool, forms: &mut Vec<String>) {
    let replace = |w: &[char]| {
        let mut out = String::new();
        let mut i = 0;
        while let Some(&c) = w.get(i) {
            if (c == 'y' || c == 'j') && w.get(i + 1) == Some(&'o') {
                out.push('e');
                i += 2;
            } else {
                out.push(c);
                i += 1;
            }
        }
        out
    };
    let replaced = replace(word);
    if replaced.chars().ne(word.iter().copied()) {
        forms.push(replaced);
    }
    if let (true, Some((&last, head))) = (partial, word.split_last()) {
        if last == 'y' || last == 'j' {
            forms.push(replace(head) + "e");
        }
    }
}

fn transliterations(word: &str, partial: bool) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut forms = Vec::new();
    latin_forms(&chars, partial, &mut forms);
    cyrillic_forms(&chars, partial, &mut forms);
    // "yo"/"jo" for "e" on the Latin letters as typed; a word mixing scripts then gets its
    // Cyrillic letters spelled in Latin ("ъy" finds "e", "dи" is not searched as typed).
    let mut yo = Vec::new();
    yo_forms(&chars, partial, &mut yo);
    if is_mixed_script(word) {
        for form in yo {
            let form: Vec<char> = form.chars().collect();
            latin_letters(&form, &mut forms);
        }
    } else {
        forms.append(&mut yo);
    }
    let mixed = is_mixed_script(word);
    forms.retain(|f| !(f.is_empty() || (mixed && f == word)));
    forms.sort_unstable();
    forms.dedup();
    forms
}

struct IndexedWord {
    word: String,
    forms: Vec<String>,
}

/// A query word matches a string word if one is a prefix of the other's spelling: the query as
/// typed against the word or its transliterations, or a transliterated query against the word.
/// A query word that mixes Latin and Cyrillic letters is only searched by its transliterations.
fn word_matches(query: &str, query_forms: &[String], target: &IndexedWord) -> bool {
    let as_typed = !is_mixed_script(query)
        && (target.word.starts_with(query) || target.forms.iter().any(|f| f.starts_with(query)));
    as_typed
        || query_forms
            .iter()
            .any(|f| target.word.starts_with(f.as_str()))
}

fn is_mixed_script(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_lowercase())
        && word.chars().any(|c| cyrillic_to_latin(c).is_some())
}

/// Searches `strings` for `query` and returns up to `limit` matching positions in order.
pub fn search_strings_by_prefix(
    strings: &[&[u8]],
    query: &[u8],
    limit: i32,
    return_none_for_empty_query: bool,
) -> Result<FoundPositions, NotUtf8> {
    let query = std::str::from_utf8(query).map_err(|_| NotUtf8)?;
    let texts = strings
        .iter()
        .map(|s| std::str::from_utf8(s).map_err(|_| NotUtf8))
        .collect::<Result<Vec<_>, _>>()?;
    let query_words: Vec<(String, Vec<String>)> = words(query)
        .into_iter()
        .map(|w| {
            let forms = transliterations(&w, true);
            (w, forms)
        })
        .collect();
    let mut found = FoundPositions::default();
    // TDLib answers a negative limit with the number of strings and no positions.
    let Ok(limit) = usize::try_from(limit) else {
        found.total_count = i32::try_from(texts.len()).unwrap_or(i32::MAX);
        return Ok(found);
    };
    if query_words.is_empty() && return_none_for_empty_query {
        return Ok(found);
    }
    for (position, text) in texts.iter().enumerate() {
        let matched = query_words.is_empty() || {
            let indexed: Vec<IndexedWord> = words(text)
                .into_iter()
                .map(|w| {
                    let forms = transliterations(&w, false);
                    IndexedWord { word: w, forms }
                })
                .collect();
            query_words
                .iter()
                .all(|(q, forms)| indexed.iter().any(|t| word_matches(q, forms, t)))
        };
        if matched {
            found.total_count = found.total_count.saturating_add(1);
            if found.positions.len() < limit {
                found
                    .positions
                    .push(i32::try_from(position).unwrap_or(i32::MAX));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::{search_strings_by_prefix, FoundPositions, NotUtf8};

    fn search(strings: &[&str], query: &str, limit: i32) -> (i32, Vec<i32>) {
        let bytes: Vec<&[u8]> = strings.iter().map(|s| s.as_bytes()).collect();
        let FoundPositions {
            total_count,
            positions,
        } = search_strings_by_prefix(&bytes, query.as_bytes(), limit, false).expect("utf-8");
        (total_count, positions)
    }

    fn matches(query: &str, string: &str) -> bool {
        search(&[string], query, 1).0 == 1
    }

    const S: [&str; 8] = [
        "Hello World",
        "hello",
        "world hello",
        "HELLO",
        "help me",
        "a-b c_d",
        "foo.bar",
        "",
    ];

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn prefix_words_in_order_with_limit() {
        assert_eq!(search(&S, "hel", 10), (5, vec![0, 1, 2, 3, 4]));
        assert_eq!(search(&S, "world hel", 10), (2, vec![0, 2]));
        assert_eq!(search(&S, "lo", 10), (0, vec![]));
        assert_eq!(search(&S, "d", 10), (1, vec![5]));
        assert_eq!(search(&S, "bar", 10), (1, vec![6]));
        assert_eq!(search(&S, "hel", 2), (5, vec![0, 1]));
        assert_eq!(search(&S, "hel", -1), (8, vec![]));
        assert_eq!(search(&S, "hel", 0), (5, vec![]));
        assert_eq!(search(&S, "  ", 3), (8, vec![0, 1, 2]));
    }

    #[test]
    fn empty_query_can_return_nothing() {
        let found = search_strings_by_prefix(&[b"a"], b" ", 5, true);
        assert_eq!(found, Ok(FoundPositions::default()));
        assert_eq!(
            search_strings_by_prefix(&[b"a\xff"], b"a", 5, false),
            Err(NotUtf8)
        );
    }

    #[test]
    fn folding() {
        assert!(matches("\u{401}\u{43B}", "\u{435}\u{43B}\u{43A}\u{430}"));
        assert!(matches("stra", "STRASSE"));
        assert!(!matches("stra\u{DF}", "STRASSE"));
        assert!(matches("e", "\u{E9}t\u{E9}"));
        assert!(matches("a\u{200B}b", "ab"));
        assert!(!matches("\u{F8}", "o"));
    }

    #[test]
    fn transliteration() {
        assert!(matches(
            "priv",
            "\u{43F}\u{440}\u{438}\u{432}\u{435}\u{442}"
        ));
        assert!(matches("\u{43F}\u{440}\u{438}\u{432}", "privet"));
        assert!(matches("sch", "\u{449}\u{443}\u{43A}\u{430}"));
        assert!(!matches("shuka", "\u{449}\u{443}\u{43A}\u{430}"));
        assert!(matches(
            "obekt",
            "\u{43E}\u{431}\u{44A}\u{435}\u{43A}\u{442}"
        ));
        assert!(matches("x", "\u{43A}\u{441}"));
        assert!(!matches("x", "\u{43A}"));
        assert!(matches("e", "yo"));
        assert!(!matches("yo", "jo"));
        assert!(!matches("c", "k"));
        assert!(!matches("ey", "\u{435}\u{435}"));
        assert!(matches("yy", "\u{438}\u{435}"));
        assert!(!matches("d\u{438}", "d\u{438}"));
        assert!(matches("d\u{438}", "di"));
        assert!(matches("\u{44A}y", "e"));
    }
}
