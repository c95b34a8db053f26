//! Generates Rust for a TL schema: a struct per constructor (`types`), an enum per abstract
//! type (`enums`), a struct per function (`functions`), and the `Function` and `Object`
//! enums that decode by id. The code uses the runtime of the `tl` crate (`crate::...`);
//! crates/tl's build script runs this and includes the result.

mod codec;
mod dispatch;
mod enums;
mod error;
mod fields;
mod names;
mod resolve;
mod samples;
mod structs;

use std::collections::{BTreeMap, HashSet};

use tl_schema::Schema;

pub use error::CodegenError;
use resolve::{Index, Kind};

/// How one schema maps to Rust.
pub struct Config<'a> {
    /// Path of the module that will include the generated code, e.g. `crate::api`.
    pub root: &'a str,
    /// The same module as seen from the crate's integration tests (`::tl::api`), for samples.
    pub test_root: &'a str,
    /// Decode TL `string` as `Vec<u8>`: mtproto_api.tl uses it for binary data.
    pub string_as_bytes: bool,
}

pub struct Generated {
    /// The items to include in the module at `Config::root`.
    pub code: String,
    /// A `mod samples` with a test value per constructor and function (see `samples.rs`).
    pub samples: String,
}

pub fn generate(schema: &Schema, config: &Config<'_>) -> Result<Generated, CodegenError> {
    let index = Index::new(schema, config.root, config.string_as_bytes)?;
    // (module kind, namespace) → items.
    let mut modules: BTreeMap<(&str, Option<&str>), String> = BTreeMap::new();
    let mut names = HashSet::new();
    let mut claim = |kind: &'static str, tl_name: &str| {
        let (ns, short) = tl_name
            .rsplit_once('.')
            .map_or((None, tl_name), |(n, s)| (Some(n.to_string()), s));
        let key = format!(
            "{kind}::{}::{}",
            ns.unwrap_or_default(),
            names::upper_camel(short)
        );
        if names.insert(key.clone()) {
            Ok(())
        } else {
            Err(CodegenError::DuplicateName { name: key })
        }
    };
    for d in &index.constructors {
        claim("types", &d.name)?;
        structs::emit(
            &index,
            d,
            Kind::Types,
            modules.entry(("types", d.namespace())).or_default(),
        )?;
    }
    for d in &index.functions {
        claim("functions", &d.name)?;
        structs::emit(
            &index,
            d,
            Kind::Functions,
            modules.entry(("functions", d.namespace())).or_default(),
        )?;
    }
    for (ty, ctors) in &index.by_type {
        claim("enums", ty)?;
        let ns = ty.rsplit_once('.').map(|(n, _)| n);
        enums::emit(&index, ty, ctors, modules.entry(("enums", ns)).or_default())?;
    }

    let mut code = String::with_capacity(4 << 20);
    let mut current: Option<&str> = None;
    for ((kind, ns), items) in &modules {
        if current != Some(kind) {
            if current.is_some() {
                code.push_str("}\n");
            }
            code.push_str(&format!("pub mod {kind} {{\n"));
            current = Some(kind);
        }
        match ns {
            Some(ns) => {
                code.push_str(&format!("pub mod {} {{\n", names::ident(ns)));
                code.push_str(items);
                code.push_str("}\n");
            }
            None => code.push_str(items),
        }
    }
    if current.is_some() {
        code.push_str("}\n");
    }
    dispatch::emit_function(&index, &mut code)?;
    dispatch::emit_object(&index, &mut code)?;
    dispatch::emit_names(&index, &mut code);

    let test_index = Index::new(schema, config.test_root, config.string_as_bytes)?;
    let samples = samples::emit(&test_index)?;
    Ok(Generated { code, samples })
}
