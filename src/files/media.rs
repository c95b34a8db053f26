//! The contents of media messages: a server document or photo becomes TDLib's document,
//! photo, video, audio, voice note, animation or video note, each naming its files by id.
//! TDLib decides the kind of a document by its attributes, and so does this.

use td_api as td;
use tl::api::{enums, types};

use super::kind::FileKind;
use super::location::{Kind, Remote};
use super::{Files, RemoteFacts};

/// A server message's media as a td_api content; `None` for media not built yet.
pub fn content(
    files: &Files,
    media: &enums::MessageMedia,
    caption: td::FormattedText,
    source: Option<(i64, i64)>,
) -> Option<td::MessageContent> {
    let caption = Some(Box::new(caption));
    match media {
        enums::MessageMedia::Photo(p) => {
            let photo = match &p.photo {
                Some(enums::Photo::Photo(photo)) => photo_of(files, photo, source),
                _ => return None,
            };
            Some(
                td::MessagePhoto {
                    photo: Some(Box::new(photo)),
                    caption,
                    has_spoiler: p.spoiler,
                    ..Default::default()
                }
                .into(),
            )
        }
        enums::MessageMedia::Document(d) => {
            let Some(enums::Document::Document(doc)) = &d.document else {
                return None;
            };
            Some(document_content(files, doc, caption, d.spoiler, source))
        }
        _ => None,
    }
}

/// The server location of a message's file (its largest photo size), for adopting an upload.
pub fn main_remote(media: &enums::MessageMedia) -> Option<Remote> {
    match media {
        enums::MessageMedia::Photo(p) => match &p.photo {
            Some(enums::Photo::Photo(photo)) => {
                let (size, _, _, _) = largest_size(photo)?;
                Some(photo_remote(photo, size))
            }
            _ => None,
        },
        enums::MessageMedia::Document(d) => match &d.document {
            Some(enums::Document::Document(doc)) => Some(document_remote(doc)),
            _ => None,
        },
        _ => None,
    }
}

fn photo_remote(photo: &types::Photo, size: &str) -> Remote {
    Remote {
        dc_id: photo.dc_id,
        kind: Kind::Photo,
        id: photo.id,
        access_hash: photo.access_hash,
        file_reference: photo.file_reference.clone(),
        thumb_size: size.to_string(),
    }
}

fn document_remote(doc: &types::Document) -> Remote {
    Remote {
        dc_id: doc.dc_id,
        kind: Kind::Document,
        id: doc.id,
        access_hash: doc.access_hash,
        file_reference: doc.file_reference.clone(),
        thumb_size: String::new(),
    }
}

/// The downloadable sizes of a photo: (type, width, height, bytes).
fn sizes(photo: &types::Photo) -> Vec<(&str, i32, i32, i64)> {
    photo
        .sizes
        .iter()
        .filter_map(|s| match s {
            enums::PhotoSize::PhotoSize(s) => {
                Some((s.r#type.as_str(), s.w, s.h, i64::from(s.size)))
            }
            enums::PhotoSize::Progressive(s) => Some((
                s.r#type.as_str(),
                s.w,
                s.h,
                s.sizes.iter().copied().max().map_or(0, i64::from),
            )),
            _ => None,
        })
        .collect()
}

fn largest_size(photo: &types::Photo) -> Option<(&str, i32, i32, i64)> {
    sizes(photo)
        .into_iter()
        .max_by_key(|(_, w, h, _)| i64::from(*w) * i64::from(*h))
}

pub fn photo_of(files: &Files, photo: &types::Photo, source: Option<(i64, i64)>) -> td::Photo {
    let mut list: Vec<td::PhotoSize> = sizes(photo)
        .into_iter()
        .map(|(t, w, h, size)| {
            let file = files.remote(
                photo_remote(photo, t),
                RemoteFacts {
                    size,
                    kind: FileKind::Photo,
                    name: String::new(),
                    mime_type: "image/jpeg".into(),
                    source,
                },
            );
            td::PhotoSize {
                r#type: t.to_string(),
                photo: Some(Box::new(file)),
                width: w,
                height: h,
                progressive_sizes: Vec::new(),
            }
        })
        .collect();
    // TDLib lists sizes from the smallest.
    list.sort_by_key(|s| i64::from(s.width) * i64::from(s.height));
    td::Photo {
        has_stickers: photo.has_stickers,
        minithumbnail: None,
        sizes: list.into_iter().map(Some).collect(),
    }
}

struct Attributes {
    file_name: String,
    video: Option<(f64, i32, i32, bool, bool)>,
    audio: Option<(bool, i32, String, String, Vec<u8>)>,
    animated: bool,
}

fn attributes(doc: &types::Document) -> Attributes {
    let mut a = Attributes {
        file_name: String::new(),
        video: None,
        audio: None,
        animated: false,
    };
    for attr in &doc.attributes {
        match attr {
            enums::DocumentAttribute::Filename(f) => a.file_name = f.file_name.clone(),
            enums::DocumentAttribute::Video(v) => {
                a.video = Some((v.duration, v.w, v.h, v.round_message, v.supports_streaming))
            }
            enums::DocumentAttribute::Audio(x) => {
                a.audio = Some((
                    x.voice,
                    x.duration,
                    x.title.clone().unwrap_or_default(),
                    x.performer.clone().unwrap_or_default(),
                    x.waveform.clone().unwrap_or_default(),
                ))
            }
            enums::DocumentAttribute::Animated => a.animated = true,
            _ => {}
        }
    }
    a
}

fn document_content(
    files: &Files,
    doc: &types::Document,
    caption: Option<Box<td::FormattedText>>,
    spoiler: bool,
    source: Option<(i64, i64)>,
) -> td::MessageContent {
    let a = attributes(doc);
    let kind = if a.animated {
        FileKind::Animation
    } else if let Some((_, _, _, round, _)) = a.video {
        if round {
            FileKind::VideoNote
        } else {
            FileKind::Video
        }
    } else if let Some((voice, ..)) = a.audio {
        if voice {
            FileKind::VoiceNote
        } else {
            FileKind::Audio
        }
    } else {
        FileKind::Document
    };
    let file = Some(Box::new(files.remote(
        document_remote(doc),
        RemoteFacts {
            size: doc.size,
            kind,
            name: a.file_name.clone(),
            mime_type: doc.mime_type.clone(),
            source,
        },
    )));
    let (duration, w, h, _, streaming) = a.video.unwrap_or_default();
    let duration = duration.round() as i32;
    match kind {
        FileKind::Animation => td::MessageAnimation {
            animation: Some(Box::new(td::Animation {
                duration,
                width: w,
                height: h,
                file_name: a.file_name,
                mime_type: doc.mime_type.clone(),
                animation: file,
                ..Default::default()
            })),
            caption,
            has_spoiler: spoiler,
            ..Default::default()
        }
        .into(),
        FileKind::VideoNote => td::MessageVideoNote {
            video_note: Some(Box::new(td::VideoNote {
                duration,
                length: w,
                video: file,
                ..Default::default()
            })),
            ..Default::default()
        }
        .into(),
        FileKind::Video => td::MessageVideo {
            video: Some(Box::new(td::Video {
                duration,
                width: w,
                height: h,
                file_name: a.file_name,
                mime_type: doc.mime_type.clone(),
                supports_streaming: streaming,
                video: file,
                ..Default::default()
            })),
            caption,
            has_spoiler: spoiler,
            ..Default::default()
        }
        .into(),
        FileKind::VoiceNote => {
            let (_, duration, _, _, waveform) = a.audio.unwrap_or_default();
            td::MessageVoiceNote {
                voice_note: Some(Box::new(td::VoiceNote {
                    duration,
                    waveform,
                    mime_type: doc.mime_type.clone(),
                    speech_recognition_result: None,
                    voice: file,
                })),
                caption,
                is_listened: false,
            }
            .into()
        }
        FileKind::Audio => {
            let (_, duration, title, performer, _) = a.audio.unwrap_or_default();
            td::MessageAudio {
                audio: Some(Box::new(td::Audio {
                    duration,
                    title,
                    performer,
                    file_name: a.file_name,
                    mime_type: doc.mime_type.clone(),
                    audio: file,
                    ..Default::default()
                })),
                caption,
            }
            .into()
        }
        _ => td::MessageDocument {
            document: Some(Box::new(td::Document {
                file_name: a.file_name,
                mime_type: doc.mime_type.clone(),
                minithumbnail: None,
                thumbnail: None,
                document: file,
            })),
            caption,
        }
        .into(),
    }
}

/// Every file location a message's media names.
pub fn remotes(media: &enums::MessageMedia) -> Vec<Remote> {
    match media {
        enums::MessageMedia::Photo(p) => match &p.photo {
            Some(enums::Photo::Photo(photo)) => sizes(photo)
                .into_iter()
                .map(|(t, ..)| photo_remote(photo, t))
                .collect(),
            _ => Vec::new(),
        },
        enums::MessageMedia::Document(d) => match &d.document {
            Some(enums::Document::Document(doc)) => vec![document_remote(doc)],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Every file location of a page of messages (a refreshed file reference is among them).
pub fn remotes_of_page(page: &enums::messages::Messages) -> Vec<Remote> {
    let list = match page {
        enums::messages::Messages::Messages(m) => &m.messages,
        enums::messages::Messages::Slice(m) => &m.messages,
        enums::messages::Messages::ChannelMessages(m) => &m.messages,
        enums::messages::Messages::NotModified(_) => return Vec::new(),
    };
    list.iter()
        .filter_map(|m| match m {
            enums::Message::Message(m) => m.media.as_ref(),
            _ => None,
        })
        .flat_map(remotes)
        .collect()
}
