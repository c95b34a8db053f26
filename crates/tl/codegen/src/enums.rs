//! One enum per abstract TL type, over its constructors.

use std::collections::HashSet;
use std::fmt::Write;

use tl_schema::Definition;

use crate::error::CodegenError;
use crate::names;
use crate::resolve::{Index, Kind};

/// Whether the constructor's struct has no fields, so its variant carries nothing.
pub fn is_unit(d: &Definition) -> bool {
    d.fields
        .iter()
        .all(|f| f.condition.is_none() && f.ty == tl_schema::Ty::Nat)
}

/// Variant names: the constructor name without the type's name in front where that leaves
/// a name (`InputPeer::Chat`), else the whole constructor name (`Updates::UpdateShort`).
pub fn variant_names(ty: &str, ctors: &[&Definition]) -> Result<Vec<String>, CodegenError> {
    let short = |d: &Definition| names::upper_camel(d.short_name());
    let stripped: Vec<String> = ctors
        .iter()
        .map(|d| {
            let full = short(d);
            match full.strip_prefix(ty) {
                Some(rest) if names::is_type_ident(rest) => rest.to_string(),
                _ => full,
            }
        })
        .collect();
    if unique(&stripped) {
        return Ok(stripped);
    }
    let qualified: Vec<String> = ctors
        .iter()
        .map(|d| {
            format!(
                "{}{}",
                d.namespace().map(names::upper_camel).unwrap_or_default(),
                short(d)
            )
        })
        .collect();
    if unique(&qualified) {
        Ok(qualified)
    } else {
        Err(CodegenError::DuplicateName {
            name: format!("variants of {ty}"),
        })
    }
}

fn unique(names: &[String]) -> bool {
    let mut seen = HashSet::new();
    names.iter().all(|n| seen.insert(n.as_str()))
}

pub fn emit(
    index: &Index<'_>,
    tl_type: &str,
    ctors: &[&Definition],
    out: &mut String,
) -> Result<(), CodegenError> {
    let short = tl_type.rsplit('.').next().unwrap_or(tl_type);
    let name = names::upper_camel(short);
    if !names::is_type_ident(&name) {
        return Err(CodegenError::Unsupported {
            definition: tl_type.into(),
            what: "type name".into(),
        });
    }
    let variants = variant_names(&name, ctors)?;
    let arms: Vec<(&str, &Definition, String)> = variants
        .iter()
        .zip(ctors)
        .map(|(v, d)| (v.as_str(), *d, index.path(Kind::Types, &d.name)))
        .collect();

    let _ = writeln!(
        out,
        "/// TL type `{tl_type}`.\n#[derive(Clone, Debug, PartialEq)]\npub enum {name} {{"
    );
    for (v, d, path) in &arms {
        if is_unit(d) {
            let _ = writeln!(out, "    {v},");
        } else {
            let _ = writeln!(out, "    {v}(::std::boxed::Box<{path}>),");
        }
    }
    out.push_str("}\n");

    // Default: a unit constructor if there is one (they are the "empty" ones), else the
    // first with its fields empty.
    let default = arms
        .iter()
        .find(|(_, d, _)| is_unit(d))
        .or(arms.first())
        .map(|(v, d, _)| {
            if is_unit(d) {
                format!("Self::{v}")
            } else {
                format!("Self::{v}(::std::default::Default::default())")
            }
        });
    if let Some(default) = default {
        let _ = writeln!(
            out,
            "impl ::std::default::Default for {name} {{\n    fn default() -> Self {{\n        {default}\n    }}\n}}"
        );
    }

    let _ = writeln!(
        out,
        "impl {name} {{\n    pub fn constructor_id(&self) -> u32 {{\n        match self {{"
    );
    for (v, d, _) in &arms {
        let pattern = if is_unit(d) {
            String::new()
        } else {
            "(_)".into()
        };
        let _ = writeln!(out, "            Self::{v}{pattern} => 0x{:08x},", d.id());
    }
    out.push_str("        }\n    }\n}\n");

    let _ = writeln!(
        out,
        "impl crate::Serialize for {name} {{\n    fn serialize(&self, out: &mut ::std::vec::Vec<u8>) {{\n        match self {{"
    );
    for (v, d, _) in &arms {
        if is_unit(d) {
            // A unit constructor may still have an (empty) flags word after its id.
            let _ = writeln!(
                out,
                "            Self::{v} => crate::Serialize::serialize(&{}, out),",
                index.path(Kind::Types, &d.name)
            );
        } else {
            let _ = writeln!(
                out,
                "            Self::{v}(x) => crate::Serialize::serialize(&**x, out),"
            );
        }
    }
    out.push_str("        }\n    }\n}\n");

    let _ = writeln!(
        out,
        "impl crate::Deserialize for {name} {{\n    fn deserialize(src: &mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> {{\n        src.enter()?;\n        let decode: fn(&mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> = match src.read_u32()? {{"
    );
    for (v, d, path) in &arms {
        if is_unit(d) {
            let _ = writeln!(
                out,
                "            0x{:08x} => |src| <{path} as crate::Bare>::deserialize_bare(src).map(|_| Self::{v}),",
                d.id()
            );
        } else {
            let _ = writeln!(
                out,
                "            0x{:08x} => |src| crate::read::boxed(src).map(Self::{v}),",
                d.id()
            );
        }
    }
    let _ = writeln!(
        out,
        "            id => return ::std::result::Result::Err(crate::Error::UnexpectedConstructor {{ id, ty: \"{tl_type}\" }}),\n        }};\n        let value = decode(src);\n        src.leave();\n        value\n    }}\n}}"
    );

    for (v, d, path) in &arms {
        if is_unit(d) {
            let _ = writeln!(out, "impl ::std::convert::From<{path}> for {name} {{ fn from(_: {path}) -> Self {{ Self::{v} }} }}");
        } else {
            let _ = writeln!(
                out,
                "impl ::std::convert::From<{path}> for {name} {{ fn from(x: {path}) -> Self {{ Self::{v}(::std::boxed::Box::new(x)) }} }}"
            );
        }
    }
    Ok(())
}
