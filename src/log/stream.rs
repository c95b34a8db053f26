//! Where log lines go: stderr, a size-limited file rotated to `<path>.old`, or nowhere.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The configured destination, as getLogStream reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamConfig {
    Default,
    File {
        path: String,
        max_file_size: i64,
        redirect_stderr: bool,
    },
    Empty,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StreamError {
    #[error("Max log file size must be positive")]
    MaxSizeNotPositive,
    #[error("Log file path must be non-empty")]
    EmptyPath,
    #[error("File \"{0}\" can't be opened/created for appending")]
    CantOpen(String),
}

pub(super) struct FileSink {
    path: PathBuf,
    file: File,
    size: u64,
    max_size: u64,
    redirect_stderr: bool,
}

pub(super) enum Sink {
    Stderr,
    File(FileSink),
    Empty,
}

impl Sink {
    /// Opens a file stream (creating missing parent directories, as TDLib does).
    pub(super) fn open_file(
        path: &str,
        max_file_size: i64,
        redirect_stderr: bool,
    ) -> Result<(Sink, String), StreamError> {
        if max_file_size <= 0 {
            return Err(StreamError::MaxSizeNotPositive);
        }
        if path.is_empty() {
            return Err(StreamError::EmptyPath);
        }
        let mut full = PathBuf::from(path);
        if full.is_relative() {
            if let Ok(cwd) = std::env::current_dir() {
                full = cwd.join(full);
            }
        }
        let shown = full.to_string_lossy().into_owned();
        if let Some(parent) = full.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let file = open_append(&full).ok_or_else(|| StreamError::CantOpen(shown.clone()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let sink = FileSink {
            path: full,
            file,
            size,
            max_size: max_file_size as u64,
            redirect_stderr,
        };
        if redirect_stderr {
            sink.redirect_stderr();
        }
        Ok((Sink::File(sink), shown))
    }

    pub(super) fn write_line(&mut self, line: &[u8]) {
        match self {
            // A log line that can't be written has nowhere else to go.
            Sink::Stderr => {
                let _ = std::io::stderr().write_all(line);
            }
            Sink::File(f) => f.write_line(line),
            Sink::Empty => {}
        }
    }

    pub(super) fn is_stderr(&self) -> bool {
        matches!(self, Sink::Stderr)
    }

    pub(super) fn set_max_size(&mut self, max: i64) {
        if let Sink::File(f) = self {
            f.max_size = max.max(1) as u64;
        }
    }
}

fn open_append(path: &Path) -> Option<File> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .ok()?;
    // Opening a directory for appending fails on Linux already; this guards other systems.
    file.metadata().ok().filter(|m| m.is_file()).map(|_| file)
}

impl FileSink {
    fn write_line(&mut self, line: &[u8]) {
        // Like TDLib: once the file has grown past the limit, the next line starts a new file.
        if self.size > self.max_size {
            self.rotate();
        }
        if self.file.write_all(line).is_ok() {
            self.size += line.len() as u64;
        }
    }

    fn rotate(&mut self) {
        let mut old = self.path.clone().into_os_string();
        old.push(".old");
        let _ = std::fs::rename(&self.path, &old);
        if let Some(file) = open_append(&self.path) {
            self.file = file;
            self.size = 0;
            if self.redirect_stderr {
                self.redirect_stderr();
            }
        }
    }

    fn redirect_stderr(&self) {
        use std::os::fd::AsRawFd;
        // SAFETY: dup2 on two valid descriptors; fd 2 is replaced atomically.
        unsafe {
            libc::dup2(self.file.as_raw_fd(), 2);
        }
    }
}
