//! TL input objects as the world's domain values.

use tl::api::enums;

use crate::world::{
    DocumentAttribute, Entity, EntityKind, FileLocation, InputChannel, InputFile, InputMedia,
    InputPeer, InputUser, NewPasswordSettings, PasswordAlgo, PasswordCheck, RpcError, UserId,
    World, WorldResult,
};

pub fn input_peer(p: &enums::InputPeer) -> InputPeer {
    match p {
        enums::InputPeer::InputPeerSelf => InputPeer::SelfUser,
        enums::InputPeer::User(u) => InputPeer::User {
            user_id: u.user_id,
            access_hash: u.access_hash,
        },
        enums::InputPeer::Chat(c) => InputPeer::Chat { chat_id: c.chat_id },
        enums::InputPeer::Channel(c) => InputPeer::Channel {
            channel_id: c.channel_id,
            access_hash: c.access_hash,
        },
        // "From message" peers are for min-constructors, which this server never sends.
        _ => InputPeer::Empty,
    }
}

pub fn input_user(u: &enums::InputUser) -> InputUser {
    match u {
        enums::InputUser::InputUserSelf => InputUser::SelfUser,
        enums::InputUser::InputUser(u) => InputUser::User {
            user_id: u.user_id,
            access_hash: u.access_hash,
        },
        _ => InputUser::Empty,
    }
}

pub fn input_channel(c: &enums::InputChannel) -> InputChannel {
    match c {
        enums::InputChannel::InputChannel(c) => InputChannel::Channel {
            channel_id: c.channel_id,
            access_hash: c.access_hash,
        },
        _ => InputChannel::Empty,
    }
}

/// Message entities; mentions by InputUser are resolved for `viewer`, kinds the world does
/// not keep are dropped.
pub fn entities(
    world: &World,
    viewer: UserId,
    list: Option<&Vec<enums::MessageEntity>>,
) -> WorldResult<Vec<Entity>> {
    use enums::MessageEntity as M;
    let mut out = Vec::new();
    for e in list.map(Vec::as_slice).unwrap_or_default() {
        let (offset, length, kind) = match e {
            M::Unknown(x) => (x.offset, x.length, EntityKind::Unknown),
            M::Mention(x) => (x.offset, x.length, EntityKind::Mention),
            M::Hashtag(x) => (x.offset, x.length, EntityKind::Hashtag),
            M::Cashtag(x) => (x.offset, x.length, EntityKind::Cashtag),
            M::BotCommand(x) => (x.offset, x.length, EntityKind::BotCommand),
            M::Url(x) => (x.offset, x.length, EntityKind::Url),
            M::Email(x) => (x.offset, x.length, EntityKind::Email),
            M::Phone(x) => (x.offset, x.length, EntityKind::Phone),
            M::Bold(x) => (x.offset, x.length, EntityKind::Bold),
            M::Italic(x) => (x.offset, x.length, EntityKind::Italic),
            M::Underline(x) => (x.offset, x.length, EntityKind::Underline),
            M::Strike(x) => (x.offset, x.length, EntityKind::Strike),
            M::Spoiler(x) => (x.offset, x.length, EntityKind::Spoiler),
            M::Code(x) => (x.offset, x.length, EntityKind::Code),
            M::BankCard(x) => (x.offset, x.length, EntityKind::BankCard),
            M::Pre(x) => (
                x.offset,
                x.length,
                EntityKind::Pre {
                    language: x.language.clone(),
                },
            ),
            M::TextUrl(x) => (
                x.offset,
                x.length,
                EntityKind::TextUrl { url: x.url.clone() },
            ),
            M::MentionName(x) => (
                x.offset,
                x.length,
                EntityKind::MentionName { user_id: x.user_id },
            ),
            M::InputMessageEntityMentionName(x) => {
                let user_id = world.resolve_input_user(viewer, input_user(&x.user_id))?;
                (x.offset, x.length, EntityKind::MentionName { user_id })
            }
            M::Blockquote(x) => (
                x.offset,
                x.length,
                EntityKind::Blockquote {
                    collapsed: x.collapsed,
                },
            ),
            M::CustomEmoji(x) => (
                x.offset,
                x.length,
                EntityKind::CustomEmoji {
                    document_id: x.document_id,
                },
            ),
            _ => continue,
        };
        out.push(Entity {
            offset,
            length,
            kind,
        });
    }
    Ok(out)
}

fn attributes(list: &[enums::DocumentAttribute]) -> Vec<DocumentAttribute> {
    use enums::DocumentAttribute as A;
    list.iter()
        .filter_map(|a| match a {
            A::Filename(x) => Some(DocumentAttribute::Filename {
                name: x.file_name.clone(),
            }),
            A::ImageSize(x) => Some(DocumentAttribute::ImageSize { w: x.w, h: x.h }),
            A::Animated => Some(DocumentAttribute::Animated),
            A::HasStickers => Some(DocumentAttribute::HasStickers),
            A::Video(x) => Some(DocumentAttribute::Video {
                duration: x.duration,
                w: x.w,
                h: x.h,
                round: x.round_message,
                supports_streaming: x.supports_streaming,
            }),
            A::Audio(x) => Some(DocumentAttribute::Audio {
                voice: x.voice,
                duration: x.duration,
                title: x.title.clone(),
                performer: x.performer.clone(),
            }),
            A::Sticker(x) => Some(DocumentAttribute::Sticker { alt: x.alt.clone() }),
            _ => None,
        })
        .collect()
}

pub fn input_file(f: &enums::InputFile) -> Result<InputFile, RpcError> {
    match f {
        enums::InputFile::InputFile(x) => Ok(InputFile {
            id: x.id,
            parts: x.parts,
            name: x.name.clone(),
            md5_checksum: x.md5_checksum.clone(),
            big: false,
        }),
        enums::InputFile::Big(x) => Ok(InputFile {
            id: x.id,
            parts: x.parts,
            name: x.name.clone(),
            md5_checksum: String::new(),
            big: true,
        }),
        _ => Err(RpcError::MediaInvalid),
    }
}

pub fn input_media(m: &enums::InputMedia) -> Result<InputMedia, RpcError> {
    use enums::InputMedia as M;
    match m {
        M::Empty => Err(RpcError::MediaEmpty),
        M::UploadedDocument(x) => Ok(InputMedia::UploadedDocument {
            file: input_file(&x.file)?,
            mime_type: x.mime_type.clone(),
            attributes: attributes(&x.attributes),
        }),
        M::UploadedPhoto(x) => Ok(InputMedia::UploadedPhoto {
            file: input_file(&x.file)?,
        }),
        M::Document(x) => match &x.id {
            enums::InputDocument::InputDocument(d) => Ok(InputMedia::Document {
                id: d.id,
                access_hash: d.access_hash,
                file_reference: d.file_reference.clone(),
            }),
            enums::InputDocument::Empty => Err(RpcError::MediaEmpty),
        },
        M::Photo(x) => match &x.id {
            enums::InputPhoto::InputPhoto(p) => Ok(InputMedia::Photo {
                id: p.id,
                access_hash: p.access_hash,
                file_reference: p.file_reference.clone(),
            }),
            enums::InputPhoto::Empty => Err(RpcError::MediaEmpty),
        },
        _ => Err(RpcError::MediaInvalid),
    }
}

pub fn file_location(l: &enums::InputFileLocation) -> Result<FileLocation, RpcError> {
    match l {
        enums::InputFileLocation::InputDocumentFileLocation(x) => Ok(FileLocation::Document {
            id: x.id,
            access_hash: x.access_hash,
            file_reference: x.file_reference.clone(),
            thumb_size: x.thumb_size.clone(),
        }),
        enums::InputFileLocation::InputPhotoFileLocation(x) => Ok(FileLocation::Photo {
            id: x.id,
            access_hash: x.access_hash,
            file_reference: x.file_reference.clone(),
            thumb_size: x.thumb_size.clone(),
        }),
        _ => Err(RpcError::LocationInvalid),
    }
}

pub fn password_check(c: &enums::InputCheckPasswordSRP) -> PasswordCheck {
    match c {
        enums::InputCheckPasswordSRP::InputCheckPasswordEmpty => PasswordCheck::Empty,
        enums::InputCheckPasswordSRP::InputCheckPasswordSRP(x) => PasswordCheck::Srp {
            srp_id: x.srp_id,
            a: x.a.clone(),
            m1: x.m1.clone(),
        },
    }
}

/// The new password of account.passwordInputSettings; `None` when the settings leave the
/// password alone (no `new_algo`: only the e-mail or secure values change).
pub fn password_settings(s: &enums::account::PasswordInputSettings) -> Option<NewPasswordSettings> {
    let enums::account::PasswordInputSettings::PasswordInputSettings(s) = s;
    let algo = match s.new_algo.as_ref()? {
        enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(a) => {
            Some(PasswordAlgo {
                salt1: a.salt1.clone(),
                salt2: a.salt2.clone(),
                g: a.g,
                p: a.p.clone(),
            })
        }
        // passwordKdfAlgoUnknown: remove the password.
        enums::PasswordKdfAlgo::Unknown => None,
    };
    Some(NewPasswordSettings {
        algo,
        new_password_hash: s.new_password_hash.clone().unwrap_or_default(),
        hint: s.hint.clone().unwrap_or_default(),
    })
}

pub fn reply_to(r: Option<&enums::InputReplyTo>) -> Option<i32> {
    match r {
        Some(enums::InputReplyTo::Message(m)) => Some(m.reply_to_msg_id),
        _ => None,
    }
}
