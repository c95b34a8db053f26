//! setTdlibParameters: TDLib's checks, in its order, and the database directory.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use td_api::Repaired;

use crate::api::{error, TdError};

const API_ID: &str = "Valid api_id must be provided. Can be obtained at https://my.telegram.org";
const API_HASH: &str =
    "Valid api_hash must be provided. Can be obtained at https://my.telegram.org";

pub fn check(p: &td_api::SetTdlibParameters, repaired: &Repaired) -> Result<(), TdError> {
    // Only these fields are checked by TDLib.
    let checked = [
        &p.api_hash,
        &p.system_language_code,
        &p.device_model,
        &p.system_version,
        &p.application_version,
    ];
    if checked.iter().any(|s| repaired.contains(s)) {
        return Err(error(400, "Strings must be encoded in UTF-8"));
    }
    let rules = [
        (p.api_id <= 0, API_ID),
        (p.api_hash.is_empty(), API_HASH),
        (
            p.system_language_code.is_empty(),
            "System language code must be non-empty",
        ),
        (p.device_model.is_empty(), "Device model must be non-empty"),
        (
            p.application_version.is_empty(),
            "Application version must be non-empty",
        ),
    ];
    if let Some((_, message)) = rules.iter().find(|(bad, _)| *bad) {
        return Err(error(400, *message));
    }
    if !p.database_directory.is_empty() {
        // The directory is named by the bytes the request held, UTF-8 or not, as in TDLib.
        let path = Path::new(OsStr::from_bytes(repaired.bytes(&p.database_directory)));
        if let Err(e) = std::fs::create_dir_all(path) {
            let dir = &p.database_directory;
            let errno = e.raw_os_error().unwrap_or(0);
            return Err(error(
                400,
                format!(
                    "Can't init database in the directory \"{dir}\": [PosixError : {} : {errno} : Can't create directory \"{dir}\"]",
                    strerror(errno)
                ),
            ));
        }
    }
    Ok(())
}

fn strerror(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    // "No such file or directory (os error 2)" → the C library's text.
    match text.rfind(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The local time zone's offset from UTC, in seconds.
pub fn utc_time_offset() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as libc::time_t)
        .unwrap_or(0);
    // SAFETY: localtime_r only writes the tm we pass.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return 0;
        }
        tm.tm_gmtoff as i64
    }
}
