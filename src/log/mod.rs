//! TDLib's internal log as its API exposes it: a global verbosity, per-tag verbosities, a
//! stream (stderr, file, none) and an optional message callback. Level 0 is fatal: the
//! message is delivered, then the process aborts, as TDLib documents.

mod stream;

use std::borrow::Cow;
use std::ffi::CString;
use std::io::Write as _;
use std::panic::Location;
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

/// One log line as TDLib writes it:
/// `[ 3][t 0][1795676171.607650041][registry.rs:70][&tag]\tText\n` — level, thread index,
/// Unix time with nanoseconds, where it was logged, an optional tag, a tab, the text. TDLib
/// shows its C++ file and line; we show ours (same shape, so parsers of TDLib's lines work).
fn format_line(level: i32, location: &Location<'_>, tag: Option<&str>, text: &[u8]) -> Vec<u8> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let thread = THREAD_INDEX.try_with(|t| *t).unwrap_or(0);
    let file = location.file();
    let file = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut line = Vec::with_capacity(text.len() + 80);
    // Writing to a Vec cannot fail.
    let _ = write!(
        line,
        "[{level:2}][t {thread}][{}.{:09}][{file}:{}]",
        now.as_secs(),
        now.subsec_nanos(),
        location.line()
    );
    if let Some(tag) = tag {
        let _ = write!(line, "[&{tag}]");
    }
    line.push(b'\t');
    line.extend_from_slice(text);
    line.push(b'\n');
    line
}

/// A line as TDLib writes it to stderr: levels 0 and 1 red, 2 yellow, 3 cyan, the colour
/// reset before the newline.
fn coloured(level: i32, line: &[u8]) -> Cow<'_, [u8]> {
    let colour: &[u8] = match level {
        0 | 1 => b"\x1b[1;31m",
        2 => b"\x1b[1;33m",
        3 => b"\x1b[1;36m",
        _ => return Cow::Borrowed(line),
    };
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    Cow::Owned([colour, body, b"\x1b[0m\n"].concat())
}

/// Logs `text` at `level` (clamped to 0..=1023) if the verbosity allows it, to the stream
/// and to the callback, marked with where it was called from and `tag` (TDLib marks the
/// messages of addLogMessage with `client`).
#[track_caller]
pub fn message(level: i32, tag: Option<&str>, text: &[u8]) {
    let level = level.clamp(0, MAX_LEVEL - 1);
    if level > verbosity() && level != 0 {
        return;
    }
    let line = format_line(level, Location::caller(), tag, text);
    {
        let mut out = lock(&OUTPUT);
        if out.sink.is_stderr() {
            out.sink.write_line(&coloured(level, &line));
        } else {
            out.sink.write_line(&line);
        }
    }
    let callback = *lock(&CALLBACK);
    if let Some((max, cb)) = callback {
        if level <= max {
            // A C string ends at the first NUL: the callback sees what TDLib's sees.
            let c = c_string_prefix(&line);
            cb(level, c.as_ptr());
        }
    }
    if level == 0 {
        let fatal = *lock(&FATAL_CALLBACK);
        if let Some(cb) = fatal {
            let c = c_string_prefix(text);
            cb(c.as_ptr());
        }
        std::process::abort();
    }
}

/// `bytes` up to the first NUL, as a C string.
fn c_string_prefix(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape of TDLib 1.8.65's lines (e.g. from addLogMessage at level 2:
    // "[ 2][t 0][1795676137.672711133][Logging.cpp:160][&client]\tmulti\nline\ttab\n").
    #[test]
    fn lines_look_like_tdlib_lines() {
        let here = Location::caller();
        let line = format_line(2, here, Some("client"), b"multi\nline\ttab");
        let text = String::from_utf8(line.clone()).unwrap();
        let rest = text.strip_prefix("[ 2][t ").unwrap();
        let (thread, rest) = rest.split_once("][").unwrap();
        assert!(thread.parse::<usize>().is_ok(), "{text}");
        let (time, rest) = rest.split_once("][").unwrap();
        let (secs, nanos) = time.split_once('.').unwrap();
        assert!(secs.len() >= 10 && secs.bytes().all(|b| b.is_ascii_digit()));
        assert!(nanos.len() == 9 && nanos.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(
            rest,
            format!("mod.rs:{}][&client]\tmulti\nline\ttab\n", here.line())
        );
        let untagged = format_line(12, here, None, b"x");
        assert!(untagged.starts_with(b"[12][t "));
        assert!(untagged.ends_with(format!("mod.rs:{}]\tx\n", here.line()).as_bytes()));
    }

    #[test]
    fn stderr_lines_are_coloured_up_to_level_3() {
        assert_eq!(&*coloured(0, b"a\n"), b"\x1b[1;31ma\x1b[0m\n");
        assert_eq!(&*coloured(1, b"a\n"), b"\x1b[1;31ma\x1b[0m\n");
        assert_eq!(&*coloured(2, b"a\n"), b"\x1b[1;33ma\x1b[0m\n");
        assert_eq!(&*coloured(3, b"a\nb\n"), b"\x1b[1;36ma\nb\x1b[0m\n");
        assert_eq!(&*coloured(4, b"a\n"), b"a\n");
    }

    #[test]
    fn the_callback_sees_a_line_up_to_its_first_nul() {
        assert_eq!(c_string_prefix(b"ab\0cd\n").as_bytes(), b"ab");
        assert_eq!(c_string_prefix(b"ab\n").as_bytes(), b"ab\n");
    }
}
