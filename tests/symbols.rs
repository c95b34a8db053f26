//! libtdjson.so exports exactly TDLib's 14 C functions.

use std::path::PathBuf;
use std::process::Command;

const EXPORTS: [&str; 14] = [
    "td_create_client_id",
    "td_execute",
    "td_json_client_create",
    "td_json_client_destroy",
    "td_json_client_execute",
    "td_json_client_receive",
    "td_json_client_send",
    "td_receive",
    "td_send",
    "td_set_log_fatal_error_callback",
    "td_set_log_file_path",
    "td_set_log_max_file_size",
    "td_set_log_message_callback",
    "td_set_log_verbosity_level",
];

fn library() -> PathBuf {
    // The test binary lives in target/<profile>/deps; the cdylib one level up.
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .expect("target/<profile>");
    let lib = dir.join("libtdjson.so");
    assert!(lib.is_file(), "{} not built", lib.display());
    lib
}

#[test]
fn exported_symbols_are_tdlibs() {
    let out = Command::new("nm")
        .args(["-D", "--defined-only", "--format=posix"])
        .arg(library())
        .output()
        .expect("nm (binutils) is needed to list the exported symbols");
    assert!(
        out.status.success(),
        "nm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut functions: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let name = parts.next()?;
            let kind = parts.next()?;
            (kind == "T" || kind == "W" || kind == "i").then(|| name.to_string())
        })
        .collect();
    functions.sort();
    assert_eq!(functions, EXPORTS);
}
