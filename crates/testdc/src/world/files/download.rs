//! upload.getFile with Telegram's offset and limit rules (core.telegram.org/api/files):
//! offset and limit divisible by 4 KiB, 1 MiB divisible by limit, and no request across a
//! 1 MiB boundary; with `precise`, 1 KiB granularity and any limit up to 1 MiB.

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::{StoredFile, KIND_DOCUMENT, KIND_PHOTO, PHOTO_SIZE_KIND};
use crate::world::error::{fail, RpcError};
use crate::world::ids::DcId;
use crate::world::{World, WorldResult};

const MIB: i64 = 1024 * 1024;

/// InputFileLocation, for the files the world stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileLocation {
    Document {
        id: i64,
        access_hash: i64,
        file_reference: Vec<u8>,
        thumb_size: String,
    },
    Photo {
        id: i64,
        access_hash: i64,
        file_reference: Vec<u8>,
        thumb_size: String,
    },
}

/// upload.file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChunk {
    pub bytes: Vec<u8>,
    /// The stored file's MIME type (for storage.FileType).
    pub mime_type: String,
    pub mtime: i32,
}

/// OFFSET_INVALID / LIMIT_INVALID.
pub(crate) fn check_range(offset: i64, limit: i32, precise: bool) -> Result<(), RpcError> {
    let limit = i64::from(limit);
    let granularity = if precise { 1024 } else { 4096 };
    if offset < 0 || offset % granularity != 0 {
        return Err(RpcError::OffsetInvalid);
    }
    if limit <= 0 || limit % granularity != 0 || limit > MIB {
        return Err(RpcError::LimitInvalid);
    }
    // In i128: a hostile offset near i64::MAX must not overflow.
    let last_byte = i128::from(offset) + i128::from(limit) - 1;
    if !precise && (MIB % limit != 0 || i128::from(offset / MIB) != last_byte / i128::from(MIB)) {
        return Err(RpcError::LimitInvalid);
    }
    Ok(())
}

impl World {
    /// upload.getFile.
    pub fn get_file(
        &self,
        location: &FileLocation,
        offset: i64,
        limit: i32,
        precise: bool,
    ) -> WorldResult<FileChunk> {
        check_range(offset, limit, precise)?;
        let (id, access_hash, reference, kind, thumb_ok) = match location {
            FileLocation::Document {
                id,
                access_hash,
                file_reference,
                thumb_size,
            } => (
                *id,
                *access_hash,
                file_reference,
                KIND_DOCUMENT,
                thumb_size.is_empty(),
            ),
            FileLocation::Photo {
                id,
                access_hash,
                file_reference,
                thumb_size,
            } => (
                *id,
                *access_hash,
                file_reference,
                KIND_PHOTO,
                thumb_size == PHOTO_SIZE_KIND,
            ),
        };
        let Some(stored) = self.stored_file(id)? else {
            return fail(RpcError::FileIdInvalid);
        };
        if stored.access_hash != access_hash {
            return fail(RpcError::FileIdInvalid);
        }
        if stored.kind != kind || !thumb_ok {
            return fail(RpcError::LocationInvalid);
        }
        self.check_file_reference(id, reference)?;
        let bytes = self.file_range(id, &stored, offset, limit)?;
        Ok(FileChunk {
            bytes,
            mime_type: stored.mime_type,
            mtime: stored.date,
        })
    }

    /// Bytes `offset..offset + limit` of a stored file (fewer at its end): only the parts
    /// that hold them are read, so a chunk costs its own size, whatever the file's.
    fn file_range(
        &self,
        id: i64,
        stored: &StoredFile,
        offset: i64,
        limit: i32,
    ) -> WorldResult<Vec<u8>> {
        let end = stored.size.min(offset.saturating_add(i64::from(limit)));
        if offset >= end || stored.part_size <= 0 {
            return Ok(Vec::new());
        }
        let part_size = stored.part_size;
        let mut out = Vec::with_capacity((end - offset) as usize);
        let mut stmt = self.db().prepare_cached(
            "SELECT part, bytes FROM file_parts WHERE file_id = ?1 AND part BETWEEN ?2 AND ?3
             ORDER BY part",
        )?;
        let mut rows = stmt.query(params![id, offset / part_size, (end - 1) / part_size])?;
        while let Some(row) = rows.next()? {
            let part: i64 = row.get(0)?;
            let ValueRef::Blob(bytes) = row.get_ref(1)? else {
                break;
            };
            let start = part * part_size;
            let from = (offset.max(start) - start) as usize;
            let to = ((end - start) as usize).min(bytes.len());
            if start + from as i64 != offset + out.len() as i64 || from > to {
                break; // a part is missing: what came so far, never bytes out of place
            }
            out.extend_from_slice(&bytes[from..to]);
        }
        Ok(out)
    }

    /// The DC a stored file lives on (for FILE_MIGRATE decisions), if it exists.
    pub fn file_dc(&self, id: i64) -> WorldResult<Option<DcId>> {
        Ok(self.stored_file(id)?.map(|f| f.dc_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telegram_ranges() {
        assert_eq!(check_range(0, 128 * 1024, false), Ok(()));
        assert_eq!(check_range(1024 * 1024, 1024 * 1024, false), Ok(()));
        assert_eq!(check_range(4096, 4096, false), Ok(()));
        assert_eq!(check_range(1024, 4096, false), Err(RpcError::OffsetInvalid));
        assert_eq!(
            check_range(-4096, 4096, false),
            Err(RpcError::OffsetInvalid)
        );
        assert_eq!(check_range(0, 1000, false), Err(RpcError::LimitInvalid));
        assert_eq!(
            check_range(0, 3 * 4096, false),
            Err(RpcError::LimitInvalid),
            "1 MiB % limit != 0"
        );
        assert_eq!(
            check_range(0, 2 * 1024 * 1024, false),
            Err(RpcError::LimitInvalid)
        );
        // 131072 bytes after 983040 would cross the 1 MiB boundary.
        assert_eq!(
            check_range(983_040, 131_072, false),
            Err(RpcError::LimitInvalid)
        );
        assert_eq!(check_range(1024, 3 * 1024, true), Ok(()));
        assert_eq!(check_range(983_040, 131_072, true), Ok(()));
        assert_eq!(check_range(512, 1024, true), Err(RpcError::OffsetInvalid));
        assert_eq!(
            check_range(0, 1024 * 1024 + 1024, true),
            Err(RpcError::LimitInvalid)
        );
        // Hostile offsets near i64::MAX must not overflow.
        let top = i64::MAX - i64::MAX % (1024 * 1024);
        assert_eq!(check_range(top, 4096, false), Ok(()));
        assert_eq!(check_range(top, 1024 * 1024, true), Ok(()));
        assert_eq!(
            check_range(top + 4096, 1024 * 1024, false),
            Err(RpcError::LimitInvalid)
        );
    }
}
