//! One struct per constructor and per function, with its TL field codec.

use std::collections::BTreeMap;
use std::fmt::Write;

use tl_schema::{Definition, Ty};

use crate::codec;
use crate::error::CodegenError;
use crate::fields::{plan, stored_type, FieldPlan, Plan};
use crate::names;
use crate::resolve::{unsupported, Index, Kind, RType};

/// Appends the struct for `d` and its impls to `out`.
pub fn emit(
    index: &Index<'_>,
    d: &Definition,
    kind: Kind,
    out: &mut String,
) -> Result<(), CodegenError> {
    let plans = plan(index, d)?;
    let name = names::upper_camel(d.short_name());
    if !names::is_type_ident(&name) {
        return Err(unsupported(d, "name"));
    }
    let generics = if d.params.is_empty() {
        String::new()
    } else {
        format!("<{}>", d.params.join(", "))
    };
    let bound = |b: &str| {
        let list: Vec<String> = d.params.iter().map(|p| format!("{p}: {b}")).collect();
        if list.is_empty() {
            String::new()
        } else {
            format!("<{}>", list.join(", "))
        }
    };
    let stored: Vec<(&FieldPlan, String)> = plans
        .iter()
        .filter_map(|p| stored_type(index, &p.plan).map(|t| (p, t)))
        .collect();

    let _ = writeln!(out, "/// TL `{}#{:08x}`.", d.name, d.id());
    // Default: every field empty, so code can build a value naming only what it sets.
    out.push_str("#[derive(Clone, Debug, Default, PartialEq)]\n");
    if stored.is_empty() && d.params.is_empty() {
        let _ = writeln!(out, "pub struct {name};");
    } else {
        let _ = writeln!(out, "pub struct {name}{generics} {{");
        for (p, ty) in &stored {
            let _ = writeln!(out, "    pub {}: {ty},", p.rust);
        }
        out.push_str("}\n");
    }
    let _ = writeln!(
        out,
        "impl{generics} crate::Identifiable for {name}{generics} {{ const CONSTRUCTOR_ID: u32 = 0x{:08x}; const NAME: &'static str = \"{}\"; }}",
        d.id(),
        d.name
    );
    let _ = writeln!(
        out,
        "impl{} crate::Bare for {name}{generics} {{",
        bound("crate::Serialize + crate::Deserialize")
    );
    emit_serialize(index, &plans, out);
    emit_deserialize(index, &plans, stored.is_empty() && d.params.is_empty(), out);
    out.push_str("}\n");

    let derived: Vec<&FieldPlan> = plans
        .iter()
        .filter(|p| matches!(p.plan, Plan::DerivedTrue { .. }))
        .collect();
    if !derived.is_empty() {
        let _ = writeln!(out, "impl{generics} {name}{generics} {{");
        for p in derived {
            if let Plan::DerivedTrue { data_fields } = &p.plan {
                let all: Vec<String> = data_fields
                    .iter()
                    .map(|f| format!("self.{f}.is_some()"))
                    .collect();
                let _ = writeln!(
                    out,
                    "    /// The `{}` flag, which shares its bit with {}.\n    pub fn {}(&self) -> bool {{ {} }}",
                    p.tl_name,
                    data_fields.join(", "),
                    p.rust,
                    all.join(" && ")
                );
            }
        }
        out.push_str("}\n");
    }
    if kind == Kind::Functions {
        let ret = match &d.result {
            Ty::Param { name, .. } => format!("{name}::Return"),
            Ty::Nat => return Err(unsupported(d, "`#` result")),
            Ty::Named(_) => {
                let rt = index.field_type(d, &d.result)?;
                if !returnable(index, &rt) {
                    return Err(unsupported(d, "result type"));
                }
                index.rust_type(&rt)
            }
        };
        let _ = writeln!(
            out,
            "impl{} crate::RemoteCall for {name}{generics} {{ type Return = {ret}; }}",
            bound("crate::RemoteCall + crate::Deserialize")
        );
    }
    Ok(())
}

/// Whether `rt` implements `Deserialize` (boxed), as a function result must.
fn returnable(index: &Index<'_>, rt: &RType<'_>) -> bool {
    match rt {
        RType::Int | RType::Long | RType::Double | RType::Bool | RType::Int128 | RType::Int256 => {
            true
        }
        RType::Str => !index.string_as_bytes,
        RType::Enum(_) => true,
        RType::Vector { boxed, elem } => *boxed && returnable(index, elem),
        RType::Bytes | RType::Bare(_) | RType::Param(_) | RType::TrueFlag | RType::Object => false,
    }
}

fn emit_serialize(index: &Index<'_>, plans: &[FieldPlan<'_>], out: &mut String) {
    if plans.is_empty() {
        out.push_str("    fn serialize_bare(&self, _out: &mut ::std::vec::Vec<u8>) {}\n");
        return;
    }
    out.push_str("    fn serialize_bare(&self, out: &mut ::std::vec::Vec<u8>) {\n");
    for p in plans {
        match &p.plan {
            Plan::Flags { used } => {
                if !used {
                    out.push_str("        crate::write::put_u32(out, &0);\n");
                    continue;
                }
                let _ = writeln!(out, "        let mut {}: u32 = 0;", p.local);
                // Per bit: the fields that set it. Data fields shared on one bit are written
                // together: the bit is set only when all of them are present.
                let mut bits: BTreeMap<u32, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
                for q in plans {
                    match &q.plan {
                        Plan::Optional { flags, bit, .. } if *flags == p.local => {
                            bits.entry(*bit).or_default().0.push(&q.rust)
                        }
                        Plan::TrueFlag { flags, bit } if *flags == p.local => {
                            bits.entry(*bit).or_default().1.push(&q.rust)
                        }
                        _ => {}
                    }
                }
                for (bit, (data, trues)) in bits {
                    let cond = if data.is_empty() {
                        trues
                            .iter()
                            .map(|f| format!("self.{f}"))
                            .collect::<Vec<_>>()
                            .join(" || ")
                    } else {
                        data.iter()
                            .map(|f| format!("self.{f}.is_some()"))
                            .collect::<Vec<_>>()
                            .join(" && ")
                    };
                    let _ = writeln!(
                        out,
                        "        if {cond} {{ {} |= 0x{:x}; }}",
                        p.local,
                        1u32 << bit
                    );
                }
                let _ = writeln!(out, "        crate::write::put_u32(out, &{});", p.local);
            }
            Plan::Required(rt) => {
                let _ = writeln!(
                    out,
                    "        {}",
                    codec::write(index, rt, &format!("&self.{}", p.rust), 0)
                );
            }
            Plan::Optional { flags, bit, rt } => {
                let shared = plans.iter().filter(|q| matches!(&q.plan, Plan::Optional { flags: f, bit: b, .. } if f == flags && b == bit)).count() > 1;
                let body = codec::write(index, rt, "x", 0);
                if shared {
                    let _ = writeln!(
                        out,
                        "        if {flags} & 0x{:x} != 0 {{ if let ::std::option::Option::Some(x) = &self.{} {{ {body} }} }}",
                        1u32 << bit,
                        p.rust
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "        if let ::std::option::Option::Some(x) = &self.{} {{ {body} }}",
                        p.rust
                    );
                }
            }
            Plan::Object { sized: true } => {
                let _ = writeln!(
                    out,
                    "        crate::write::put_sized_object(out, &self.{});",
                    p.rust
                );
            }
            Plan::Object { sized: false } => {
                let _ = writeln!(
                    out,
                    "        crate::Serialize::serialize(&self.{}, out);",
                    p.rust
                );
            }
            Plan::TrueFlag { .. } | Plan::DerivedTrue { .. } | Plan::ObjectLength => {}
        }
    }
    out.push_str("    }\n");
}

fn emit_deserialize(index: &Index<'_>, plans: &[FieldPlan<'_>], unit: bool, out: &mut String) {
    let src = if plans.is_empty() { "_src" } else { "src" };
    let _ = writeln!(
        out,
        "    fn deserialize_bare({src}: &mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> {{"
    );
    let mut fields = Vec::new();
    let mut object_length = "";
    for p in plans {
        match &p.plan {
            Plan::Flags { used: true } => {
                let _ = writeln!(out, "        let {} = src.read_u32()?;", p.local);
            }
            Plan::Flags { used: false } => out.push_str("        src.read_u32()?;\n"),
            Plan::Required(rt) => {
                let _ = writeln!(
                    out,
                    "        let {} = {};",
                    p.local,
                    codec::read(index, rt, 0)
                );
                fields.push(p);
            }
            Plan::Optional { flags, bit, rt } => {
                let _ = writeln!(
                    out,
                    "        let {} = if {flags} & 0x{:x} != 0 {{ ::std::option::Option::Some({}) }} else {{ ::std::option::Option::None }};",
                    p.local,
                    1u32 << bit,
                    codec::read(index, rt, 0)
                );
                fields.push(p);
            }
            Plan::TrueFlag { flags, bit } => {
                let _ = writeln!(
                    out,
                    "        let {} = {flags} & 0x{:x} != 0;",
                    p.local,
                    1u32 << bit
                );
                fields.push(p);
            }
            Plan::DerivedTrue { .. } => {}
            Plan::ObjectLength => {
                let _ = writeln!(out, "        let {} = src.read_i32()?;", p.local);
                object_length = &p.local;
            }
            Plan::Object { sized: true } => {
                let _ = writeln!(
                    out,
                    "        let {} = crate::read::sized_object(src, {object_length})?;",
                    p.local
                );
                fields.push(p);
            }
            Plan::Object { sized: false } => {
                let _ = writeln!(
                    out,
                    "        let {} = <crate::Blob as crate::Deserialize>::deserialize(src)?;",
                    p.local
                );
                fields.push(p);
            }
        }
    }
    if unit {
        out.push_str("        ::std::result::Result::Ok(Self)\n    }\n");
    } else {
        let inits: Vec<String> = fields
            .iter()
            .map(|p| format!("{}: {}", p.rust, p.local))
            .collect();
        let _ = writeln!(
            out,
            "        ::std::result::Result::Ok(Self {{ {} }})\n    }}",
            inits.join(", ")
        );
    }
}
