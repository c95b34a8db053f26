//! What a file is for: it decides the folder under files_directory a download lands in
//! (TDLib's layout) and the `fileType` apps name in getRemoteFile and preliminaryUploadFile.

use td_api as td;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    Document,
    Photo,
    Video,
    Audio,
    VoiceNote,
    Animation,
    VideoNote,
    Thumbnail,
    Temp,
}

impl FileKind {
    /// The folder under files_directory.
    pub fn folder(self) -> &'static str {
        match self {
            FileKind::Document => "documents",
            FileKind::Photo => "photos",
            FileKind::Video => "videos",
            FileKind::Audio => "music",
            FileKind::VoiceNote => "voice",
            FileKind::Animation => "animations",
            FileKind::VideoNote => "video_notes",
            FileKind::Thumbnail => "thumbnails",
            FileKind::Temp => "temp",
        }
    }

    pub fn of_td(t: Option<&td::FileType>) -> FileKind {
        use td::FileType as T;
        match t {
            Some(T::FileTypePhoto(_)) | Some(T::FileTypeProfilePhoto(_)) => FileKind::Photo,
            Some(T::FileTypeVideo(_)) => FileKind::Video,
            Some(T::FileTypeAudio(_)) => FileKind::Audio,
            Some(T::FileTypeVoiceNote(_)) => FileKind::VoiceNote,
            Some(T::FileTypeAnimation(_)) => FileKind::Animation,
            Some(T::FileTypeVideoNote(_)) => FileKind::VideoNote,
            Some(T::FileTypeThumbnail(_)) => FileKind::Thumbnail,
            _ => FileKind::Document,
        }
    }

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(c: u8) -> FileKind {
        use FileKind::*;
        [
            Document, Photo, Video, Audio, VoiceNote, Animation, VideoNote, Thumbnail, Temp,
        ]
        .get(usize::from(c))
        .copied()
        .unwrap_or(Document)
    }
}

/// A MIME type for a file name's extension (TDLib guesses documents' types the same way).
pub fn mime_of_name(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "zip" => "application/zip",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// An extension for a MIME type, for files the server names by type only.
pub fn extension_of_mime(mime: &str) -> &'static str {
    match mime {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "audio/mpeg" => ".mp3",
        "audio/ogg" => ".oga",
        "video/mp4" => ".mp4",
        "video/quicktime" => ".mov",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_codes() {
        for k in [FileKind::Document, FileKind::Photo, FileKind::Temp] {
            assert_eq!(FileKind::from_code(k.code()), k);
        }
        assert_eq!(mime_of_name("a.PDF"), "application/pdf");
        assert_eq!(mime_of_name("noext"), "application/octet-stream");
    }
}
