//! The log functions of td_api (all synchronous), over [`crate::log`].

use td_api::{
    LogStream, LogStreamDefault, LogStreamEmpty, LogStreamFile, LogTags, LogVerbosityLevel, Ok,
};

use super::reply::{error, Reply};
use super::sync::Ctx;
use crate::log::{self, StreamConfig};

fn ok() -> Reply<Ok> {
    Result::Ok(Ok {})
}

fn fail(e: log::LogError) -> super::TdError {
    error(400, e.to_string())
}

pub fn set_log_stream(f: &td_api::SetLogStream) -> Reply<Ok> {
    let config = match &f.log_stream {
        None => return Err(error(400, "Log stream must be non-empty")),
        Some(LogStream::LogStreamDefault(_)) => StreamConfig::Default,
        Some(LogStream::LogStreamEmpty(_)) => StreamConfig::Empty,
        Some(LogStream::LogStreamFile(file)) => StreamConfig::File {
            path: file.path.clone(),
            max_file_size: file.max_file_size,
            redirect_stderr: file.redirect_stderr,
        },
    };
    log::set_stream(&config).map_err(fail)?;
    ok()
}

pub fn get_log_stream(_: &td_api::GetLogStream) -> Reply<LogStream> {
    Result::Ok(match log::stream() {
        StreamConfig::Default => LogStreamDefault {}.into(),
        StreamConfig::Empty => LogStreamEmpty {}.into(),
        StreamConfig::File {
            path,
            max_file_size,
            redirect_stderr,
        } => LogStreamFile {
            path,
            max_file_size,
            redirect_stderr,
        }
        .into(),
    })
}

pub fn set_log_verbosity_level(f: &td_api::SetLogVerbosityLevel) -> Reply<Ok> {
    log::set_verbosity(f.new_verbosity_level).map_err(fail)?;
    ok()
}

pub fn get_log_verbosity_level(_: &td_api::GetLogVerbosityLevel) -> Reply<LogVerbosityLevel> {
    Result::Ok(LogVerbosityLevel {
        verbosity_level: log::verbosity(),
    })
}

pub fn get_log_tags(_: &td_api::GetLogTags) -> Reply<LogTags> {
    Result::Ok(LogTags {
        tags: log::TAGS.iter().map(|(t, _)| t.to_string()).collect(),
    })
}

pub fn set_log_tag_verbosity_level(f: &td_api::SetLogTagVerbosityLevel) -> Reply<Ok> {
    log::set_tag_verbosity(&f.tag, f.new_verbosity_level).map_err(fail)?;
    ok()
}

pub fn get_log_tag_verbosity_level(
    f: &td_api::GetLogTagVerbosityLevel,
) -> Reply<LogVerbosityLevel> {
    let verbosity_level = log::tag_verbosity(&f.tag).map_err(fail)?;
    Result::Ok(LogVerbosityLevel { verbosity_level })
}

/// The text is logged as the request held it, UTF-8 or not, as TDLib does.
pub fn add_log_message(f: &td_api::AddLogMessage, c: Ctx) -> Reply<Ok> {
    log::message(f.verbosity_level, Some("client"), c.bytes(&f.text));
    ok()
}
