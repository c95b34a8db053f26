//! include/td/telegram/td_json_client.h must be what cbindgen makes of src/ffi.rs.
//! `make header` (the ignored `regenerate` test) rewrites it.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    root().join("include/td/telegram/td_json_client.h")
}

fn generate() -> String {
    let config = cbindgen::Config::from_file(root().join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root().join("src/ffi.rs"))
        .generate()
        .expect("cbindgen can read src/ffi.rs");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("cbindgen writes UTF-8")
}

#[test]
fn header_is_current() {
    let on_disk = std::fs::read_to_string(header_path())
        .expect("include/td/telegram/td_json_client.h exists");
    assert!(
        on_disk == generate(),
        "the header is stale: run `make header`"
    );
}

#[test]
fn header_declares_tdlibs_functions() {
    let h = generate();
    for decl in [
        "int td_create_client_id(void);",
        "void td_send(int client_id, const char *request);",
        "const char *td_receive(double timeout);",
        "const char *td_execute(const char *request);",
        "void td_set_log_message_callback(int max_verbosity_level, td_log_message_callback_ptr callback);",
        "void *td_json_client_create(void);",
        "void td_json_client_send(void *client, const char *request);",
        "const char *td_json_client_receive(void *client, double timeout);",
        "const char *td_json_client_execute(void *client, const char *request);",
        "void td_json_client_destroy(void *client);",
        "int td_set_log_file_path(const char *file_path);",
        "void td_set_log_max_file_size(long long max_file_size);",
        "void td_set_log_verbosity_level(int new_verbosity_level);",
        "void td_set_log_fatal_error_callback(td_log_fatal_error_callback_ptr callback);",
        "typedef void (*td_log_message_callback_ptr)(int verbosity_level, const char *message);",
        "typedef void (*td_log_fatal_error_callback_ptr)(const char *error_message);",
    ] {
        assert!(h.contains(decl), "missing `{decl}` in:\n{h}");
    }
}

#[test]
#[ignore = "writes the header; run with `make header`"]
fn regenerate() {
    std::fs::write(header_path(), generate()).expect("write the header");
}
