//! What setTdlibParameters fixes for the life of a client.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use td_api::{Repaired, SetTdlibParameters};

use crate::net::InitParams;

/// TDLib's version, which initConnection's app_version names.
const TDLIB_VERSION: &str = "1.8.65";
/// The api_id for which TDLib leaves application_version alone.
const TDLIB_OWN_API_ID: i32 = 21724;

#[derive(Clone, Debug)]
pub struct Params {
    pub use_test_dc: bool,
    pub database_directory: PathBuf,
    pub database_encryption_key: Vec<u8>,
    pub api_id: i32,
    pub api_hash: String,
    pub system_language_code: String,
    pub device_model: String,
    pub system_version: String,
    pub application_version: String,
    /// Users, groups and chats are kept in the database.
    pub use_chat_info_database: bool,
    /// Messages and chat states are kept in the database (implies chat info).
    pub use_message_database: bool,
    /// Files are kept in the database: their ids and downloads outlive the process.
    pub use_file_database: bool,
    /// Where downloads land (TDLib: database_directory when empty).
    pub files_directory: PathBuf,
}

impl Params {
    pub fn new(p: &SetTdlibParameters, repaired: &Repaired) -> Self {
        let dir = repaired.bytes(&p.database_directory);
        let database_directory = if dir.is_empty() {
            PathBuf::from(".")
        } else {
            PathBuf::from(OsStr::from_bytes(dir))
        };
        let files = repaired.bytes(&p.files_directory);
        let files_directory = if files.is_empty() {
            database_directory.clone()
        } else {
            PathBuf::from(OsStr::from_bytes(files))
        };
        let system_version = if p.system_version.is_empty() {
            operating_system_version()
        } else {
            p.system_version.clone()
        };
        Params {
            use_test_dc: p.use_test_dc,
            database_directory,
            database_encryption_key: p.database_encryption_key.clone(),
            api_id: p.api_id,
            api_hash: p.api_hash.clone(),
            system_language_code: p.system_language_code.clone(),
            device_model: p.device_model.clone(),
            system_version,
            application_version: p.application_version.clone(),
            use_chat_info_database: p.use_chat_info_database || p.use_message_database,
            use_message_database: p.use_message_database,
            use_file_database: p.use_file_database,
            files_directory,
        }
    }

    /// initConnection's fields: TDLib names itself after the app's version.
    pub fn init(&self) -> InitParams {
        let app_version = if self.api_id == TDLIB_OWN_API_ID {
            self.application_version.clone()
        } else {
            format!("{}, TDLib {TDLIB_VERSION}", self.application_version)
        };
        InitParams {
            api_id: self.api_id,
            device_model: self.device_model.clone(),
            system_version: self.system_version.clone(),
            app_version,
            system_lang_code: self.system_language_code.clone(),
            lang_pack: String::new(),
            lang_code: self.system_language_code.clone(),
        }
    }
}

/// The system's name, for an app that gives none: os-release's PRETTY_NAME, else "Linux".
fn operating_system_version() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                let v = l.strip_prefix("PRETTY_NAME=")?;
                Some(v.trim_matches('"').to_string())
            })
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "Linux".to_string())
}
