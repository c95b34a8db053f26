//! One file as the engine knows it: where it is on the server, how much of it is on disk, and
//! what is moving it. `td()` is the `file` object apps see in messages and `updateFile`.

use std::path::PathBuf;

use td_api as td;

use super::kind::FileKind;
use super::location::{Reader, Remote};

/// An upload finished but not yet used by a message: the server keeps it for a while and a
/// message (or a second send of the same file) names it by this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uploaded {
    pub file_id: i64,
    pub parts: i32,
    pub big: bool,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct Node {
    pub id: i32,
    /// Exact size; 0 when unknown.
    pub size: i64,
    pub kind: Option<FileKind>,
    /// The file's name as its sender gave it (documents), else empty.
    pub name: String,
    pub mime_type: String,
    pub remote: Option<Remote>,
    /// The whole file on disk (downloaded, or the app's own file being sent).
    pub local: Option<PathBuf>,
    /// The local copy is ours (under files_directory), so deleteFile may remove it.
    pub local_is_ours: bool,
    /// A download under way or interrupted: its temporary file and the bytes from 0 it has.
    pub partial: Option<PathBuf>,
    pub prefix: i64,
    /// Bytes on disk beyond the prefix (parts that came out of order).
    pub downloaded: i64,
    pub download_offset: i64,
    pub downloading: bool,
    pub uploading: bool,
    pub uploaded_size: i64,
    pub uploaded: Option<Uploaded>,
    /// The message the file came in, to refresh an expired file reference.
    pub source: Option<(i64, i64)>,
}

impl Node {
    pub fn is_complete(&self) -> bool {
        self.local.is_some()
    }

    pub fn td(&self) -> td::File {
        let complete = self.is_complete();
        let path = match (&self.local, &self.partial) {
            (Some(p), _) => p.to_string_lossy().into_owned(),
            (None, Some(p)) if self.prefix + self.downloaded > 0 => {
                p.to_string_lossy().into_owned()
            }
            _ => String::new(),
        };
        let downloaded_size = if complete {
            self.size
        } else {
            self.prefix.max(self.downloaded)
        };
        let upload_done = self.remote.is_some()
            || self.uploaded.is_some()
            || (self.size > 0 && self.uploaded_size >= self.size);
        td::File {
            id: self.id,
            size: self.size,
            expected_size: self.size,
            local: Some(Box::new(td::LocalFile {
                path,
                can_be_downloaded: self.remote.is_some() && !complete,
                can_be_deleted: (complete && self.local_is_ours) || self.partial.is_some(),
                is_downloading_active: self.downloading,
                is_downloading_completed: complete,
                download_offset: self.download_offset,
                downloaded_prefix_size: if complete {
                    self.size - self.download_offset.min(self.size)
                } else {
                    (self.prefix - self.download_offset).max(0)
                },
                downloaded_size,
            })),
            remote: Some(Box::new(td::RemoteFile {
                id: self
                    .remote
                    .as_ref()
                    .map(Remote::encode_id)
                    .unwrap_or_default(),
                unique_id: self
                    .remote
                    .as_ref()
                    .map(Remote::unique_id)
                    .unwrap_or_default(),
                is_uploading_active: self.uploading,
                is_uploading_completed: upload_done,
                uploaded_size: if upload_done {
                    self.size
                } else {
                    self.uploaded_size
                },
            })),
        }
    }

    /// The row the file database keeps: what outlives the process (not transfers' flags).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Vec::with_capacity(64);
        w.extend_from_slice(&self.size.to_le_bytes());
        w.push(self.kind.map_or(255, FileKind::code));
        put(&mut w, self.name.as_bytes());
        put(&mut w, self.mime_type.as_bytes());
        put(
            &mut w,
            &self
                .remote
                .as_ref()
                .map(Remote::to_bytes)
                .unwrap_or_default(),
        );
        put(&mut w, path_bytes(self.local.as_ref()));
        w.push(u8::from(self.local_is_ours));
        put(&mut w, path_bytes(self.partial.as_ref()));
        w.extend_from_slice(&self.prefix.to_le_bytes());
        let (chat, message) = self.source.unwrap_or((0, 0));
        w.extend_from_slice(&chat.to_le_bytes());
        w.extend_from_slice(&message.to_le_bytes());
        w
    }

    pub fn from_bytes(id: i32, b: &[u8]) -> Option<Node> {
        let mut r = Reader(b);
        let size = r.i64()?;
        let kind = match r.u8()? {
            255 => None,
            c => Some(FileKind::from_code(c)),
        };
        let name = String::from_utf8(r.long_bytes()?.to_vec()).ok()?;
        let mime_type = String::from_utf8(r.long_bytes()?.to_vec()).ok()?;
        let remote = match r.long_bytes()? {
            [] => None,
            b => Some(Remote::from_bytes(b)?),
        };
        let local = path_of(r.long_bytes()?);
        let local_is_ours = r.u8()? != 0;
        let partial = path_of(r.long_bytes()?);
        let prefix = r.i64()?;
        let chat = r.i64()?;
        let message = r.i64()?;
        Some(Node {
            id,
            size,
            kind,
            name,
            mime_type,
            remote,
            local,
            local_is_ours,
            partial,
            prefix,
            source: (chat != 0).then_some((chat, message)),
            ..Default::default()
        })
    }
}

fn put(w: &mut Vec<u8>, b: &[u8]) {
    w.extend_from_slice(&(b.len() as u32).to_le_bytes());
    w.extend_from_slice(b);
}

fn path_bytes(p: Option<&PathBuf>) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    p.map(|p| p.as_os_str().as_bytes()).unwrap_or_default()
}

fn path_of(b: &[u8]) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    (!b.is_empty()).then(|| PathBuf::from(std::ffi::OsStr::from_bytes(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::location::Kind;

    #[test]
    fn stored_nodes_read_back() {
        let n = Node {
            id: 7,
            size: 1234,
            kind: Some(FileKind::Photo),
            name: "a b.png".into(),
            mime_type: "image/png".into(),
            remote: Some(Remote {
                dc_id: 1,
                kind: Kind::Photo,
                id: 5,
                access_hash: 6,
                file_reference: vec![1],
                thumb_size: "x".into(),
            }),
            local: None,
            local_is_ours: false,
            partial: Some("/tmp/x".into()),
            prefix: 512,
            source: Some((-100, 1 << 20)),
            ..Default::default()
        };
        let back = Node::from_bytes(7, &n.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), n.to_bytes());
        assert_eq!(back.td().local.unwrap().downloaded_prefix_size, 512);
        let b = n.to_bytes();
        for cut in 0..b.len() {
            assert!(Node::from_bytes(7, &b[..cut]).is_none(), "cut {cut}");
        }
    }
}
