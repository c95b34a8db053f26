//! Files: uploads in parts, stored files (documents and photos), and downloads.

mod download;
mod image;
mod upload;

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::message::{to_json, Document, DocumentAttribute, Media, Photo, PhotoSize};
use super::{Caller, World, WorldResult};

pub use download::{FileChunk, FileLocation};
use upload::Upload;

/// inputFile / inputFileBig: a finished upload, named by the client's random file id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub id: i64,
    pub parts: i32,
    pub name: String,
    /// Hex MD5 of the whole file (small files; may be empty).
    pub md5_checksum: String,
    pub big: bool,
}

/// The media of a new message (TL `InputMedia`, the kinds the world supports).
#[derive(Clone, Debug, PartialEq)]
pub enum InputMedia {
    UploadedDocument {
        file: InputFile,
        mime_type: String,
        attributes: Vec<DocumentAttribute>,
    },
    UploadedPhoto {
        file: InputFile,
    },
    Document {
        id: i64,
        access_hash: i64,
        file_reference: Vec<u8>,
    },
    Photo {
        id: i64,
        access_hash: i64,
        file_reference: Vec<u8>,
    },
}

/// `files.kind`.
const KIND_DOCUMENT: i64 = 0;
const KIND_PHOTO: i64 = 1;

/// Size letter of the one photo size the world keeps.
const PHOTO_SIZE_KIND: &str = "x";

struct StoredFile {
    access_hash: i64,
    kind: i64,
    dc_id: i32,
    size: i64,
    /// Bytes in each row of `file_parts` but the last.
    part_size: i64,
    mime_type: String,
    attributes: String,
    w: i32,
    h: i32,
    date: i32,
}

/// A file to store.
struct NewFile<'a> {
    kind: i64,
    upload: &'a Upload,
    mime_type: &'a str,
    attributes: &'a [DocumentAttribute],
    w: i32,
    h: i32,
    dc_id: i32,
}

impl World {
    fn stored_file(&self, id: i64) -> WorldResult<Option<StoredFile>> {
        Ok(self
            .db()
            .prepare_cached("SELECT access_hash, kind, dc_id, size, part_size, mime_type, attributes, w, h, date FROM files WHERE id = ?1")?
            .query_row([id], |row| {
                Ok(StoredFile {
                    access_hash: row.get(0)?,
                    kind: row.get(1)?,
                    dc_id: row.get(2)?,
                    size: row.get(3)?,
                    part_size: row.get(4)?,
                    mime_type: row.get(5)?,
                    attributes: row.get(6)?,
                    w: row.get(7)?,
                    h: row.get(8)?,
                    date: row.get(9)?,
                })
            })
            .optional()?)
    }

    /// Stores a finished upload as a file; the caller's transaction keeps the two steps one.
    fn store_file(&mut self, file: NewFile, now: i32) -> WorldResult<(i64, i64)> {
        let id = self.random_id();
        let access_hash = self.random_id();
        self.db()
            .prepare_cached(
                "INSERT INTO files (id, access_hash, kind, dc_id, size, part_size, mime_type, attributes, w, h, date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                id,
                access_hash,
                file.kind,
                file.dc_id,
                file.upload.size as i64,
                file.upload.part_size as i64,
                file.mime_type,
                to_json(&file.attributes)?,
                file.w,
                file.h,
                now,
            ])?;
        self.move_upload(file.upload, id)?;
        Ok((id, access_hash))
    }

    /// Turns the media of a new message into stored media: finishes uploads, or checks a
    /// reference to a file the client saw before.
    pub(crate) fn media_from_input(
        &mut self,
        caller: Caller,
        input: InputMedia,
        now: i32,
    ) -> WorldResult<Media> {
        let dc_id = self.key_dc(caller.auth_key_id).unwrap_or(1);
        let id = match input {
            InputMedia::UploadedDocument {
                file,
                mime_type,
                mut attributes,
            } => {
                let upload = self.check_upload(caller.user_id, &file)?;
                let mime_type = if mime_type.is_empty() {
                    "application/octet-stream"
                } else {
                    &mime_type
                };
                if !file.name.is_empty()
                    && !attributes
                        .iter()
                        .any(|a| matches!(a, DocumentAttribute::Filename { .. }))
                {
                    attributes.push(DocumentAttribute::Filename {
                        name: file.name.clone(),
                    });
                }
                let new = NewFile {
                    kind: KIND_DOCUMENT,
                    upload: &upload,
                    mime_type,
                    attributes: &attributes,
                    w: 0,
                    h: 0,
                    dc_id,
                };
                self.store_file(new, now)?.0
            }
            InputMedia::UploadedPhoto { file } => {
                let upload = self.check_upload(caller.user_id, &file)?;
                let Some((w, h, mime_type)) = image::dimensions(&self.upload_bytes(&upload)?)
                else {
                    return fail(RpcError::PhotoInvalidDimensions);
                };
                let new = NewFile {
                    kind: KIND_PHOTO,
                    upload: &upload,
                    mime_type,
                    attributes: &[],
                    w,
                    h,
                    dc_id,
                };
                self.store_file(new, now)?.0
            }
            InputMedia::Document {
                id,
                access_hash,
                file_reference,
            } => {
                self.known_file(id, access_hash, &file_reference, KIND_DOCUMENT)?;
                id
            }
            InputMedia::Photo {
                id,
                access_hash,
                file_reference,
            } => {
                self.known_file(id, access_hash, &file_reference, KIND_PHOTO)?;
                id
            }
        };
        self.media_of_file(id)
    }

    /// A stored file named by (id, access_hash, file_reference), of the given kind.
    fn known_file(
        &self,
        id: i64,
        access_hash: i64,
        reference: &[u8],
        kind: i64,
    ) -> WorldResult<StoredFile> {
        match self.stored_file(id)? {
            Some(stored) if stored.access_hash == access_hash && stored.kind == kind => {
                self.check_file_reference(id, reference)?;
                Ok(stored)
            }
            _ => fail(RpcError::MediaInvalid),
        }
    }

    /// The message media describing stored file `id`.
    fn media_of_file(&self, id: i64) -> WorldResult<Media> {
        let Some(stored) = self.stored_file(id)? else {
            return fail(RpcError::MediaInvalid);
        };
        let file_reference = self.file_reference(id)?;
        Ok(if stored.kind == KIND_PHOTO {
            Media::Photo(Photo {
                id,
                access_hash: stored.access_hash,
                file_reference,
                date: stored.date,
                dc_id: stored.dc_id,
                sizes: vec![PhotoSize {
                    kind: PHOTO_SIZE_KIND.into(),
                    w: stored.w,
                    h: stored.h,
                    size: i32::try_from(stored.size).unwrap_or(i32::MAX),
                }],
            })
        } else {
            Media::Document(Document {
                id,
                access_hash: stored.access_hash,
                file_reference,
                date: stored.date,
                mime_type: stored.mime_type,
                size: stored.size,
                dc_id: stored.dc_id,
                attributes: serde_json::from_str(&stored.attributes)?,
            })
        })
    }
}
