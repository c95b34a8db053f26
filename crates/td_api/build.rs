//! Generates the td_api types from `schema/td_api.tl` (see build/codegen.rs).

#[path = "build/codegen.rs"]
mod codegen;

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let schema_path = manifest.join("../../schema/td_api.tl");
    println!("cargo:rerun-if-changed={}", schema_path.display());
    println!("cargo:rerun-if-changed=build/codegen.rs");
    let text = std::fs::read_to_string(&schema_path)
        .unwrap_or_else(|e| panic!("can't read {}: {e}", schema_path.display()));
    let schema =
        tl_schema::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", schema_path.display()));
    let code = codegen::generate(&schema);
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("td_api.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("can't write {}: {e}", out.display()));
}
