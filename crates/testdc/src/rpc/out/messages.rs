//! Messages, their media, entities and headers as TL.

use tl::api::{enums, types};

use crate::world::{
    Document, DocumentAttribute, Entity, EntityKind, ForwardHeader, Media, Message, Peer, Photo,
    ServiceAction,
};

pub fn peer(peer: Peer) -> enums::Peer {
    match peer {
        Peer::User(user_id) => enums::Peer::User(Box::new(types::PeerUser { user_id })),
        Peer::Chat(chat_id) => enums::Peer::Chat(Box::new(types::PeerChat { chat_id })),
        Peer::Channel(channel_id) => {
            enums::Peer::Channel(Box::new(types::PeerChannel { channel_id }))
        }
    }
}

pub fn entity(e: &Entity) -> enums::MessageEntity {
    let (offset, length) = (e.offset, e.length);
    use enums::MessageEntity as M;
    match &e.kind {
        EntityKind::Unknown => M::Unknown(Box::new(types::MessageEntityUnknown { offset, length })),
        EntityKind::Mention => M::Mention(Box::new(types::MessageEntityMention { offset, length })),
        EntityKind::Hashtag => M::Hashtag(Box::new(types::MessageEntityHashtag { offset, length })),
        EntityKind::Cashtag => M::Cashtag(Box::new(types::MessageEntityCashtag { offset, length })),
        EntityKind::BotCommand => {
            M::BotCommand(Box::new(types::MessageEntityBotCommand { offset, length }))
        }
        EntityKind::Url => M::Url(Box::new(types::MessageEntityUrl { offset, length })),
        EntityKind::Email => M::Email(Box::new(types::MessageEntityEmail { offset, length })),
        EntityKind::Phone => M::Phone(Box::new(types::MessageEntityPhone { offset, length })),
        EntityKind::Bold => M::Bold(Box::new(types::MessageEntityBold { offset, length })),
        EntityKind::Italic => M::Italic(Box::new(types::MessageEntityItalic { offset, length })),
        EntityKind::Underline => {
            M::Underline(Box::new(types::MessageEntityUnderline { offset, length }))
        }
        EntityKind::Strike => M::Strike(Box::new(types::MessageEntityStrike { offset, length })),
        EntityKind::Spoiler => M::Spoiler(Box::new(types::MessageEntitySpoiler { offset, length })),
        EntityKind::Code => M::Code(Box::new(types::MessageEntityCode { offset, length })),
        EntityKind::BankCard => {
            M::BankCard(Box::new(types::MessageEntityBankCard { offset, length }))
        }
        EntityKind::Pre { language } => M::Pre(Box::new(types::MessageEntityPre {
            offset,
            length,
            language: language.clone(),
        })),
        EntityKind::TextUrl { url } => M::TextUrl(Box::new(types::MessageEntityTextUrl {
            offset,
            length,
            url: url.clone(),
        })),
        EntityKind::MentionName { user_id } => {
            M::MentionName(Box::new(types::MessageEntityMentionName {
                offset,
                length,
                user_id: *user_id,
            }))
        }
        EntityKind::Blockquote { collapsed } => {
            M::Blockquote(Box::new(types::MessageEntityBlockquote {
                collapsed: *collapsed,
                offset,
                length,
            }))
        }
        EntityKind::CustomEmoji { document_id } => {
            M::CustomEmoji(Box::new(types::MessageEntityCustomEmoji {
                offset,
                length,
                document_id: *document_id,
            }))
        }
    }
}

pub fn entities(list: &[Entity]) -> Option<Vec<enums::MessageEntity>> {
    (!list.is_empty()).then(|| list.iter().map(entity).collect())
}

fn attribute(a: &DocumentAttribute) -> enums::DocumentAttribute {
    use enums::DocumentAttribute as A;
    match a {
        DocumentAttribute::Filename { name } => {
            A::Filename(Box::new(types::DocumentAttributeFilename {
                file_name: name.clone(),
            }))
        }
        DocumentAttribute::ImageSize { w, h } => {
            A::ImageSize(Box::new(types::DocumentAttributeImageSize { w: *w, h: *h }))
        }
        DocumentAttribute::Animated => A::Animated,
        DocumentAttribute::HasStickers => A::HasStickers,
        DocumentAttribute::Video {
            duration,
            w,
            h,
            round,
            supports_streaming,
        } => A::Video(Box::new(types::DocumentAttributeVideo {
            round_message: *round,
            supports_streaming: *supports_streaming,
            nosound: false,
            duration: *duration,
            w: *w,
            h: *h,
            preload_prefix_size: None,
            video_start_ts: None,
            video_codec: None,
        })),
        DocumentAttribute::Audio {
            voice,
            duration,
            title,
            performer,
        } => A::Audio(Box::new(types::DocumentAttributeAudio {
            voice: *voice,
            duration: *duration,
            title: title.clone(),
            performer: performer.clone(),
            waveform: None,
        })),
        DocumentAttribute::Sticker { alt } => {
            A::Sticker(Box::new(types::DocumentAttributeSticker {
                mask: false,
                alt: alt.clone(),
                stickerset: enums::InputStickerSet::Empty,
                mask_coords: None,
            }))
        }
    }
}

pub fn document(d: &Document) -> enums::Document {
    enums::Document::Document(Box::new(types::Document {
        id: d.id,
        access_hash: d.access_hash,
        file_reference: d.file_reference.clone(),
        date: d.date,
        mime_type: d.mime_type.clone(),
        size: d.size,
        thumbs: None,
        video_thumbs: None,
        dc_id: d.dc_id,
        attributes: d.attributes.iter().map(attribute).collect(),
    }))
}

pub fn photo(p: &Photo) -> enums::Photo {
    enums::Photo::Photo(Box::new(types::Photo {
        has_stickers: false,
        id: p.id,
        access_hash: p.access_hash,
        file_reference: p.file_reference.clone(),
        date: p.date,
        sizes: p
            .sizes
            .iter()
            .map(|s| {
                enums::PhotoSize::PhotoSize(Box::new(types::PhotoSize {
                    r#type: s.kind.clone(),
                    w: s.w,
                    h: s.h,
                    size: s.size,
                }))
            })
            .collect(),
        video_sizes: None,
        dc_id: p.dc_id,
    }))
}

pub fn media(m: &Media) -> enums::MessageMedia {
    match m {
        Media::Document(d) => {
            enums::MessageMedia::Document(Box::new(types::MessageMediaDocument {
                nopremium: false,
                spoiler: false,
                video: false,
                round: false,
                voice: false,
                document: Some(document(d)),
                alt_documents: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }))
        }
        Media::Photo(p) => enums::MessageMedia::Photo(Box::new(types::MessageMediaPhoto {
            spoiler: false,
            photo: Some(photo(p)),
            ttl_seconds: None,
            video: None,
        })),
    }
}

pub fn forward_header(f: &ForwardHeader) -> enums::MessageFwdHeader {
    enums::MessageFwdHeader::MessageFwdHeader(Box::new(types::MessageFwdHeader {
        imported: false,
        saved_out: false,
        from_id: f.from.map(peer),
        from_name: f.from_name.clone(),
        date: f.date,
        channel_post: f.channel_post,
        post_author: None,
        saved_from_peer: None,
        saved_from_msg_id: None,
        saved_from_id: None,
        saved_from_name: None,
        saved_date: None,
        psa_type: None,
    }))
}

fn reply_header(id: i32) -> enums::MessageReplyHeader {
    enums::MessageReplyHeader::MessageReplyHeader(Box::new(types::MessageReplyHeader {
        reply_to_scheduled: false,
        forum_topic: false,
        quote: false,
        reply_to_msg_id: Some(id),
        reply_to_peer_id: None,
        reply_from: None,
        reply_media: None,
        reply_to_top_id: None,
        quote_text: None,
        quote_entities: None,
        quote_offset: None,
        todo_item_id: None,
        poll_option: None,
    }))
}

fn action(a: &ServiceAction) -> enums::MessageAction {
    use enums::MessageAction as A;
    match a {
        ServiceAction::ChatCreate { title, users } => {
            A::ChatCreate(Box::new(types::MessageActionChatCreate {
                title: title.clone(),
                users: users.clone(),
            }))
        }
        ServiceAction::ChatEditTitle { title } => {
            A::ChatEditTitle(Box::new(types::MessageActionChatEditTitle {
                title: title.clone(),
            }))
        }
        ServiceAction::ChatAddUser { users } => {
            A::ChatAddUser(Box::new(types::MessageActionChatAddUser {
                users: users.clone(),
            }))
        }
        ServiceAction::ChatDeleteUser { user_id } => {
            A::ChatDeleteUser(Box::new(types::MessageActionChatDeleteUser {
                user_id: *user_id,
            }))
        }
        ServiceAction::ChannelCreate { title } => {
            A::ChannelCreate(Box::new(types::MessageActionChannelCreate {
                title: title.clone(),
            }))
        }
        ServiceAction::PinMessage => A::PinMessage,
        ServiceAction::ChatMigrateTo { channel_id } => {
            A::ChatMigrateTo(Box::new(types::MessageActionChatMigrateTo {
                channel_id: *channel_id,
            }))
        }
        ServiceAction::ChannelMigrateFrom { title, chat_id } => {
            A::ChannelMigrateFrom(Box::new(types::MessageActionChannelMigrateFrom {
                title: title.clone(),
                chat_id: *chat_id,
            }))
        }
        ServiceAction::ChatJoinedByLink { inviter_id } => {
            A::ChatJoinedByLink(Box::new(types::MessageActionChatJoinedByLink {
                inviter_id: *inviter_id,
            }))
        }
    }
}

pub fn message(m: &Message) -> enums::Message {
    let from_id = m.from_id.map(|id| peer(Peer::User(id)));
    if let Some(act) = &m.action {
        return enums::Message::Service(Box::new(types::MessageService {
            out: m.out,
            mentioned: m.mentioned,
            media_unread: m.media_unread,
            reactions_are_possible: false,
            silent: m.silent,
            post: m.post,
            legacy: false,
            id: m.id,
            from_id,
            peer_id: peer(m.peer),
            saved_peer_id: None,
            reply_to: m.reply_to.map(reply_header),
            date: m.date,
            action: action(act),
            reactions: None,
            ttl_period: None,
        }));
    }
    enums::Message::Message(Box::new(types::Message {
        out: m.out,
        mentioned: m.mentioned,
        media_unread: m.media_unread,
        silent: m.silent,
        post: m.post,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: m.pinned,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id: m.id,
        from_id,
        from_boosts_applied: None,
        from_rank: None,
        peer_id: peer(m.peer),
        saved_peer_id: None,
        fwd_from: m.fwd_from.as_ref().map(forward_header),
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: m.reply_to.map(reply_header),
        date: m.date,
        message: m.text.clone(),
        media: m.media.as_ref().map(media),
        reply_markup: None,
        entities: entities(&m.entities),
        // Views are not counted: a post shows the one view of its author.
        views: m.post.then_some(1),
        forwards: m.post.then_some(0),
        replies: None,
        edit_date: m.edit_date,
        post_author: None,
        grouped_id: None,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }))
}

/// messageEmpty for ids that are not there.
pub fn message_or_empty(id: i32, m: Option<&Message>) -> enums::Message {
    match m {
        Some(m) => message(m),
        None => enums::Message::Empty(Box::new(types::MessageEmpty { id, peer_id: None })),
    }
}
