//! Every generated constructor and function survives serialize → deserialize → serialize,
//! with every optional field present (samples generated from the schemas by build.rs).

use tl::{Deserialize, Serialize};

#[cfg(feature = "api")]
mod api_samples {
    include!(concat!(env!("OUT_DIR"), "/api_samples.rs"));
}
mod mtproto_samples {
    include!(concat!(env!("OUT_DIR"), "/mtproto_samples.rs"));
}

/// (constructors, functions) of a project schema file that must have a sample: all but
/// builtins, `Bool`, and the TDLib stand-ins (`...Prefix`) that reuse another function's id.
fn expected_counts(file: &str) -> (usize, usize) {
    let path = format!("{}/../../schema/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let schema = tl::schema::parse(&text).expect("schema parses");
    let real = |d: &&tl::schema::Definition| {
        let bool_ctor = d.category == tl::schema::Category::Type
            && matches!(&d.result, tl::schema::Ty::Named(t) if t.name == "Bool");
        !d.builtin && !bool_ctor && !d.name.ends_with("Prefix")
    };
    let count = |c| {
        schema
            .definitions
            .iter()
            .filter(|d| d.category == c)
            .filter(real)
            .count()
    };
    (
        count(tl::schema::Category::Type),
        count(tl::schema::Category::Function),
    )
}

/// Encodes `value`, checks its id, decodes it back and re-encodes it. `open_ended` values
/// end in an `Object` that takes the rest of the input.
fn round_trip<T: Serialize + Deserialize + PartialEq + std::fmt::Debug>(
    name: &str,
    value: &T,
    id: u32,
    name_of: fn(u32) -> Option<&'static str>,
    open_ended: bool,
) {
    let bytes = value.to_bytes();
    assert_eq!(bytes.len() % 4, 0, "{name}: unaligned");
    assert_eq!(bytes[..4], id.to_le_bytes(), "{name}: id");
    assert_eq!(name_of(id), Some(name), "{name}: constructor_name");
    let decoded = T::from_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&decoded, value, "{name}");
    assert_eq!(decoded.to_bytes(), bytes, "{name}: re-encoding");
    // Every proper prefix is an error, never a panic or a bogus success. An open-ended
    // value's prefix may decode, with a shorter tail: never as the original.
    for cut in [0, 1, 4, bytes.len() / 2, bytes.len() - 1] {
        if cut < bytes.len() {
            let decoded = T::from_bytes(&bytes[..cut]);
            if open_ended && cut >= 4 {
                assert!(decoded.as_ref() != Ok(value), "{name}: prefix {cut}");
            } else {
                assert!(decoded.is_err(), "{name}: prefix {cut}");
            }
        }
    }
}

#[cfg(feature = "api")]
#[test]
fn every_api_constructor() {
    let objects = api_samples::samples::objects();
    assert_eq!(objects.len(), expected_counts("telegram_api.tl").0);
    for (name, object) in &objects {
        round_trip(
            name,
            object,
            object.constructor_id(),
            tl::api::constructor_name,
            false,
        );
    }
}

#[cfg(feature = "api")]
#[test]
fn every_api_function() {
    let functions = api_samples::samples::functions();
    assert_eq!(functions.len(), expected_counts("telegram_api.tl").1);
    for (name, function) in &functions {
        round_trip(
            name,
            function,
            function.constructor_id(),
            tl::api::constructor_name,
            false,
        );
    }
}

#[test]
fn every_mtproto_constructor_and_function() {
    let (constructors, function_count) = expected_counts("mtproto_api.tl");
    let objects = mtproto_samples::samples::objects();
    assert_eq!(objects.len(), constructors);
    // rpc_result's `result:Object` is its last field and takes the rest of the input.
    let open_ended = mtproto_samples::samples::open_ended();
    assert_eq!(open_ended, ["rpc_result"]);
    for (name, object) in &objects {
        round_trip(
            name,
            object,
            object.constructor_id(),
            tl::mtproto::constructor_name,
            open_ended.contains(name),
        );
    }
    let functions = mtproto_samples::samples::functions();
    assert_eq!(functions.len(), function_count);
    for (name, function) in &functions {
        round_trip(
            name,
            function,
            function.constructor_id(),
            tl::mtproto::constructor_name,
            false,
        );
    }
}

/// Writes every sample's encoding as a seed for the fuzzer:
/// `cargo test -p tl --test roundtrip -- --ignored write_fuzz_seeds`.
#[cfg(feature = "api")]
#[test]
#[ignore = "writes files; run by hand before fuzzing"]
fn write_fuzz_seeds() {
    let dir = format!("{}/fuzz/corpus/decode", env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(&dir).expect("create corpus dir");
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, o) in api_samples::samples::objects() {
        seeds.push((format!("api-{name}"), o.to_bytes()));
    }
    for (name, f) in api_samples::samples::functions() {
        seeds.push((format!("api-fn-{name}"), f.to_bytes()));
    }
    for (name, o) in mtproto_samples::samples::objects() {
        seeds.push((format!("mtproto-{name}"), o.to_bytes()));
    }
    for (name, f) in mtproto_samples::samples::functions() {
        seeds.push((format!("mtproto-fn-{name}"), f.to_bytes()));
    }
    for (name, bytes) in &seeds {
        std::fs::write(format!("{dir}/{name}"), bytes).expect("write seed");
    }
    assert!(seeds.len() > 2000);
}
