//! Decoding by id when the type is not known in advance: `Function` (every function, for a
//! server reading calls), `Object` (every boxed type) and `constructor_name`.

use std::collections::HashSet;
use std::fmt::Write;

use tl_schema::Definition;

use crate::error::CodegenError;
use crate::names;
use crate::resolve::{Index, Kind};

/// `AuthSendCode` for `auth.sendCode`: unique across namespaces.
pub fn qualified(tl_name: &str) -> String {
    tl_name.split('.').map(names::upper_camel).collect()
}

fn check_unique<'a>(
    names: impl Iterator<Item = &'a String>,
    what: &str,
) -> Result<(), CodegenError> {
    let mut seen = HashSet::new();
    for n in names {
        if !seen.insert(n) {
            return Err(CodegenError::DuplicateName {
                name: format!("{what}::{n}"),
            });
        }
    }
    Ok(())
}

pub fn emit_function(index: &Index<'_>, out: &mut String) -> Result<(), CodegenError> {
    let functions: Vec<(String, &Definition, String)> = index
        .functions
        .iter()
        .filter(|d| index.dispatched(d))
        .map(|d| {
            let generic = if d.params.is_empty() {
                ""
            } else {
                "<Function>"
            };
            (
                qualified(&d.name),
                *d,
                format!("{}{generic}", index.path(Kind::Functions, &d.name)),
            )
        })
        .collect();
    check_unique(functions.iter().map(|f| &f.0), "Function")?;

    out.push_str(
        "/// Any function of this schema, as a server receives it. Generic wrappers hold the\n\
         /// wrapped call as a `Function` too.\n#[derive(Clone, Debug, PartialEq)]\npub enum Function {\n",
    );
    for (v, _, path) in &functions {
        let _ = writeln!(out, "    {v}(::std::boxed::Box<{path}>),");
    }
    out.push_str(
        "}\nimpl Function {\n    pub fn constructor_id(&self) -> u32 {\n        match self {\n",
    );
    for (v, d, _) in &functions {
        let _ = writeln!(out, "            Self::{v}(_) => 0x{:08x},", d.id());
    }
    out.push_str("        }\n    }\n}\n");
    out.push_str("impl crate::Serialize for Function {\n    fn serialize(&self, out: &mut ::std::vec::Vec<u8>) {\n        match self {\n");
    for (v, _, _) in &functions {
        let _ = writeln!(
            out,
            "            Self::{v}(x) => crate::Serialize::serialize(&**x, out),"
        );
    }
    out.push_str("        }\n    }\n}\n");
    out.push_str(
        "impl crate::Deserialize for Function {\n    fn deserialize(src: &mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> {\n        src.enter()?;\n        let decode: fn(&mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> = match src.read_u32()? {\n",
    );
    for (v, d, _) in &functions {
        let _ = writeln!(
            out,
            "            0x{:08x} => |src| crate::read::boxed(src).map(Self::{v}),",
            d.id()
        );
    }
    out.push_str(
        "            id => return ::std::result::Result::Err(crate::Error::UnexpectedConstructor { id, ty: \"Function\" }),\n        };\n        let value = decode(src);\n        src.leave();\n        value\n    }\n}\n",
    );
    Ok(())
}

pub fn emit_object(index: &Index<'_>, out: &mut String) -> Result<(), CodegenError> {
    let types: Vec<(String, &str, &Vec<&Definition>)> = index
        .by_type
        .iter()
        .map(|(ty, ctors)| (qualified(ty), *ty, ctors))
        .collect();
    check_unique(types.iter().map(|t| &t.0), "Object")?;

    out.push_str("/// A value of any boxed type of this schema, told apart by its constructor id.\n#[derive(Clone, Debug, PartialEq)]\npub enum Object {\n");
    for (v, ty, _) in &types {
        let _ = writeln!(out, "    {v}({}),", index.path(Kind::Enums, ty));
    }
    out.push_str(
        "}\nimpl Object {\n    pub fn constructor_id(&self) -> u32 {\n        match self {\n",
    );
    for (v, _, _) in &types {
        let _ = writeln!(out, "            Self::{v}(x) => x.constructor_id(),");
    }
    out.push_str("        }\n    }\n}\n");
    out.push_str("impl crate::Serialize for Object {\n    fn serialize(&self, out: &mut ::std::vec::Vec<u8>) {\n        match self {\n");
    for (v, _, _) in &types {
        let _ = writeln!(
            out,
            "            Self::{v}(x) => crate::Serialize::serialize(x, out),"
        );
    }
    out.push_str("        }\n    }\n}\n");
    out.push_str(
        "impl crate::Deserialize for Object {\n    fn deserialize(src: &mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> {\n        let decode: fn(&mut crate::Reader<'_>) -> ::std::result::Result<Self, crate::Error> = match src.peek_u32()? {\n",
    );
    for (v, _, ctors) in &types {
        let ids: Vec<String> = ctors.iter().map(|d| format!("0x{:08x}", d.id())).collect();
        let _ = writeln!(
            out,
            "            {} => |src| crate::Deserialize::deserialize(src).map(Self::{v}),",
            ids.join(" | ")
        );
    }
    out.push_str(
        "            id => return ::std::result::Result::Err(crate::Error::UnexpectedConstructor { id, ty: \"Object\" }),\n        };\n        decode(src)\n    }\n}\n",
    );
    Ok(())
}

pub fn emit_names(index: &Index<'_>, out: &mut String) {
    out.push_str(
        "/// The TL name of a constructor or function id of this schema, or of the runtime's\n/// built-ins (`vector`, `boolTrue`, ...), for logs and errors.\npub fn constructor_name(id: u32) -> ::std::option::Option<&'static str> {\n    ::std::option::Option::Some(match id {\n",
    );
    for d in index
        .constructors
        .iter()
        .chain(&index.functions)
        .filter(|d| index.dispatched(d))
    {
        let _ = writeln!(out, "        0x{:08x} => \"{}\",", d.id(), d.name);
    }
    out.push_str("        _ => return crate::builtin_name(id),\n    })\n}\n");
}
