//! Entity values shared by every function of the crate.

/// What an entity marks; names follow td_api's `textEntityType*` constructors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Mention,
    Hashtag,
    Cashtag,
    BotCommand,
    Url,
    EmailAddress,
    PhoneNumber,
    BankCardNumber,
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    Code,
    Pre,
    PreCode { language: String },
    BlockQuote,
    ExpandableBlockQuote,
    TextUrl { url: String },
    MentionName { user_id: i64 },
    CustomEmoji { custom_emoji_id: i64 },
    MediaTimestamp { media_timestamp: i32 },
    DateTime { unix_time: i32, formatting: Option<DateTimeFormatting> },
}

/// td_api's `DateTimeFormattingType`, kept opaque: TDLib passes it through.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DateTimeFormatting {
    Relative,
    Absolute { time_precision: String, date_precision: String, show_day_of_week: bool },
}

/// One entity; `offset` and `length` count UTF-16 code units.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entity {
    pub offset: i32,
    pub length: i32,
    pub kind: EntityKind,
}

impl Entity {
    pub fn new(offset: i32, length: i32, kind: EntityKind) -> Self {
        Entity { offset, length, kind }
    }
    pub fn end(&self) -> i32 {
        self.offset + self.length
    }
}

/// td_api's `formattedText`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormattedText {
    pub text: String,
    pub entities: Vec<Entity>,
}
