//! Generates `mtproto` (schema/mtproto_api.tl) and, with the `api` feature,
//! `api` (schema/telegram_api.tl) into OUT_DIR, plus a sample value per constructor for the
//! round-trip tests.

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let schema_dir = manifest.join("../../schema");
    // mtproto_api.tl uses `string` for binary data (pq, encrypted answers, ...).
    let api = std::env::var_os("CARGO_FEATURE_API").is_some();
    let schemas = [
        ("mtproto_api.tl", "mtproto", true),
        ("telegram_api.tl", "api", false),
    ];
    for (file, module, string_as_bytes) in schemas {
        if module == "api" && !api {
            continue;
        }
        let path = schema_dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let schema = tl_schema::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let config = tl_codegen::Config {
            root: &format!("crate::{module}"),
            test_root: &format!("::tl::{module}"),
            string_as_bytes,
        };
        let generated = tl_codegen::generate(&schema, &config)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (name, code) in [
            (format!("{module}.rs"), generated.code),
            (format!("{module}_samples.rs"), generated.samples),
        ] {
            let target = out_dir.join(name);
            std::fs::write(&target, code)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
        }
    }
}
