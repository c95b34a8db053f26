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
    PreCode {
        language: String,
    },
    BlockQuote,
    ExpandableBlockQuote,
    TextUrl {
        url: String,
    },
    MentionName {
        user_id: i64,
    },
    CustomEmoji {
        custom_emoji_id: i64,
    },
    MediaTimestamp {
        media_timestamp: i32,
    },
    DateTime {
        unix_time: i32,
        formatting: Option<DateTimeFormatting>,
    },
}

/// td_api's `DateTimeFormattingType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateTimeFormatting {
    Relative,
    Absolute {
        time_precision: Precision,
        date_precision: Precision,
        show_day_of_week: bool,
    },
}

/// td_api's `DateTimePartPrecision`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    None,
    Short,
    Long,
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
        Entity {
            offset,
            length,
            kind,
        }
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

impl EntityKind {
    /// Order among entities with the same offset and length, as TDLib sorts them.
    pub(crate) fn priority(&self) -> u8 {
        use EntityKind::*;
        match self {
            BlockQuote | ExpandableBlockQuote => 0,
            PreCode { .. } => 10,
            Pre => 11,
            Code => 20,
            TextUrl { .. } | MentionName { .. } => 49,
            Mention
            | Hashtag
            | Cashtag
            | BotCommand
            | Url
            | EmailAddress
            | PhoneNumber
            | BankCardNumber
            | MediaTimestamp { .. } => 50,
            Bold => 90,
            Italic => 91,
            Underline => 92,
            Strikethrough => 93,
            Spoiler => 94,
            DateTime { .. } => 98,
            CustomEmoji { .. } => 99,
        }
    }

    /// Bold, italic, underline, strikethrough and spoiler may cross other entities.
    pub(crate) fn is_splittable(&self) -> bool {
        matches!(
            self,
            EntityKind::Bold
                | EntityKind::Italic
                | EntityKind::Underline
                | EntityKind::Strikethrough
                | EntityKind::Spoiler
        )
    }
}
