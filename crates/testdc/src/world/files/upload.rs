//! upload.saveFilePart / upload.saveBigFilePart and assembling the parts into a file.
//!
//! Telegram's rules (core.telegram.org/api/files): parts are at most 512 KiB; every part but
//! the last has the same size, divisible by 1 KiB and dividing 512 KiB; at most 4000 parts;
//! files up to 10 MB go through saveFilePart, bigger ones through saveBigFilePart.

use md5::{Digest, Md5};
use rusqlite::types::ValueRef;
use rusqlite::{params, OptionalExtension};

use super::InputFile;
use crate::world::error::{fail, RpcError};
use crate::world::ids::UserId;
use crate::world::{Caller, World, WorldResult};

const PART_MAX: usize = 512 * 1024;
const PARTS_MAX: i32 = 4000;
const SMALL_FILE_MAX: usize = 10 * 1024 * 1024;

/// Whether `len` may be the size of a part that is not the last one.
fn regular_part_size(len: usize) -> bool {
    len > 0 && len % 1024 == 0 && PART_MAX % len == 0
}

/// What the rules look at of an uploaded part.
struct Part {
    index: i32,
    big: bool,
    total: Option<i32>,
    len: usize,
}

/// An upload that passed the rules, its parts still in `upload_parts`.
pub(crate) struct Upload {
    owner: UserId,
    id: i64,
    parts: i32,
    /// Bytes in all.
    pub size: usize,
    /// Bytes in each part but the last.
    pub part_size: usize,
}

impl World {
    /// upload.saveFilePart.
    pub fn save_file_part(
        &mut self,
        caller: Caller,
        file_id: i64,
        part: i32,
        bytes: &[u8],
        now: i32,
    ) -> WorldResult<()> {
        self.save_part(caller.user_id, file_id, part, None, bytes, now)
    }

    /// upload.saveBigFilePart.
    pub fn save_big_file_part(
        &mut self,
        caller: Caller,
        file_id: i64,
        part: i32,
        total_parts: i32,
        bytes: &[u8],
        now: i32,
    ) -> WorldResult<()> {
        if total_parts <= 0 || total_parts > PARTS_MAX {
            return fail(RpcError::FilePartsInvalid);
        }
        self.save_part(caller.user_id, file_id, part, Some(total_parts), bytes, now)
    }

    fn save_part(
        &mut self,
        owner: UserId,
        file_id: i64,
        part: i32,
        total: Option<i32>,
        bytes: &[u8],
        now: i32,
    ) -> WorldResult<()> {
        if part < 0 || part >= total.unwrap_or(PARTS_MAX) {
            return fail(RpcError::FilePartInvalid);
        }
        if bytes.is_empty() {
            return fail(RpcError::FilePartEmpty);
        }
        if bytes.len() > PART_MAX {
            return fail(RpcError::FilePartTooBig);
        }
        // Big files know which part is last, so every other part can be checked at once.
        if let Some(total) = total {
            if part != total - 1 && !regular_part_size(bytes.len()) {
                return fail(RpcError::FilePartSizeInvalid);
            }
        }
        self.atomically(|w| {
            let known: Option<(bool, Option<i32>)> = w
                .db()
                .prepare_cached(
                    "SELECT big, total_parts FROM upload_parts WHERE owner_id = ?1 AND file_id = ?2 AND part != ?3 LIMIT 1",
                )?
                .query_row(params![owner, file_id, part], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            if let Some((big, known_total)) = known {
                if big != total.is_some() || known_total != total {
                    return fail(RpcError::FilePartsInvalid);
                }
            }
            if let Some(total) = total.filter(|t| part != t - 1) {
                let other_size: Option<usize> = w
                    .db()
                    .prepare_cached(
                        "SELECT length(bytes) FROM upload_parts
                         WHERE owner_id = ?1 AND file_id = ?2 AND part != ?3 AND part != ?4 LIMIT 1",
                    )?
                    .query_row(params![owner, file_id, part, total - 1], |row| row.get(0))
                    .optional()?;
                if other_size.is_some_and(|size| size != bytes.len()) {
                    return fail(RpcError::FilePartSizeChanged);
                }
            }
            w.db()
                .prepare_cached(
                    "INSERT OR REPLACE INTO upload_parts (owner_id, file_id, part, big, total_parts, bytes, created)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![owner, file_id, part, total.is_some(), total, bytes, now])?;
            Ok(())
        })
    }

    /// Checks the upload `file` names against Telegram's rules, from the parts' sizes (their
    /// bytes are read only for a small file's MD5).
    pub(crate) fn check_upload(&self, owner: UserId, file: &InputFile) -> WorldResult<Upload> {
        if file.parts <= 0 || file.parts > PARTS_MAX {
            return fail(RpcError::FilePartsInvalid);
        }
        // length() of a blob reads only the row's header, not the bytes.
        let parts: Vec<Part> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT part, big, total_parts, length(bytes) FROM upload_parts
                 WHERE owner_id = ?1 AND file_id = ?2 AND part < ?3 ORDER BY part",
            )?;
            let rows = stmt.query_map(params![owner, file.id, file.parts], |row| {
                Ok(Part {
                    index: row.get(0)?,
                    big: row.get(1)?,
                    total: row.get(2)?,
                    len: row.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (expected, part) in
            (0..file.parts).zip(parts.iter().map(|p| p.index).chain(std::iter::repeat(-1)))
        {
            if part != expected {
                return fail(RpcError::FilePartMissing(expected));
            }
        }
        if parts
            .iter()
            .any(|p| p.big != file.big || (file.big && p.total != Some(file.parts)))
        {
            return fail(RpcError::FilePartsInvalid);
        }
        let part_size = parts.first().map_or(0, |p| p.len);
        let (last, regular) = match parts.split_last() {
            Some(split) => split,
            None => return fail(RpcError::FilePartMissing(0)),
        };
        if !regular.is_empty()
            && (!regular_part_size(part_size) || regular.iter().any(|p| p.len != part_size))
        {
            return fail(RpcError::FilePartSizeInvalid);
        }
        if !regular.is_empty() && last.len > part_size {
            return fail(RpcError::FilePartSizeInvalid);
        }
        let size: usize = parts.iter().map(|p| p.len).sum();
        let upload = Upload {
            owner,
            id: file.id,
            parts: file.parts,
            size,
            part_size,
        };
        if !file.big {
            if size > SMALL_FILE_MAX {
                return fail(RpcError::FilePartsInvalid);
            }
            if !file.md5_checksum.is_empty() {
                let mut md5 = Md5::new();
                self.each_part(&upload, |bytes| md5.update(bytes))?;
                let digest: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
                if !digest.eq_ignore_ascii_case(&file.md5_checksum) {
                    return fail(RpcError::Md5ChecksumInvalid);
                }
            }
        }
        Ok(upload)
    }

    /// Hands each part's bytes of a checked upload to `f`, in order, one part in memory at
    /// a time.
    fn each_part(&self, upload: &Upload, mut f: impl FnMut(&[u8])) -> WorldResult<()> {
        let mut stmt = self.db().prepare_cached(
            "SELECT bytes FROM upload_parts WHERE owner_id = ?1 AND file_id = ?2 AND part < ?3
             ORDER BY part",
        )?;
        let mut rows = stmt.query(params![upload.owner, upload.id, upload.parts])?;
        while let Some(row) = rows.next()? {
            if let ValueRef::Blob(bytes) = row.get_ref(0)? {
                f(bytes);
            }
        }
        Ok(())
    }

    /// The whole of a checked upload (photos: their header is read for the size).
    pub(crate) fn upload_bytes(&self, upload: &Upload) -> WorldResult<Vec<u8>> {
        let mut out = Vec::with_capacity(upload.size);
        self.each_part(upload, |bytes| out.extend_from_slice(bytes))?;
        Ok(out)
    }

    /// Moves the parts of a checked upload into stored file `file_id` (`file_parts`): a
    /// copy inside the database, part by part; the upload is gone afterwards.
    pub(crate) fn move_upload(&mut self, upload: &Upload, file_id: i64) -> WorldResult<()> {
        self.db()
            .prepare_cached(
                "INSERT INTO file_parts (file_id, part, bytes)
                 SELECT ?1, part, bytes FROM upload_parts
                 WHERE owner_id = ?2 AND file_id = ?3 AND part < ?4",
            )?
            .execute(params![file_id, upload.owner, upload.id, upload.parts])?;
        self.db()
            .prepare_cached("DELETE FROM upload_parts WHERE owner_id = ?1 AND file_id = ?2")?
            .execute(params![upload.owner, upload.id])?;
        Ok(())
    }
}
