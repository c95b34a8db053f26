//! Messages as stored and as a viewer sees them.

use rusqlite::Row;
use serde::{Deserialize, Serialize};

use super::ids::{DcId, MessageBox, Peer, UserId};
use super::{World, WorldResult};

/// A formatting or link span, in UTF-16 code units like Telegram's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub offset: i32,
    pub length: i32,
    pub kind: EntityKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntityKind {
    Unknown,
    Mention,
    Hashtag,
    Cashtag,
    BotCommand,
    Url,
    Email,
    Phone,
    Bold,
    Italic,
    Underline,
    Strike,
    Spoiler,
    Code,
    Pre { language: String },
    TextUrl { url: String },
    MentionName { user_id: UserId },
    Blockquote { collapsed: bool },
    BankCard,
    CustomEmoji { document_id: i64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DocumentAttribute {
    Filename {
        name: String,
    },
    ImageSize {
        w: i32,
        h: i32,
    },
    Animated,
    Video {
        duration: f64,
        w: i32,
        h: i32,
        round: bool,
        supports_streaming: bool,
    },
    Audio {
        voice: bool,
        duration: i32,
        title: Option<String>,
        performer: Option<String>,
    },
    Sticker {
        alt: String,
    },
    HasStickers,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: i64,
    pub access_hash: i64,
    /// Filled in when the message is read; never stored.
    #[serde(skip)]
    pub file_reference: Vec<u8>,
    pub date: i32,
    pub mime_type: String,
    pub size: i64,
    pub dc_id: DcId,
    pub attributes: Vec<DocumentAttribute>,
}

impl Document {
    pub fn file_name(&self) -> Option<&str> {
        self.attributes.iter().find_map(|a| match a {
            DocumentAttribute::Filename { name } => Some(name.as_str()),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoSize {
    /// Telegram's size letter ("x" for the stored original).
    pub kind: String,
    pub w: i32,
    pub h: i32,
    pub size: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Photo {
    pub id: i64,
    pub access_hash: i64,
    #[serde(skip)]
    pub file_reference: Vec<u8>,
    pub date: i32,
    pub dc_id: DcId,
    pub sizes: Vec<PhotoSize>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Media {
    Document(Document),
    Photo(Photo),
}

impl Media {
    pub fn file_id(&self) -> i64 {
        match self {
            Media::Document(d) => d.id,
            Media::Photo(p) => p.id,
        }
    }

    /// Size in bytes of the stored file.
    pub fn size(&self) -> i64 {
        match self {
            Media::Document(d) => d.size,
            Media::Photo(p) => p.sizes.iter().map(|s| i64::from(s.size)).max().unwrap_or(0),
        }
    }

    fn set_file_reference(&mut self, reference: Vec<u8>) {
        match self {
            Media::Document(d) => d.file_reference = reference,
            Media::Photo(p) => p.file_reference = reference,
        }
    }
}

/// Where a forwarded message came from (TL `messageFwdHeader`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardHeader {
    pub from: Option<Peer>,
    pub from_name: Option<String>,
    pub date: i32,
    /// The post's id in its broadcast channel.
    pub channel_post: Option<i32>,
}

/// What a service message reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceAction {
    ChatCreate {
        title: String,
        users: Vec<UserId>,
    },
    ChatEditTitle {
        title: String,
    },
    ChatAddUser {
        users: Vec<UserId>,
    },
    ChatDeleteUser {
        user_id: UserId,
    },
    ChannelCreate {
        title: String,
    },
    /// The message pinned is the service message's `reply_to`.
    PinMessage,
    ChatMigrateTo {
        channel_id: i64,
    },
    ChannelMigrateFrom {
        title: String,
        chat_id: i64,
    },
    ChatJoinedByLink {
        inviter_id: UserId,
    },
}

/// One copy of a message, as the owner of its box sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: i32,
    pub owner: MessageBox,
    /// The dialog it belongs to, from the viewer's side.
    pub peer: Peer,
    /// The sending user; `None` for a broadcast channel's posts.
    pub from_id: Option<UserId>,
    pub out: bool,
    pub date: i32,
    pub text: String,
    pub entities: Vec<Entity>,
    pub media: Option<Media>,
    pub action: Option<ServiceAction>,
    pub reply_to: Option<i32>,
    pub fwd_from: Option<ForwardHeader>,
    pub edit_date: Option<i32>,
    pub silent: bool,
    /// A broadcast channel post.
    pub post: bool,
    pub pinned: bool,
    /// It mentions the viewer (or replies to them), in a group or channel.
    pub mentioned: bool,
    /// The viewer has not read that mention yet.
    pub media_unread: bool,
    /// Links the copies of one message across boxes.
    pub(crate) global_id: i64,
    /// Who wrote a channel message (also a post's author, who `from_id` does not name).
    pub(crate) author: Option<UserId>,
}

impl Message {
    /// Users a client needs to display this message.
    pub fn mentioned_users(&self) -> Vec<UserId> {
        let mut users = Vec::new();
        if let Peer::User(id) = self.peer {
            users.push(id);
        }
        users.extend(self.from_id);
        if let Some(ForwardHeader {
            from: Some(Peer::User(id)),
            ..
        }) = self.fwd_from
        {
            users.push(id);
        }
        match &self.action {
            Some(ServiceAction::ChatCreate { users: added, .. })
            | Some(ServiceAction::ChatAddUser { users: added }) => users.extend(added),
            Some(ServiceAction::ChatDeleteUser { user_id })
            | Some(ServiceAction::ChatJoinedByLink {
                inviter_id: user_id,
            }) => users.push(*user_id),
            _ => {}
        }
        for entity in &self.entities {
            if let EntityKind::MentionName { user_id } = entity.kind {
                users.push(user_id);
            }
        }
        users.sort_unstable();
        users.dedup();
        users
    }

    /// Basic groups and channels a client needs to display this message.
    pub fn mentioned_chats(&self) -> Vec<Peer> {
        let mut chats = Vec::new();
        if !matches!(self.peer, Peer::User(_)) {
            chats.push(self.peer);
        }
        if let Some(ForwardHeader {
            from: Some(from @ Peer::Channel(_)),
            ..
        }) = self.fwd_from
        {
            chats.push(from);
        }
        if let Some(ServiceAction::ChatMigrateTo { channel_id }) = self.action {
            chats.push(Peer::Channel(channel_id));
        }
        if let Some(ServiceAction::ChannelMigrateFrom { chat_id, .. }) = self.action {
            chats.push(Peer::Chat(chat_id));
        }
        chats.dedup();
        chats
    }
}

/// The columns `raw_from_row` reads, in order.
pub(crate) const COLUMNS: &str =
    "box, id, peer_kind, peer_id, from_id, out, date, text, entities, \
     media, action, reply_to, fwd, edit_date, global_id, silent, post, author_id, pinned";

/// A row before its JSON columns are parsed.
pub(crate) struct RawMessage {
    owner: i64,
    id: i32,
    peer_kind: i64,
    peer_id: i64,
    from_id: Option<UserId>,
    out: bool,
    date: i32,
    text: String,
    entities: Option<String>,
    media: Option<String>,
    action: Option<String>,
    reply_to: Option<i32>,
    fwd: Option<String>,
    edit_date: Option<i32>,
    global_id: i64,
    silent: bool,
    post: bool,
    author_id: Option<UserId>,
    pinned: bool,
}

pub(crate) fn raw_from_row(row: &Row) -> rusqlite::Result<RawMessage> {
    Ok(RawMessage {
        owner: row.get(0)?,
        id: row.get(1)?,
        peer_kind: row.get(2)?,
        peer_id: row.get(3)?,
        from_id: row.get(4)?,
        out: row.get(5)?,
        date: row.get(6)?,
        text: row.get(7)?,
        entities: row.get(8)?,
        media: row.get(9)?,
        action: row.get(10)?,
        reply_to: row.get(11)?,
        fwd: row.get(12)?,
        edit_date: row.get(13)?,
        global_id: row.get(14)?,
        silent: row.get(15)?,
        post: row.get(16)?,
        author_id: row.get(17)?,
        pinned: row.get(18)?,
    })
}

fn parse<T: serde::de::DeserializeOwned>(json: Option<String>) -> WorldResult<Option<T>> {
    Ok(match json {
        Some(text) => Some(serde_json::from_str(&text)?),
        None => None,
    })
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> WorldResult<String> {
    Ok(serde_json::to_string(value)?)
}

impl World {
    /// Parses a row into the message `viewer` sees (channel messages are `out` for their
    /// author only, posts included; file references are today's).
    pub(crate) fn finish_message(&self, raw: RawMessage, viewer: UserId) -> WorldResult<Message> {
        let owner = MessageBox::from_key(raw.owner);
        let mut media: Option<Media> = parse(raw.media)?;
        if let Some(media) = media.as_mut() {
            media.set_file_reference(self.file_reference(media.file_id())?);
        }
        let out = match owner {
            MessageBox::User(_) => raw.out,
            MessageBox::Channel(_) => raw.author_id == Some(viewer) && viewer != 0,
        };
        let mention = self.mention_state(viewer, owner, raw.id)?;
        Ok(Message {
            id: raw.id,
            owner,
            peer: Peer::from_columns(raw.peer_kind, raw.peer_id),
            from_id: raw.from_id,
            out,
            date: raw.date,
            text: raw.text,
            entities: parse(raw.entities)?.unwrap_or_default(),
            media,
            action: parse(raw.action)?,
            reply_to: raw.reply_to,
            fwd_from: parse(raw.fwd)?,
            edit_date: raw.edit_date,
            silent: raw.silent,
            post: raw.post,
            pinned: raw.pinned,
            mentioned: mention.is_some(),
            media_unread: mention == Some(true),
            global_id: raw.global_id,
            author: raw.author_id,
        })
    }

    /// Runs a `SELECT {COLUMNS} FROM messages ...` query and finishes every row for `viewer`.
    pub(crate) fn query_messages(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        viewer: UserId,
    ) -> WorldResult<Vec<Message>> {
        let raws: Vec<RawMessage> = {
            let mut stmt = self.db().prepare_cached(sql)?;
            let rows = stmt.query_map(params, raw_from_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        raws.into_iter()
            .map(|raw| self.finish_message(raw, viewer))
            .collect()
    }

    /// One message copy by box and id.
    pub(crate) fn load_message(
        &self,
        owner: MessageBox,
        id: i32,
        viewer: UserId,
    ) -> WorldResult<Option<Message>> {
        let sql = format!("SELECT {COLUMNS} FROM messages WHERE box = ?1 AND id = ?2");
        Ok(self
            .query_messages(&sql, rusqlite::params![owner.key(), id], viewer)?
            .pop())
    }
}
