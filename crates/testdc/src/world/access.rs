//! Deterministic keyed hashes: access hashes per (viewer, peer) like Telegram's, and file
//! references that can be expired all at once by moving to a new epoch.

use sha2::{Digest, Sha256};

use super::error::RpcError;
use super::ids::{ChannelId, UserId};
use super::{World, WorldResult};

const USER_TAG: &[u8] = b"user";
const CHANNEL_TAG: &[u8] = b"channel";
const FILE_REF_TAG: &[u8] = b"file-reference";
const FILE_REF_EPOCH_KEY: &str = "file_reference_epoch";
/// epoch (4 bytes LE) + 8 bytes of keyed hash.
const FILE_REF_LEN: usize = 12;

impl World {
    fn keyed(&self, tag: &[u8], parts: &[i64]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.secret);
        h.update(tag);
        for part in parts {
            h.update(part.to_le_bytes());
        }
        h.finalize().into()
    }

    pub(super) fn keyed_i64(&self, tag: &[u8], parts: &[i64]) -> i64 {
        let digest = self.keyed(tag, parts);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        i64::from_le_bytes(first)
    }

    /// The access_hash `viewer` must present for `user`.
    pub fn user_access_hash(&self, viewer: UserId, user: UserId) -> i64 {
        self.keyed_i64(USER_TAG, &[viewer, user])
    }

    /// The access_hash `viewer` must present for `channel`.
    pub fn channel_access_hash(&self, viewer: UserId, channel: ChannelId) -> i64 {
        self.keyed_i64(CHANNEL_TAG, &[viewer, channel])
    }

    fn file_reference_epoch(&self) -> WorldResult<i64> {
        Ok(self.store.meta_int(FILE_REF_EPOCH_KEY)?.unwrap_or(1))
    }

    fn file_reference_at(&self, file_id: i64, epoch: i64) -> Vec<u8> {
        let mut out = Vec::with_capacity(FILE_REF_LEN);
        out.extend_from_slice(&(epoch as u32).to_le_bytes());
        out.extend_from_slice(&self.keyed(FILE_REF_TAG, &[file_id, epoch])[..8]);
        out
    }

    /// The file_reference handed out now for a stored file.
    pub fn file_reference(&self, file_id: i64) -> WorldResult<Vec<u8>> {
        Ok(self.file_reference_at(file_id, self.file_reference_epoch()?))
    }

    /// Checks a file_reference a client sent back.
    pub(crate) fn check_file_reference(&self, file_id: i64, reference: &[u8]) -> WorldResult<()> {
        if reference.is_empty() {
            return Err(RpcError::FileReferenceEmpty.into());
        }
        let current = self.file_reference_epoch()?;
        if reference.len() != FILE_REF_LEN {
            return Err(RpcError::FileReferenceInvalid.into());
        }
        let mut epoch = [0u8; 4];
        epoch.copy_from_slice(&reference[..4]);
        let epoch = i64::from(u32::from_le_bytes(epoch));
        if epoch > current || self.file_reference_at(file_id, epoch) != reference {
            return Err(RpcError::FileReferenceInvalid.into());
        }
        if epoch < current {
            return Err(RpcError::FileReferenceExpired.into());
        }
        Ok(())
    }

    /// Expires every file reference handed out so far (clients must refetch the message).
    pub fn expire_file_references(&mut self) -> WorldResult<()> {
        let next = self.file_reference_epoch()? + 1;
        self.store.set_meta_int(FILE_REF_EPOCH_KEY, next)?;
        Ok(())
    }
}
