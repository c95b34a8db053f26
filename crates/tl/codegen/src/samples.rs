//! Test values: one per constructor and function, with every optional field present and
//! distinct primitive values, so a round trip through the codec exercises everything.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Write;

use tl_schema::Definition;

use crate::dispatch::qualified;
use crate::error::CodegenError;
use crate::fields::{plan, Plan};
use crate::resolve::{Index, Kind, RType};

const INFINITE: usize = usize::MAX / 4;

struct Samples<'i, 's> {
    index: &'i Index<'s>,
    counter: Cell<u64>,
    /// The cheapest constructor of each abstract type: the sample used wherever it is needed.
    cheapest: HashMap<&'s str, &'s Definition>,
    leaf_function: Option<&'s Definition>,
}

fn mangle(tl_name: &str) -> String {
    tl_name.replace('.', "_")
}

/// Nested-value count of the smallest value of `rt`, given the current type costs.
fn cost(index: &Index<'_>, rt: &RType<'_>, costs: &HashMap<&str, usize>, depth: u32) -> usize {
    match rt {
        RType::Enum(t) => costs.get(t).copied().unwrap_or(INFINITE),
        RType::Vector { elem, .. } => cost(index, elem, costs, depth),
        RType::Bare(d) if depth < 8 => ctor_cost(index, d, costs, depth + 1),
        RType::Bare(_) => INFINITE,
        _ => 0,
    }
}

fn ctor_cost(index: &Index<'_>, d: &Definition, costs: &HashMap<&str, usize>, depth: u32) -> usize {
    let Ok(plans) = plan(index, d) else {
        return INFINITE;
    };
    plans.iter().fold(1usize, |sum, p| match &p.plan {
        Plan::Required(rt) | Plan::Optional { rt, .. } => {
            sum.saturating_add(cost(index, rt, costs, depth))
        }
        _ => sum,
    })
}

impl<'i, 's> Samples<'i, 's> {
    fn new(index: &'i Index<'s>) -> Result<Self, CodegenError> {
        let mut costs: HashMap<&str, usize> = HashMap::new();
        let mut cheapest = HashMap::new();
        loop {
            let mut changed = false;
            for (ty, ctors) in &index.by_type {
                for d in ctors {
                    let c = ctor_cost(index, d, &costs, 0).min(INFINITE);
                    if c < costs.get(ty).copied().unwrap_or(INFINITE) {
                        costs.insert(ty, c);
                        cheapest.insert(*ty, *d);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if let Some(ty) = index.by_type.keys().find(|t| !cheapest.contains_key(*t)) {
            return Err(CodegenError::NoSample {
                ty: (*ty).to_string(),
            });
        }
        let leaf_function = index
            .functions
            .iter()
            .filter(|d| d.params.is_empty() && index.dispatched(d))
            .min_by_key(|d| ctor_cost(index, d, &costs, 0))
            .copied();
        Ok(Self {
            index,
            counter: Cell::new(0),
            cheapest,
            leaf_function,
        })
    }

    fn next(&self) -> u64 {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        n
    }

    fn value(&self, rt: &RType<'_>) -> String {
        let n = self.next();
        match rt {
            RType::Int => format!("{}i32", if n % 3 == 0 { -(n as i64) } else { n as i64 }),
            RType::Long => format!(
                "{}i64",
                (n as i64) * 4_294_967_311 * if n % 2 == 0 { -1 } else { 1 }
            ),
            RType::Double => format!("{n}.5f64"),
            RType::Bool => format!("{}", n % 2 == 0),
            RType::Str if self.index.string_as_bytes => format!("b\"s{n}\".to_vec()"),
            RType::Str => format!("::std::string::String::from(\"s{n}\")"),
            RType::Bytes => format!("::std::vec![{}u8, 0xff, 0]", n % 256),
            RType::Int128 => format!("[{}u8; 16]", n % 256),
            RType::Int256 => format!("[{}u8; 32]", n % 256),
            RType::TrueFlag => "true".into(),
            RType::Vector { elem, .. } => format!("::std::vec![{}]", self.value(elem)),
            RType::Enum(t) => format!("enum_{}()", mangle(t)),
            // Any boxed object will do: an id-like word and one more.
            RType::Object => format!(
                "{}::Blob(::std::vec![{}u8, 1, 2, 3, 4, 5, 6, 7])",
                self.index.runtime(),
                n % 256
            ),
            RType::Bare(d) => format!("ctor_{}()", mangle(&d.name)),
            RType::Param(_) => match self.leaf_function {
                Some(d) => format!(
                    "{}::Function::{}(::std::boxed::Box::new(func_{}()))",
                    self.index.root,
                    qualified(&d.name),
                    mangle(&d.name)
                ),
                None => "compile_error!(\"no function to wrap\")".into(),
            },
        }
    }

    fn constructor(
        &self,
        d: &Definition,
        kind: Kind,
        out: &mut String,
    ) -> Result<(), CodegenError> {
        let path = self.index.path(kind, &d.name);
        let (prefix, ty) = match kind {
            Kind::Functions if !d.params.is_empty() => {
                ("func", format!("{path}<{}::Function>", self.index.root))
            }
            Kind::Functions => ("func", path.clone()),
            _ => ("ctor", path.clone()),
        };
        let mut inits = Vec::new();
        for p in plan(self.index, d)? {
            let value = match &p.plan {
                Plan::Required(rt) => self.value(rt),
                Plan::Object { .. } => self.value(&RType::Object),
                Plan::Optional { rt, .. } => {
                    format!("::std::option::Option::Some({})", self.value(rt))
                }
                Plan::TrueFlag { .. } => "true".into(),
                Plan::Flags { .. } | Plan::DerivedTrue { .. } | Plan::ObjectLength => continue,
            };
            inits.push(format!("{}: {value}", p.rust));
        }
        let body = if inits.is_empty() && d.params.is_empty() {
            path
        } else {
            format!("{path} {{ {} }}", inits.join(", "))
        };
        let _ = writeln!(
            out,
            "pub fn {prefix}_{}() -> {ty} {{ {body} }}",
            mangle(&d.name)
        );
        Ok(())
    }
}

/// Source for the sample functions plus `objects()` and `functions()`, which list a sample
/// of every dispatched constructor and function with its TL name, and `open_ended()`.
pub fn emit(index: &Index<'_>) -> Result<String, CodegenError> {
    let samples = Samples::new(index)?;
    let mut out = String::from(
        "#[allow(non_snake_case, clippy::all)]\n#[allow(dead_code)]\npub mod samples {\n",
    );
    for d in &index.constructors {
        samples.constructor(d, Kind::Types, &mut out)?;
    }
    for d in &index.functions {
        samples.constructor(d, Kind::Functions, &mut out)?;
    }
    for (ty, d) in {
        let mut v: Vec<_> = samples.cheapest.iter().collect();
        v.sort_by_key(|(ty, _)| **ty);
        v
    } {
        let _ = writeln!(
            out,
            "pub fn enum_{}() -> {} {{ ::std::convert::From::from(ctor_{}()) }}",
            mangle(ty),
            index.path(Kind::Enums, ty),
            mangle(&d.name)
        );
    }
    let root = &index.root;
    let _ = writeln!(
        out,
        "pub fn objects() -> ::std::vec::Vec<(&'static str, {root}::Object)> {{ ::std::vec!["
    );
    for (ty, ctors) in &index.by_type {
        for d in ctors {
            let _ = writeln!(
                out,
                "    (\"{}\", {root}::Object::{}(::std::convert::From::from(ctor_{}()))),",
                d.name,
                qualified(ty),
                mangle(&d.name)
            );
        }
    }
    out.push_str("] }\n");
    let _ = writeln!(
        out,
        "pub fn functions() -> ::std::vec::Vec<(&'static str, {root}::Function)> {{ ::std::vec!["
    );
    for d in index.functions.iter().filter(|d| index.dispatched(d)) {
        let _ = writeln!(
            out,
            "    (\"{}\", {root}::Function::{}(::std::boxed::Box::new(func_{}()))),",
            d.name,
            qualified(&d.name),
            mangle(&d.name)
        );
    }
    out.push_str("] }\n");
    // Encodings that end in an `Object` taking the rest of the input: a prefix cut inside
    // it still decodes (to a different value).
    let mut open = Vec::new();
    for d in index.constructors.iter().chain(&index.functions) {
        let ends_open = plan(index, d)?
            .last()
            .is_some_and(|p| matches!(p.plan, Plan::Object { sized: false }));
        if ends_open && index.dispatched(d) {
            open.push(format!("\"{}\"", d.name));
        }
    }
    let _ = writeln!(
        out,
        "pub fn open_ended() -> &'static [&'static str] {{ &[{}] }}",
        open.join(", ")
    );
    out.push_str("}\n");
    Ok(out)
}
