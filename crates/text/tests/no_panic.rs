//! Hostile input never panics: seeded random texts built from markup and detector fragments,
//! and random entity lists (bad offsets, surrogate halves, every kind) through every function.

use text::{DateTimeFormatting, Entity, EntityKind, FormattedText, ParseMode, Precision};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ATOMS: &[&str] = &[
    "*",
    "_",
    "__",
    "~",
    "||",
    "|",
    "`",
    "```",
    "```py\n",
    "[",
    "]",
    "(",
    ")",
    "](http://x.com)",
    "](tg://user?id=5)",
    "![",
    "](tg://emoji?id=5)",
    "](tg://time?unix=5&format=wDT)",
    ">",
    "\n",
    "**>",
    "\\",
    "<b>",
    "</b>",
    "<a href=\"",
    "\">",
    "</a>",
    "<pre><code class=\"language-",
    "</code></pre>",
    "<tg-emoji emoji-id=\"",
    "&",
    "&#",
    "&#x",
    ";",
    "&lt;",
    "@",
    "#",
    "$",
    "/",
    ".",
    ":",
    "-",
    "a",
    "Z",
    "1",
    "4242 ",
    "http://",
    "tg://",
    "www.",
    "com",
    "рф",
    "é",
    "😀",
    "\u{301}",
    "\u{200c}",
    "\u{2028}",
    "\u{feff}",
    " ",
    "\"",
    "'",
    "=",
    "?",
    "%",
    "mailto:",
    "xn--",
];

fn random_text(rng: &mut Rng) -> String {
    let n = rng.below(24);
    (0..n).map(|_| ATOMS[rng.below(ATOMS.len())]).collect()
}

fn random_kind(rng: &mut Rng) -> EntityKind {
    match rng.below(23) {
        0 => EntityKind::Mention,
        1 => EntityKind::Hashtag,
        2 => EntityKind::Cashtag,
        3 => EntityKind::BotCommand,
        4 => EntityKind::Url,
        5 => EntityKind::EmailAddress,
        6 => EntityKind::PhoneNumber,
        7 => EntityKind::BankCardNumber,
        8 => EntityKind::Bold,
        9 => EntityKind::Italic,
        10 => EntityKind::Underline,
        11 => EntityKind::Strikethrough,
        12 => EntityKind::Spoiler,
        13 => EntityKind::Code,
        14 => EntityKind::Pre,
        15 => EntityKind::PreCode {
            language: random_text(rng),
        },
        16 => EntityKind::BlockQuote,
        17 => EntityKind::ExpandableBlockQuote,
        18 => EntityKind::TextUrl {
            url: random_text(rng),
        },
        19 => EntityKind::MentionName {
            user_id: rng.next() as i64,
        },
        20 => EntityKind::CustomEmoji {
            custom_emoji_id: rng.next() as i64 % 3,
        },
        21 => EntityKind::MediaTimestamp {
            media_timestamp: rng.next() as i32,
        },
        _ => EntityKind::DateTime {
            unix_time: rng.next() as i32,
            formatting: Some(DateTimeFormatting::Absolute {
                time_precision: Precision::Short,
                date_precision: Precision::Long,
                show_day_of_week: true,
            }),
        },
    }
}

fn random_formatted(rng: &mut Rng) -> FormattedText {
    let text = random_text(rng);
    let len = text.encode_utf16().count() as i32;
    let entities = (0..rng.below(6))
        .map(|_| {
            let mut offset = rng.below(len as usize + 3) as i32 - 1;
            let mut length = rng.below(len as usize + 3) as i32 - 1;
            match rng.below(40) {
                0 => offset = i32::MAX,
                1 => length = i32::MAX,
                2 => offset = i32::MIN,
                _ => {}
            }
            Entity::new(offset, length, random_kind(rng))
        })
        .collect();
    FormattedText { text, entities }
}

#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let t = random_text(&mut rng);
        let _ = text::get_text_entities(&t);
        for mode in [
            ParseMode::Markdown { version: 0 },
            ParseMode::Markdown { version: 2 },
            ParseMode::Html,
        ] {
            if let Ok(f) = text::parse_text_entities(&t, Some(mode)) {
                // What the parsers return is a valid formatted text.
                let mut copy = f.clone();
                assert_eq!(
                    text::fix_formatted_text(&mut copy).map(|_| ()),
                    Ok(()),
                    "{t:?} {mode:?}"
                );
            }
        }
        let f = random_formatted(&mut rng);
        let _ = text::parse_markdown(f.clone());
        let _ = text::get_markdown_text(f.clone());
        let q = random_formatted(&mut rng);
        let _ = text::search_quote(&f, &q, rng.next() as i32);
    }
}

#[test]
fn long_texts_are_handled() {
    let long = "word @durov https://t.me/x #tag 4242424242424242 1:23 ".repeat(4000);
    assert!(text::get_text_entities(&long).len() >= 4000 * 4);
    let md = "*bold* _it_ [l](https://t.me) ".repeat(2000);
    assert_eq!(
        text::parse_markdown_v2(&md).map(|f| f.entities.len()),
        Ok(6000)
    );
    let too_long = "a".repeat(text::MAX_MARKUP_CHARS + 1);
    assert_eq!(
        text::parse_text_entities(&too_long, Some(ParseMode::Html)).map(|_| ()),
        Err(text::ParseError::TooLong)
    );
}
