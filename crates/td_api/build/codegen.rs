//! td_api code generator: one struct per constructor and function, one enum per abstract
//! class, the `Function` and `Object` enums, and lookup tables for `@type`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use tl_schema::{Category, Definition, Schema, Ty, TypeRef};

/// Declarations that the JSON layer implements itself.
const BUILTIN: &[&str] = &[
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

struct Model<'s> {
    constructors: Vec<&'s Definition>,
    functions: Vec<&'s Definition>,
    /// Abstract class name → its constructors, in schema order.
    abstracts: BTreeMap<String, Vec<&'s Definition>>,
}

fn camel(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn field_ident(name: &str) -> String {
    match name {
        "type" | "self" | "match" | "move" | "ref" | "static" | "use" | "where" | "loop" | "fn"
        | "mod" | "impl" | "trait" | "as" | "in" | "box" | "final" | "override" | "yield"
        | "async" | "await" | "dyn" | "crate" | "super" | "extern" | "const" | "enum"
        | "struct" | "let" | "mut" | "pub" | "return" | "if" | "else" | "for" | "while"
        | "break" | "continue" | "unsafe" | "true" | "false" | "abstract" | "become" | "do"
        | "macro" | "typeof" | "unsized" | "virtual" | "try" | "gen" | "priv" => {
            format!("r#{name}")
        }
        _ => name.to_string(),
    }
}

impl<'s> Model<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut constructors = Vec::new();
        let mut functions = Vec::new();
        let mut by_type: BTreeMap<String, Vec<&'s Definition>> = BTreeMap::new();
        for d in &schema.definitions {
            if d.builtin || BUILTIN.contains(&d.name.as_str()) {
                continue;
            }
            match d.category {
                Category::Type => {
                    constructors.push(d);
                    by_type.entry(result_name(d)).or_default().push(d);
                }
                Category::Function => functions.push(d),
            }
        }
        let abstracts = by_type
            .into_iter()
            .filter(|(ty, ctors)| !(ctors.len() == 1 && camel(&ctors[0].name) == *ty))
            .collect();
        Model {
            constructors,
            functions,
            abstracts,
        }
    }

    fn is_abstract(&self, ty: &str) -> bool {
        self.abstracts.contains_key(ty)
    }

    /// (codec, Rust value type) of a field type; `element` for vector elements.
    fn codec(&self, t: &TypeRef, element: bool) -> (String, String) {
        match t.name.as_str() {
            "int32" | "Int32" => ("Int32".into(), "i32".into()),
            "int53" | "Int53" => ("Int53".into(), "i64".into()),
            "int64" | "Int64" => ("Int64".into(), "i64".into()),
            "double" | "Double" => ("Double".into(), "f64".into()),
            "string" | "String" => ("Str".into(), "String".into()),
            "bytes" | "Bytes" => ("Bytes".into(), "Vec<u8>".into()),
            "Bool" => ("Bool".into(), "bool".into()),
            "vector" | "Vector" => {
                let arg = t.arg.as_deref().expect("vector needs a type argument");
                let (c, v) = self.codec(arg, true);
                (format!("Vector<{c}>"), format!("Vec<{v}>"))
            }
            name if self.is_abstract(name) => (format!("Poly<{name}>"), format!("Option<{name}>")),
            name => {
                let s = camel(name);
                if element {
                    (format!("Inline<{s}>"), format!("Option<{s}>"))
                } else {
                    (format!("Boxed<{s}>"), format!("Option<Box<{s}>>"))
                }
            }
        }
    }

    /// The Rust type a function returns: the struct of a concrete class or an abstract enum.
    fn result_type(&self, d: &Definition) -> String {
        let r = result_name(d);
        if r == "Bool" {
            // No td_api function returns a bare Bool; keep it representable anyway.
            return "Ok".into();
        }
        r
    }
}

/// TDLib's id for a td_api declaration: the CRC32 of `name field:type ... = Result`, with
/// `vector<T>` written `vector T`. Unlike MTProto schemas, `bytes` stays `bytes`.
fn td_id(d: &Definition) -> i32 {
    fn push(t: &TypeRef, out: &mut String) {
        out.push_str(&t.name);
        if let Some(arg) = &t.arg {
            out.push(' ');
            push(arg, out);
        }
    }
    let mut line = d.name.clone();
    for f in &d.fields {
        line.push(' ');
        line.push_str(&f.name);
        line.push(':');
        push(&field_type(d, f), &mut line);
    }
    line.push_str(" = ");
    line.push_str(&result_name(d));
    tl_schema::crc32(line.as_bytes()) as i32
}

fn result_name(d: &Definition) -> String {
    match &d.result {
        Ty::Named(t) => t.name.clone(),
        other => panic!("{}: unsupported result type {other}", d.name),
    }
}

fn field_type(d: &Definition, f: &tl_schema::Field) -> TypeRef {
    match &f.ty {
        Ty::Named(t) => t.clone(),
        other => panic!("{}.{}: unsupported field type {other}", d.name, f.name),
    }
}

pub fn generate(schema: &Schema) -> String {
    let m = Model::new(schema);
    let mut out = String::with_capacity(4 << 20);
    out.push_str("// Generated by crates/td_api/build.rs from schema/td_api.tl. Do not edit.\n\n");
    for d in m.constructors.iter().chain(&m.functions) {
        gen_struct(&m, d, &mut out);
    }
    for d in &m.functions {
        let _ = writeln!(
            out,
            "impl TdFunction for {} {{ type Result = {}; }}",
            camel(&d.name),
            m.result_type(d)
        );
    }
    for (name, ctors) in &m.abstracts {
        gen_enum(&mut out, name, name, ctors, true);
    }
    gen_enum(&mut out, "Function", "Function", &m.functions, false);
    gen_enum(&mut out, "Object", "Object", &m.constructors, false);
    // Every abstract class converts into Object.
    for (name, ctors) in &m.abstracts {
        let _ = writeln!(out, "impl From<{name}> for Object {{\n    fn from(v: {name}) -> Self {{\n        match v {{");
        for c in ctors {
            let s = camel(&c.name);
            let _ = writeln!(out, "            {name}::{s}(x) => Object::{s}(x),");
        }
        out.push_str("        }\n    }\n}\n");
    }
    // Metadata used by tests and by the engine's dispatch checks.
    out.push_str("/// Every function: (name, constructor id, result class).\npub static FUNCTIONS: &[(&str, i32, &str)] = &[\n");
    for d in &m.functions {
        let _ = writeln!(
            out,
            "    ({:?}, {}, {:?}),",
            d.name,
            td_id(d),
            result_name(d)
        );
    }
    out.push_str("];\n/// Every constructor: (name, constructor id, class).\npub static CONSTRUCTORS: &[(&str, i32, &str)] = &[\n");
    for d in &m.constructors {
        let _ = writeln!(
            out,
            "    ({:?}, {}, {:?}),",
            d.name,
            td_id(d),
            result_name(d)
        );
    }
    out.push_str("];\n");
    out
}

fn gen_struct(m: &Model<'_>, d: &Definition, out: &mut String) {
    let s = camel(&d.name);
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug, Default, PartialEq)]\npub struct {s} {{"
    );
    let mut fields = Vec::new();
    for f in &d.fields {
        let t = field_type(d, f);
        let (codec, rust) = m.codec(&t, false);
        let ident = field_ident(&f.name);
        let _ = writeln!(out, "    pub {ident}: {rust},");
        let skippable = codec.starts_with("Boxed<") || codec.starts_with("Poly<");
        fields.push((f.name.clone(), ident, codec, skippable));
    }
    out.push_str("}\n");
    let _ = writeln!(out, "impl TlObject for {s} {{");
    let _ = writeln!(
        out,
        "    const NAME: &'static str = {:?};\n    const ID: i32 = {};",
        d.name,
        td_id(d)
    );
    if fields.is_empty() {
        out.push_str(
            "    fn read_fields(_o: &Obj<'_>) -> Result<Self, ConvError> { Ok(Self {}) }\n",
        );
        out.push_str("    fn write_fields(&self, _w: &mut JsonWriter) {}\n}\n");
    } else {
        out.push_str(
            "    fn read_fields(o: &Obj<'_>) -> Result<Self, ConvError> {\n        Ok(Self {\n",
        );
        for (name, ident, codec, _) in &fields {
            let _ = writeln!(out, "            {ident}: o.field::<{codec}>({name:?})?,");
        }
        out.push_str("        })\n    }\n    fn write_fields(&self, w: &mut JsonWriter) {\n");
        for (name, ident, codec, skippable) in &fields {
            if *skippable {
                let _ = writeln!(
                    out,
                    "        if !<{codec}>::is_absent(&self.{ident}) {{ w.key({name:?}); <{codec}>::write(&self.{ident}, w); }}"
                );
            } else {
                let _ = writeln!(
                    out,
                    "        w.key({name:?}); <{codec}>::write(&self.{ident}, w);"
                );
            }
        }
        out.push_str("    }\n}\n");
    }
    let _ = writeln!(out, "impl TlWrite for {s} {{ fn write_json(&self, w: &mut JsonWriter) {{ write_object(self, w) }} }}");
}

/// An enum over `ctors`, with `@type` lookup tables sorted by name and by id.
fn gen_enum(
    out: &mut String,
    enum_name: &str,
    class_name: &str,
    ctors: &[&Definition],
    from_impls: bool,
) {
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug, PartialEq)]\npub enum {enum_name} {{"
    );
    for c in ctors {
        let s = camel(&c.name);
        let _ = writeln!(out, "    {s}(Box<{s}>),");
    }
    out.push_str("}\n");
    let lower = enum_name.to_ascii_lowercase();
    for c in ctors {
        let s = camel(&c.name);
        let _ = writeln!(
            out,
            "fn read_{lower}_{}(o: &Obj<'_>) -> Result<{enum_name}, ConvError> {{ Ok({enum_name}::{s}(Box::new({s}::read_fields(o)?))) }}",
            c.name
        );
    }
    let reader = |c: &Definition| format!("read_{lower}_{}", c.name);
    let mut by_name: Vec<&&Definition> = ctors.iter().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    let mut by_id: Vec<&&Definition> = ctors.iter().collect();
    by_id.sort_by_key(|d| td_id(d));
    let upper = enum_name.to_ascii_uppercase();
    let _ = writeln!(
        out,
        "static {upper}_BY_NAME: &[(&str, Reader<{enum_name}>)] = &["
    );
    for c in &by_name {
        let _ = writeln!(out, "    ({:?}, {}),", c.name, reader(c));
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "static {upper}_BY_ID: &[(i32, Reader<{enum_name}>)] = &["
    );
    for c in &by_id {
        let _ = writeln!(out, "    ({}, {}),", td_id(c), reader(c));
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "impl TlAbstract for {enum_name} {{\n    const NAME: &'static str = {class_name:?};"
    );
    let _ = writeln!(
        out,
        "    fn read_tagged(tag: Tag<'_>, o: &Obj<'_>) -> Result<Self, ConvError> {{ lookup(tag, o, {upper}_BY_NAME, {upper}_BY_ID) }}"
    );
    out.push_str("    fn write_json(&self, w: &mut JsonWriter) {\n        match self {\n");
    for c in ctors {
        let _ = writeln!(
            out,
            "            Self::{}(v) => write_object(&**v, w),",
            camel(&c.name)
        );
    }
    out.push_str("        }\n    }\n    fn constructor_name(&self) -> &'static str {\n        match self {\n");
    for c in ctors {
        let s = camel(&c.name);
        let _ = writeln!(out, "            Self::{s}(_) => {s}::NAME,");
    }
    out.push_str("        }\n    }\n    fn constructor_id(&self) -> i32 {\n        match self {\n");
    for c in ctors {
        let s = camel(&c.name);
        let _ = writeln!(out, "            Self::{s}(_) => {s}::ID,");
    }
    out.push_str("        }\n    }\n}\n");
    let _ = writeln!(
        out,
        "impl TlWrite for {enum_name} {{ fn write_json(&self, w: &mut JsonWriter) {{ TlAbstract::write_json(self, w) }} }}"
    );
    for c in ctors {
        let s = camel(&c.name);
        let _ = writeln!(out, "impl From<{s}> for {enum_name} {{ fn from(v: {s}) -> Self {{ Self::{s}(Box::new(v)) }} }}");
    }
    let _ = from_impls;
}
