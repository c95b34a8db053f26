//! TDLib's internal log as its API exposes it: a global verbosity, per-tag verbosities, a
//! stream (stderr, file, none) and an optional message callback. Level 0 is fatal: the
//! message is delivered, then the process aborts, as TDLib documents.

mod stream;

use std::ffi::CString;
use std::io::Write as _;
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use stream::Sink;
pub use stream::{StreamConfig, StreamError};

/// `void (*)(int verbosity_level, const char *message)`.
pub type MessageCallback =
    extern "C" fn(verbosity_level: std::ffi::c_int, message: *const std::ffi::c_char);
/// `void (*)(const char *error_message)` (deprecated interface).
pub type FatalErrorCallback = extern "C" fn(error_message: *const std::ffi::c_char);

/// TDLib's log tags and their default verbosity levels.
pub const TAGS: [(&str, i32); 20] = [
    ("actor", 14),
    ("binlog", 12),
    ("config_recoverer", 3),
    ("connections", 3),
    ("dc", 6),
    ("dns_resolver", 4),
    ("fd", 13),
    ("file_gc", 3),
    ("file_loader", 4),
    ("file_references", 3),
    ("get_difference", 3),
    ("mtproto", 11),
    ("net_query", 3),
    ("notifications", 3),
    ("proxy", 4),
    ("raw_mtproto", 14),
    ("sqlite", 14),
    ("td_init", 7),
    ("td_requests", 3),
    ("update_file", 3),
];

/// The highest level a message or setting can have.
pub const MAX_LEVEL: i32 = 1024;
const DEFAULT_VERBOSITY: i32 = 5;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LogError {
    #[error("Wrong new verbosity level specified")]
    WrongVerbosity,
    #[error("Log tag must be non-empty")]
    EmptyTag,
    #[error("Log tag is not found")]
    UnknownTag,
    #[error(transparent)]
    Stream(#[from] StreamError),
}

struct Output {
    sink: Sink,
    config: StreamConfig,
    /// The deprecated td_set_log_max_file_size value, used by td_set_log_file_path.
    legacy_max_size: i64,
}

static VERBOSITY: AtomicI32 = AtomicI32::new(DEFAULT_VERBOSITY);
static TAG_LEVELS: Mutex<[i32; TAGS.len()]> = Mutex::new(default_tag_levels());
static OUTPUT: Mutex<Output> = Mutex::new(Output {
    sink: Sink::Stderr,
    config: StreamConfig::Default,
    legacy_max_size: 10 << 20,
});
static CALLBACK: Mutex<Option<(i32, MessageCallback)>> = Mutex::new(None);
static FATAL_CALLBACK: Mutex<Option<FatalErrorCallback>> = Mutex::new(None);

const fn default_tag_levels() -> [i32; TAGS.len()] {
    let mut levels = [0; TAGS.len()];
    let mut i = 0;
    while i < TAGS.len() {
        levels[i] = TAGS[i].1;
        i += 1;
    }
    levels
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while logging must not disable logging for good.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn verbosity() -> i32 {
    VERBOSITY.load(Ordering::Relaxed)
}

pub fn set_verbosity(level: i32) -> Result<(), LogError> {
    if !(0..=MAX_LEVEL).contains(&level) {
        return Err(LogError::WrongVerbosity);
    }
    VERBOSITY.store(level, Ordering::Relaxed);
    Ok(())
}

/// The deprecated td_set_log_verbosity_level: no validation, values clamped.
pub fn set_verbosity_clamped(level: i32) {
    VERBOSITY.store(level.clamp(0, MAX_LEVEL), Ordering::Relaxed);
}

fn tag_index(tag: &str) -> Result<usize, LogError> {
    if tag.is_empty() {
        return Err(LogError::EmptyTag);
    }
    TAGS.iter()
        .position(|(t, _)| *t == tag)
        .ok_or(LogError::UnknownTag)
}

pub fn tag_verbosity(tag: &str) -> Result<i32, LogError> {
    let i = tag_index(tag)?;
    Ok(lock(&TAG_LEVELS)[i])
}

/// Tag levels are clamped to 1..=1024, as TDLib does.
pub fn set_tag_verbosity(tag: &str, level: i32) -> Result<(), LogError> {
    let i = tag_index(tag)?;
    lock(&TAG_LEVELS)[i] = level.clamp(1, MAX_LEVEL);
    Ok(())
}

pub fn stream() -> StreamConfig {
    lock(&OUTPUT).config.clone()
}

pub fn set_stream(config: &StreamConfig) -> Result<(), LogError> {
    let (sink, config) = match config {
        StreamConfig::Default => (Sink::Stderr, StreamConfig::Default),
        StreamConfig::Empty => (Sink::Empty, StreamConfig::Empty),
        StreamConfig::File {
            path,
            max_file_size,
            redirect_stderr,
        } => {
            let (sink, shown) = Sink::open_file(path, *max_file_size, *redirect_stderr)?;
            (
                sink,
                StreamConfig::File {
                    path: shown,
                    max_file_size: *max_file_size,
                    redirect_stderr: *redirect_stderr,
                },
            )
        }
    };
    let mut out = lock(&OUTPUT);
    out.sink = sink;
    out.config = config;
    Ok(())
}

/// The deprecated td_set_log_file_path: an empty path means stderr again.
pub fn set_file_path(path: &str) -> bool {
    if path.is_empty() {
        return set_stream(&StreamConfig::Default).is_ok();
    }
    let max = lock(&OUTPUT).legacy_max_size;
    set_stream(&StreamConfig::File {
        path: path.to_string(),
        max_file_size: max,
        redirect_stderr: true,
    })
    .is_ok()
}

/// The deprecated td_set_log_max_file_size.
pub fn set_max_file_size(max: i64) {
    let mut out = lock(&OUTPUT);
    out.legacy_max_size = max.max(1);
    out.sink.set_max_size(max);
    if let StreamConfig::File { max_file_size, .. } = &mut out.config {
        *max_file_size = max.max(1);
    }
}

pub fn set_callback(max_level: i32, callback: Option<MessageCallback>) {
    *lock(&CALLBACK) = callback.map(|cb| (max_level, cb));
}

pub fn set_fatal_callback(callback: Option<FatalErrorCallback>) {
    *lock(&FATAL_CALLBACK) = callback;
}

static NEXT_THREAD: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static THREAD_INDEX: usize = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
}

/// Logs `text` at `level` (clamped to 0..=1023) if the verbosity allows it.
pub fn message(level: i32, source: &str, text: &str) {
    let level = level.clamp(0, MAX_LEVEL - 1);
    if level > verbosity() && level != 0 {
        return;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let thread = THREAD_INDEX.try_with(|t| *t).unwrap_or(0);
    let mut line = Vec::with_capacity(text.len() + 64);
    let _ = write!(
        line,
        "[{level:2}][t {thread}][{}.{:09}][{source}][&client]\t{text}\n",
        now.as_secs(),
        now.subsec_nanos()
    );
    lock(&OUTPUT).sink.write_line(&line);
    let callback = *lock(&CALLBACK);
    if let Some((max, cb)) = callback {
        if level <= max {
            // Interior NULs can't cross a C string; TDLib's messages never contain them either.
            let c = CString::new(
                line.iter()
                    .copied()
                    .filter(|&b| b != 0)
                    .collect::<Vec<u8>>(),
            )
            .unwrap_or_default();
            cb(level, c.as_ptr());
        }
    }
    if level == 0 {
        let fatal = *lock(&FATAL_CALLBACK);
        if let Some(cb) = fatal {
            let c = CString::new(text.bytes().filter(|&b| b != 0).collect::<Vec<u8>>())
                .unwrap_or_default();
            cb(c.as_ptr());
        }
        std::process::abort();
    }
}
