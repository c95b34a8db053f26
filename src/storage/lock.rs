//! One client per database directory: an flock(2) on a lock file beside the database, held
//! for the client's life (the database itself is closed while idle).

use std::fs::File;
use std::os::unix::io::AsRawFd;
use std::path::Path;

/// A held lock; dropping it lets go.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("Can't lock file \"{0}\", because it is already in use by current program")]
    InUse(String),
    #[error("Can't open file \"{0}\": {1}")]
    Open(String, std::io::Error),
}

impl DirLock {
    /// Takes the lock of the database file `db_path` (a file `db_path.lock`).
    pub fn take(db_path: &Path) -> Result<DirLock, LockError> {
        let mut name = db_path.as_os_str().to_owned();
        name.push(".lock");
        let shown = name.to_string_lossy().into_owned();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&name)
            .map_err(|e| LockError::Open(shown.clone(), e))?;
        // SAFETY: flock on a descriptor this File owns.
        let taken = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if taken != 0 {
            return Err(LockError::InUse(shown));
        }
        Ok(DirLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_has_one_holder_at_a_time() {
        let dir = std::env::temp_dir().join(format!("tdjson-lock-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let db = dir.join("tdjson.sqlite");
        let first = DirLock::take(&db).expect("first");
        assert!(matches!(DirLock::take(&db), Err(LockError::InUse(_))));
        drop(first);
        assert!(DirLock::take(&db).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }
}
