//! schema/td_api.tl must accept everything TDLib 1.8.65's td_api.tl declares, and the
//! generated code must cover the schema with TDLib's constructor ids.

use std::collections::HashMap;
use std::path::PathBuf;

use tl_schema::{Category, Definition, Ty};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: PathBuf) -> tl_schema::Schema {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the reference schemas live in ../shared beside the repository)",
            path.display()
        )
    });
    tl_schema::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn signature(d: &Definition) -> (Vec<(String, String)>, String) {
    let fields = d
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.ty.to_string()))
        .collect();
    let result = match &d.result {
        Ty::Named(t) => t.to_string(),
        other => other.to_string(),
    };
    (fields, result)
}

#[test]
fn schema_accepts_every_reference_declaration() {
    let ours = load(repo_root().join("schema/td_api.tl"));
    let reference = load(repo_root().join("../shared/reference/tdlib/td_api.tl"));
    let index: HashMap<(&str, Category), &Definition> = ours
        .definitions
        .iter()
        .map(|d| ((d.name.as_str(), d.category), d))
        .collect();
    let mut missing = Vec::new();
    let mut different = Vec::new();
    let (mut classes, mut functions) = (0, 0);
    for d in &reference.definitions {
        match d.category {
            Category::Type => classes += 1,
            Category::Function => functions += 1,
        }
        match index.get(&(d.name.as_str(), d.category)) {
            None => missing.push(d.name.clone()),
            Some(o) if signature(o) != signature(d) => different.push(d.name.clone()),
            Some(_) => {}
        }
    }
    assert!(
        classes > 2000 && functions > 900,
        "reference looks truncated: {classes} classes, {functions} functions"
    );
    assert!(
        missing.is_empty(),
        "missing from schema/td_api.tl: {missing:?}"
    );
    assert!(
        different.is_empty(),
        "fields or types differ: {different:?}"
    );
}

#[test]
fn generated_code_covers_the_schema() {
    let ours = load(repo_root().join("schema/td_api.tl"));
    let builtin = [
        "double",
        "string",
        "int32",
        "int53",
        "int64",
        "bytes",
        "boolFalse",
        "boolTrue",
        "vector",
    ];
    let count = |c: Category| {
        ours.definitions
            .iter()
            .filter(|d| d.category == c && !d.builtin && !builtin.contains(&d.name.as_str()))
            .count()
    };
    assert_eq!(td_api::FUNCTIONS.len(), count(Category::Function));
    assert_eq!(td_api::CONSTRUCTORS.len(), count(Category::Type));
}

#[test]
fn constructor_ids_are_tdlibs() {
    // Probed from TDLib 1.8.65: a numeric "@type" with these ids is accepted.
    let ids: HashMap<&str, i32> = td_api::FUNCTIONS
        .iter()
        .chain(td_api::CONSTRUCTORS)
        .map(|(n, id, _)| (*n, *id))
        .collect();
    assert_eq!(ids["getOption"], -1572495746);
    assert_eq!(ids["error"], -1679978726);
    // bytes fields keep the name `bytes` in td_api ids (unlike MTProto's rule).
    assert_eq!(ids["testCallBytes"], -736011607);
    let mut seen = HashMap::new();
    for (name, id, _) in td_api::FUNCTIONS.iter().chain(td_api::CONSTRUCTORS) {
        assert!(
            seen.insert(*id, *name).is_none(),
            "duplicate id {id} for {name}"
        );
    }
}
