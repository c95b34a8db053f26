//! Where a file lives on the server, and the strings apps keep for it: `remote.id` (enough to
//! fetch the file again, on any run) and `remote.unique_id` (the same for everyone, forever).
//! Both are our own encoding (base64url of a small versioned record): TDLib's are opaque to
//! apps, which only hand them back.

use tl::api::{enums, types};

use crate::auth::code::{base64url, base64url_decode};

/// The version byte of a `remote.id`; a string of another version is not ours.
const REMOTE_ID_VERSION: u8 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Document,
    Photo,
}

/// A server file: a document, or one size of a photo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remote {
    pub dc_id: i32,
    pub kind: Kind,
    pub id: i64,
    pub access_hash: i64,
    pub file_reference: Vec<u8>,
    /// The photo size's letter (empty for a whole document).
    pub thumb_size: String,
}

/// What names one file whatever its reference or DC: the key of the registry and the file
/// database.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UniqueKey(pub Vec<u8>);

/// Reads the little records of this module and [`super::node`].
pub(super) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// Bytes after a one-byte length.
    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = usize::from(self.u8()?);
        self.take(n).map(<[u8]>::to_vec)
    }

    /// Bytes after a four-byte length.
    pub fn long_bytes(&mut self) -> Option<&'a [u8]> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        self.take(n)
    }
}

fn kind_byte(kind: Kind) -> u8 {
    match kind {
        Kind::Document => 1,
        Kind::Photo => 2,
    }
}

impl Remote {
    pub fn unique_key(&self) -> UniqueKey {
        let mut v = vec![kind_byte(self.kind)];
        v.extend_from_slice(&self.id.to_le_bytes());
        v.extend_from_slice(self.thumb_size.as_bytes());
        UniqueKey(v)
    }

    pub fn unique_id(&self) -> String {
        base64url(&self.unique_key().0)
    }

    /// The record `remote.id` and the file database carry.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = vec![REMOTE_ID_VERSION, kind_byte(self.kind)];
        v.extend_from_slice(&self.dc_id.to_le_bytes());
        v.extend_from_slice(&self.id.to_le_bytes());
        v.extend_from_slice(&self.access_hash.to_le_bytes());
        // References are short (Telegram's are ~20 bytes); a longer one is not kept.
        let reference = if self.file_reference.len() <= 255 {
            &self.file_reference[..]
        } else {
            &[]
        };
        v.push(reference.len() as u8);
        v.extend_from_slice(reference);
        let size = &self.thumb_size.as_bytes()[..self.thumb_size.len().min(255)];
        v.push(size.len() as u8);
        v.extend_from_slice(size);
        v
    }

    pub fn from_bytes(b: &[u8]) -> Option<Remote> {
        let mut r = Reader(b);
        if r.u8()? != REMOTE_ID_VERSION {
            return None;
        }
        let kind = match r.u8()? {
            1 => Kind::Document,
            2 => Kind::Photo,
            _ => return None,
        };
        let dc_id = r.i32()?;
        let id = r.i64()?;
        let access_hash = r.i64()?;
        let file_reference = r.bytes()?;
        let thumb_size = String::from_utf8(r.bytes()?).ok()?;
        if !r.0.is_empty() || !(1..=1000).contains(&dc_id) {
            return None;
        }
        Some(Remote {
            dc_id,
            kind,
            id,
            access_hash,
            file_reference,
            thumb_size,
        })
    }

    pub fn encode_id(&self) -> String {
        base64url(&self.to_bytes())
    }

    pub fn decode_id(s: &str) -> Option<Remote> {
        Remote::from_bytes(&base64url_decode(s)?)
    }

    pub fn input_location(&self) -> enums::InputFileLocation {
        match self.kind {
            Kind::Document => enums::InputFileLocation::InputDocumentFileLocation(Box::new(
                types::InputDocumentFileLocation {
                    id: self.id,
                    access_hash: self.access_hash,
                    file_reference: self.file_reference.clone(),
                    thumb_size: self.thumb_size.clone(),
                },
            )),
            Kind::Photo => enums::InputFileLocation::InputPhotoFileLocation(Box::new(
                types::InputPhotoFileLocation {
                    id: self.id,
                    access_hash: self.access_hash,
                    file_reference: self.file_reference.clone(),
                    thumb_size: self.thumb_size.clone(),
                },
            )),
        }
    }

    /// The media that sends this file again without uploading it.
    pub fn input_media(&self) -> enums::InputMedia {
        match self.kind {
            Kind::Document => enums::InputMedia::Document(Box::new(types::InputMediaDocument {
                id: enums::InputDocument::InputDocument(Box::new(types::InputDocument {
                    id: self.id,
                    access_hash: self.access_hash,
                    file_reference: self.file_reference.clone(),
                })),
                ..Default::default()
            })),
            Kind::Photo => enums::InputMedia::Photo(Box::new(types::InputMediaPhoto {
                id: enums::InputPhoto::InputPhoto(Box::new(types::InputPhoto {
                    id: self.id,
                    access_hash: self.access_hash,
                    file_reference: self.file_reference.clone(),
                })),
                ..Default::default()
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Remote {
        Remote {
            dc_id: 2,
            kind: Kind::Photo,
            id: -5,
            access_hash: 77,
            file_reference: vec![1, 2, 3],
            thumb_size: "x".into(),
        }
    }

    #[test]
    fn remote_ids_round_trip() {
        let r = sample();
        assert_eq!(Remote::decode_id(&r.encode_id()), Some(r.clone()));
        let mut other = r.clone();
        other.file_reference = vec![9];
        other.dc_id = 3;
        assert_eq!(
            other.unique_id(),
            r.unique_id(),
            "same file, same unique id"
        );
        other.thumb_size = "m".into();
        assert_ne!(other.unique_id(), r.unique_id());
    }

    #[test]
    fn garbage_is_not_a_remote_id() {
        for s in ["", "garbage", "AAAA", "!!!"] {
            assert_eq!(Remote::decode_id(s), None, "{s}");
        }
        let mut b = sample().to_bytes();
        b.push(0);
        assert_eq!(Remote::from_bytes(&b), None, "trailing bytes");
        let b = sample().to_bytes();
        for n in 0..b.len() {
            assert_eq!(Remote::from_bytes(&b[..n]), None, "truncated at {n}");
        }
    }
}
