//! Sending media: sendMessage with a document, photo, video, audio, voice note or animation.
//! The message is pending at once with the file as the app gave it; the file is uploaded
//! (or reused when the server has it), then `messages.sendMedia` goes out, and the server's
//! file becomes the same file id as the one the app sent.

use td_api as td;
use tl::api::{enums, functions, types};

use super::outgoing::{on_send_answer, sent_messages};
use crate::api::error;
use crate::api::sync::Ctx;
use crate::engine::{self, Engine, Td};
use crate::files::kind::{self, FileKind};
use crate::files::upload::{self, Ready};

/// A media message as the app asked for it.
pub struct MediaInput {
    pub file_id: i32,
    pub caption: td::FormattedText,
    photo: Option<(i32, i32)>,
    mime_type: String,
    attributes: Vec<enums::DocumentAttribute>,
    content: Shape,
    spoiler: bool,
}

/// What the pending message's content looks like, besides its file.
enum Shape {
    Document,
    Photo,
    Video {
        duration: i32,
        width: i32,
        height: i32,
        streaming: bool,
    },
    Audio {
        duration: i32,
        title: String,
        performer: String,
    },
    Voice {
        duration: i32,
        waveform: Vec<u8>,
    },
    Animation {
        duration: i32,
        width: i32,
        height: i32,
    },
}

fn caption_of(t: Option<&td::FormattedText>, c: Ctx) -> Result<td::FormattedText, td::Error> {
    match t {
        None => Ok(td::FormattedText::default()),
        Some(t) => crate::sync::text::fix_outgoing(Some(t), c),
    }
}

fn filename(name: &str) -> enums::DocumentAttribute {
    enums::DocumentAttribute::Filename(Box::new(types::DocumentAttributeFilename {
        file_name: name.to_string(),
    }))
}

fn video_attribute(duration: i32, w: i32, h: i32, streaming: bool) -> enums::DocumentAttribute {
    enums::DocumentAttribute::Video(Box::new(types::DocumentAttributeVideo {
        supports_streaming: streaming,
        duration: f64::from(duration),
        w,
        h,
        ..Default::default()
    }))
}

/// The media of an InputMessageContent; `None` for content that is not media.
pub fn parse(
    e: &Engine,
    content: &td::InputMessageContent,
    c: Ctx,
) -> Result<Option<MediaInput>, td::Error> {
    use td::InputMessageContent as C;
    let (input, kind, caption, shape, spoiler, photo) = match content {
        C::InputMessageDocument(m) => {
            let d = m
                .document
                .as_deref()
                .ok_or_else(|| error(400, "Document must be non-empty"))?;
            (
                d.document.as_ref(),
                FileKind::Document,
                m.caption.as_deref(),
                Shape::Document,
                false,
                None,
            )
        }
        C::InputMessagePhoto(m) => {
            let p = m
                .photo
                .as_deref()
                .ok_or_else(|| error(400, "Photo must be non-empty"))?;
            if p.width < 0 || p.height < 0 {
                return Err(error(400, "Wrong photo size specified"));
            }
            (
                p.photo.as_ref(),
                FileKind::Photo,
                m.caption.as_deref(),
                Shape::Photo,
                m.has_spoiler,
                Some((p.width, p.height)),
            )
        }
        C::InputMessageVideo(m) => {
            let v = m
                .video
                .as_deref()
                .ok_or_else(|| error(400, "Video must be non-empty"))?;
            let shape = Shape::Video {
                duration: v.duration.max(0),
                width: v.width.max(0),
                height: v.height.max(0),
                streaming: v.supports_streaming,
            };
            (
                v.video.as_ref(),
                FileKind::Video,
                m.caption.as_deref(),
                shape,
                m.has_spoiler,
                None,
            )
        }
        C::InputMessageAudio(m) => {
            let a = m
                .audio
                .as_deref()
                .ok_or_else(|| error(400, "Audio must be non-empty"))?;
            let shape = Shape::Audio {
                duration: a.duration.max(0),
                title: a.title.clone(),
                performer: a.performer.clone(),
            };
            (
                a.audio.as_ref(),
                FileKind::Audio,
                m.caption.as_deref(),
                shape,
                false,
                None,
            )
        }
        C::InputMessageVoiceNote(m) => {
            let shape = Shape::Voice {
                duration: m.duration.max(0),
                waveform: m.waveform.clone(),
            };
            (
                m.voice_note.as_ref(),
                FileKind::VoiceNote,
                m.caption.as_deref(),
                shape,
                false,
                None,
            )
        }
        C::InputMessageAnimation(m) => {
            let a = m
                .animation
                .as_deref()
                .ok_or_else(|| error(400, "Animation must be non-empty"))?;
            let shape = Shape::Animation {
                duration: a.duration.max(0),
                width: a.width.max(0),
                height: a.height.max(0),
            };
            (
                a.animation.as_ref(),
                FileKind::Animation,
                m.caption.as_deref(),
                shape,
                m.has_spoiler,
                None,
            )
        }
        _ => return Ok(None),
    };
    let caption = caption_of(caption, c)?;
    let file_id = crate::files::requests::resolve(e, input, kind)?;
    let name = e.files.get(file_id, |n| n.name.clone()).unwrap_or_default();
    // The pending message shows the upload as begun, as TDLib's does.
    e.files.update(file_id, |n| {
        if n.remote.is_none() && n.uploaded.is_none() {
            n.uploading = true;
        }
    });
    let (mime_type, attributes) = match &shape {
        Shape::Document => (kind::mime_of_name(&name).to_string(), vec![filename(&name)]),
        Shape::Photo => (String::new(), Vec::new()),
        Shape::Video {
            duration,
            width,
            height,
            streaming,
        } => (
            or_default(kind::mime_of_name(&name), "video/mp4"),
            vec![
                video_attribute(*duration, *width, *height, *streaming),
                filename(&name),
            ],
        ),
        Shape::Audio {
            duration,
            title,
            performer,
        } => (
            or_default(kind::mime_of_name(&name), "audio/mpeg"),
            vec![
                enums::DocumentAttribute::Audio(Box::new(types::DocumentAttributeAudio {
                    duration: *duration,
                    title: (!title.is_empty()).then(|| title.clone()),
                    performer: (!performer.is_empty()).then(|| performer.clone()),
                    ..Default::default()
                })),
                filename(&name),
            ],
        ),
        Shape::Voice { duration, waveform } => (
            "audio/ogg".to_string(),
            vec![enums::DocumentAttribute::Audio(Box::new(
                types::DocumentAttributeAudio {
                    voice: true,
                    duration: *duration,
                    waveform: (!waveform.is_empty()).then(|| waveform.clone()),
                    ..Default::default()
                },
            ))],
        ),
        Shape::Animation {
            duration,
            width,
            height,
        } => (
            or_default(kind::mime_of_name(&name), "video/mp4"),
            vec![
                enums::DocumentAttribute::Animated,
                video_attribute(*duration, *width, *height, false),
                filename(&name),
            ],
        ),
    };
    Ok(Some(MediaInput {
        file_id,
        caption,
        photo,
        mime_type,
        attributes,
        content: shape,
        spoiler,
    }))
}

fn or_default(mime: &str, default: &str) -> String {
    if mime == "application/octet-stream" {
        default.to_string()
    } else {
        mime.to_string()
    }
}

impl MediaInput {
    /// The pending message's content, naming the file as it is now.
    pub fn pending_content(&self, e: &Engine) -> td::MessageContent {
        let file = e.files.td(self.file_id).map(Box::new);
        let name = e
            .files
            .get(self.file_id, |n| n.name.clone())
            .unwrap_or_default();
        let caption = Some(Box::new(self.caption.clone()));
        let mime_type = self.mime_type.clone();
        match &self.content {
            Shape::Document => td::MessageDocument {
                document: Some(Box::new(td::Document {
                    file_name: name,
                    mime_type,
                    minithumbnail: None,
                    thumbnail: None,
                    document: file,
                })),
                caption,
            }
            .into(),
            Shape::Photo => {
                let (width, height) = self.photo.unwrap_or((0, 0));
                td::MessagePhoto {
                    photo: Some(Box::new(td::Photo {
                        has_stickers: false,
                        minithumbnail: None,
                        sizes: vec![Some(td::PhotoSize {
                            r#type: "i".into(),
                            photo: file,
                            width,
                            height,
                            progressive_sizes: Vec::new(),
                        })],
                    })),
                    caption,
                    has_spoiler: self.spoiler,
                    ..Default::default()
                }
                .into()
            }
            Shape::Video {
                duration,
                width,
                height,
                streaming,
            } => td::MessageVideo {
                video: Some(Box::new(td::Video {
                    duration: *duration,
                    width: *width,
                    height: *height,
                    file_name: name,
                    mime_type,
                    supports_streaming: *streaming,
                    video: file,
                    ..Default::default()
                })),
                caption,
                has_spoiler: self.spoiler,
                ..Default::default()
            }
            .into(),
            Shape::Audio {
                duration,
                title,
                performer,
            } => td::MessageAudio {
                audio: Some(Box::new(td::Audio {
                    duration: *duration,
                    title: title.clone(),
                    performer: performer.clone(),
                    file_name: name,
                    mime_type,
                    audio: file,
                    ..Default::default()
                })),
                caption,
            }
            .into(),
            Shape::Voice { duration, waveform } => td::MessageVoiceNote {
                voice_note: Some(Box::new(td::VoiceNote {
                    duration: *duration,
                    waveform: waveform.clone(),
                    mime_type,
                    speech_recognition_result: None,
                    voice: file,
                })),
                caption,
                is_listened: false,
            }
            .into(),
            Shape::Animation {
                duration,
                width,
                height,
            } => td::MessageAnimation {
                animation: Some(Box::new(td::Animation {
                    duration: *duration,
                    width: *width,
                    height: *height,
                    file_name: name,
                    mime_type,
                    animation: file,
                    ..Default::default()
                })),
                caption,
                has_spoiler: self.spoiler,
                ..Default::default()
            }
            .into(),
        }
    }

    fn input_media(&self, ready: Ready) -> enums::InputMedia {
        match ready {
            Ready::Remote(r) => r.input_media(),
            Ready::Uploaded(u) => {
                let file = upload::input_file(&u);
                if self.photo.is_some() {
                    enums::InputMedia::UploadedPhoto(Box::new(types::InputMediaUploadedPhoto {
                        spoiler: self.spoiler,
                        file,
                        ..Default::default()
                    }))
                } else {
                    enums::InputMedia::UploadedDocument(Box::new(
                        types::InputMediaUploadedDocument {
                            spoiler: self.spoiler,
                            // The app chose a document: no photo or video is made of it.
                            force_file: matches!(self.content, Shape::Document),
                            file,
                            mime_type: self.mime_type.clone(),
                            attributes: self.attributes.clone(),
                            ..Default::default()
                        },
                    ))
                }
            }
        }
    }
}

/// The server half of a media send: the file made sendable, then messages.sendMedia with
/// everything but the media already decided (`call`).
pub fn send_in_background(
    td: &mut Td<'_>,
    media: MediaInput,
    call: functions::messages::SendMedia,
    chat_id: i64,
    random_id: i64,
    temp: i64,
) {
    let net = td.engine.net.clone();
    let id = td.id;
    engine::spawn(async move {
        let file_id = media.file_id;
        let ready = match upload::prepare(id, net.clone(), file_id).await {
            Ok(r) => r,
            Err(e) => {
                engine::with(id, move |td| {
                    let out = td.out;
                    td.engine.on_send_failed(random_id, e, out);
                });
                return;
            }
        };
        let call = functions::messages::SendMedia {
            media: media.input_media(ready),
            ..call
        };
        let answer = net.call(&call).await;
        engine::with(id, move |td| {
            if let Ok(updates) = &answer {
                adopt(td, file_id, chat_id, updates);
            }
            let sent = [(random_id, temp)];
            on_send_answer(td, chat_id, &sent, answer);
        });
    });
}

/// The server's file of a sent message becomes the app's file id.
fn adopt(td: &mut Td<'_>, file_id: i32, chat_id: i64, updates: &enums::Updates) {
    if let enums::Updates::UpdateShortSentMessage(x) = updates {
        if let Some(r) = x.media.as_ref().and_then(crate::files::media::main_remote) {
            let source = (chat_id, super::message_id::from_server(x.id));
            td.engine.files.adopt(file_id, r, Some(source));
        }
        return;
    }
    for m in sent_messages(updates) {
        if let enums::Message::Message(m) = &m {
            if let Some(r) = m.media.as_ref().and_then(crate::files::media::main_remote) {
                let source = (chat_id, super::message_id::from_server(m.id));
                td.engine.files.adopt(file_id, r, Some(source));
            }
        }
    }
}
