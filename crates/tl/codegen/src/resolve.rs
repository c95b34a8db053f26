//! The schema seen from Rust: which definitions become which items, and what each TL type
//! is in Rust.

use std::collections::{BTreeMap, HashMap, HashSet};

use tl_schema::{Category, Definition, Schema, Ty, TypeRef};

use crate::error::CodegenError;
use crate::names;

/// A TL type as the generator handles it.
#[derive(Clone, Debug)]
pub enum RType<'s> {
    Int,
    Long,
    Double,
    Bool,
    /// `string`: Rust `String`, or `Vec<u8>` when the schema uses it for binary data.
    Str,
    Bytes,
    Int128,
    Int256,
    Vector {
        boxed: bool,
        elem: Box<RType<'s>>,
    },
    /// A boxed abstract type, by TL name: a generated enum.
    Enum(&'s str),
    /// A bare constructor: a generated struct written without its id.
    Bare(&'s Definition),
    /// A type parameter (`X`), by name.
    Param(&'s str),
    /// `Object`: any boxed object, kept as its serialization (`Blob`). Only a field can have
    /// this type; `fields::plan` decides how its length is known.
    Object,
    /// `true` in `flags.N?true`.
    TrueFlag,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Types,
    Enums,
    Functions,
}

impl Kind {
    fn module(self) -> &'static str {
        match self {
            Kind::Types => "types",
            Kind::Enums => "enums",
            Kind::Functions => "functions",
        }
    }
}

pub struct Index<'s> {
    pub root: String,
    pub string_as_bytes: bool,
    /// Constructors that become structs (builtins and `Bool` are the runtime's).
    pub constructors: Vec<&'s Definition>,
    pub functions: Vec<&'s Definition>,
    /// Abstract type → its constructors, for enums and `Object`, in source order.
    pub by_type: BTreeMap<&'s str, Vec<&'s Definition>>,
    by_name: HashMap<&'s str, &'s Definition>,
    /// Definitions left out of id dispatch because another one owns their id.
    shadowed: HashSet<&'s str>,
}

fn is_runtime_type(d: &Definition) -> bool {
    d.builtin || matches!(&d.result, Ty::Named(t) if t.name == "Bool" || t.name == "Vector")
}

impl<'s> Index<'s> {
    /// The path of the `tl` runtime as the generated code sees it (`crate`, `::tl`).
    pub fn runtime(&self) -> &str {
        self.root.rsplit_once("::").map_or("crate", |(r, _)| r)
    }

    pub fn new(
        schema: &'s Schema,
        root: &str,
        string_as_bytes: bool,
    ) -> Result<Self, CodegenError> {
        let mut constructors = Vec::new();
        let mut functions = Vec::new();
        for d in &schema.definitions {
            match d.category {
                Category::Type if !is_runtime_type(d) => constructors.push(d),
                Category::Type => {}
                Category::Function => functions.push(d),
            }
        }
        let shadowed = shadowed_ids(constructors.iter().chain(&functions).copied())?;
        let mut by_type: BTreeMap<&str, Vec<&Definition>> = BTreeMap::new();
        for d in &constructors {
            let Ty::Named(t) = &d.result else {
                return Err(unsupported(d, "type parameter as a constructor's result"));
            };
            if t.name == "Object" {
                // `Object` means any boxed object; it cannot also be a type of its own.
                return Err(unsupported(d, "result type Object"));
            }
            if !shadowed.contains(d.name.as_str()) {
                by_type.entry(t.name.as_str()).or_default().push(d);
            }
        }
        let by_name = constructors.iter().map(|d| (d.name.as_str(), *d)).collect();
        Ok(Self {
            root: root.into(),
            string_as_bytes,
            constructors,
            functions,
            by_type,
            by_name,
            shadowed,
        })
    }

    /// Whether `d` takes part in dispatch by id (enums, `Function`, `Object`, names).
    pub fn dispatched(&self, d: &Definition) -> bool {
        !self.shadowed.contains(d.name.as_str())
    }

    /// `crate::api::types::auth::SentCode` for (`Types`, `auth.sentCode`).
    pub fn path(&self, kind: Kind, tl_name: &str) -> String {
        let (ns, short) = match tl_name.rsplit_once('.') {
            Some((ns, short)) => (Some(ns), short),
            None => (None, tl_name),
        };
        let mut path = format!("{}::{}::", self.root, kind.module());
        if let Some(ns) = ns {
            path.push_str(&names::ident(ns));
            path.push_str("::");
        }
        path.push_str(&names::upper_camel(short));
        path
    }

    pub fn field_type(&self, d: &'s Definition, ty: &'s Ty) -> Result<RType<'s>, CodegenError> {
        match ty {
            Ty::Nat => Err(unsupported(d, "`#` outside a flags field")),
            Ty::Param { name, .. } => Ok(RType::Param(name)),
            Ty::Named(t) => self.type_ref(d, t),
        }
    }

    fn type_ref(&self, d: &'s Definition, t: &'s TypeRef) -> Result<RType<'s>, CodegenError> {
        let plain = |rt| match &t.arg {
            None => Ok(rt),
            Some(_) => Err(unsupported(d, &format!("type argument of {}", t.name))),
        };
        match t.name.as_str() {
            "int" => plain(RType::Int),
            "long" => plain(RType::Long),
            "double" => plain(RType::Double),
            "string" => plain(RType::Str),
            "bytes" => plain(RType::Bytes),
            "int128" => plain(RType::Int128),
            "int256" => plain(RType::Int256),
            "true" => plain(RType::TrueFlag),
            "Bool" => plain(RType::Bool),
            "Object" if !t.bare => plain(RType::Object),
            "Vector" | "vector" => {
                let arg = t
                    .arg
                    .as_deref()
                    .ok_or_else(|| unsupported(d, "vector without element type"))?;
                let elem = self.type_ref(d, arg)?;
                if matches!(elem, RType::TrueFlag | RType::Object) || self.min_size(&elem, 0) == 0 {
                    return Err(CodegenError::ZeroSizedElement {
                        definition: d.name.clone(),
                    });
                }
                Ok(RType::Vector {
                    boxed: t.name == "Vector",
                    elem: Box::new(elem),
                })
            }
            name if t.arg.is_some() => Err(unsupported(d, &format!("type argument of {name}"))),
            name if t.bare => {
                // `future_salt` names a constructor; `%Message` the single constructor of a type.
                let ctor = if t.short_name().starts_with(|c: char| c.is_ascii_uppercase()) {
                    match self.by_type.get(name).map(Vec::as_slice) {
                        Some([only]) => Some(*only),
                        _ => None,
                    }
                } else {
                    self.by_name.get(name).copied()
                };
                ctor.map(RType::Bare)
                    .ok_or_else(|| CodegenError::UnknownType {
                        definition: d.name.clone(),
                        ty: t.to_string(),
                    })
            }
            name if self.by_type.contains_key(name) => Ok(RType::Enum(name)),
            _ => Err(CodegenError::UnknownType {
                definition: d.name.clone(),
                ty: t.to_string(),
            }),
        }
    }

    /// The fewest bytes a value of `rt` encodes to, to bound vector counts by input size.
    pub fn min_size(&self, rt: &RType<'s>, depth: u32) -> usize {
        match rt {
            RType::TrueFlag | RType::Object => 0,
            RType::Int
            | RType::Bool
            | RType::Str
            | RType::Bytes
            | RType::Enum(_)
            | RType::Param(_) => 4,
            RType::Long | RType::Double => 8,
            RType::Int128 => 16,
            RType::Int256 => 32,
            RType::Vector { boxed, .. } => {
                if *boxed {
                    8
                } else {
                    4
                }
            }
            RType::Bare(ctor) if depth < 8 => ctor
                .fields
                .iter()
                .map(|f| match (&f.ty, &f.condition) {
                    (_, Some(_)) => 0,
                    (Ty::Nat, None) => 4,
                    _ => self
                        .field_type(ctor, &f.ty)
                        .map_or(0, |t| self.min_size(&t, depth + 1)),
                })
                .sum(),
            RType::Bare(_) => 0,
        }
    }

    /// The Rust type of a value of `rt`.
    pub fn rust_type(&self, rt: &RType<'s>) -> String {
        match rt {
            RType::Int => "i32".into(),
            RType::Long => "i64".into(),
            RType::Double => "f64".into(),
            RType::Bool | RType::TrueFlag => "bool".into(),
            RType::Str if self.string_as_bytes => "::std::vec::Vec<u8>".into(),
            RType::Str => "::std::string::String".into(),
            RType::Bytes => "::std::vec::Vec<u8>".into(),
            RType::Int128 => "[u8; 16]".into(),
            RType::Int256 => "[u8; 32]".into(),
            RType::Vector { elem, .. } => format!("::std::vec::Vec<{}>", self.rust_type(elem)),
            RType::Enum(name) => self.path(Kind::Enums, name),
            RType::Bare(ctor) => self.path(Kind::Types, &ctor.name),
            RType::Param(name) => (*name).to_string(),
            RType::Object => format!("{}::Blob", self.runtime()),
        }
    }
}

pub fn unsupported(d: &Definition, what: &str) -> CodegenError {
    CodegenError::Unsupported {
        definition: d.name.clone(),
        what: what.into(),
    }
}

/// Definitions whose id another definition also has. TDLib declares stand-ins such as
/// `invokeWithReCaptchaPrefix` with the id of the real wrapper; the one whose written id
/// matches its own text keeps the id.
fn shadowed_ids<'s>(
    defs: impl Iterator<Item = &'s Definition>,
) -> Result<HashSet<&'s str>, CodegenError> {
    let mut owner: HashMap<u32, &Definition> = HashMap::new();
    let mut shadowed = HashSet::new();
    let verified = |d: &Definition| d.explicit_id.is_none_or(|id| id == d.computed_id);
    for d in defs {
        let Some(first) = owner.get(&d.id()).copied() else {
            owner.insert(d.id(), d);
            continue;
        };
        let loser = match (verified(first), verified(d)) {
            (true, false) => d,
            (false, true) => {
                owner.insert(d.id(), d);
                first
            }
            _ => {
                return Err(CodegenError::DuplicateId {
                    id: d.id(),
                    first: first.name.clone(),
                    second: d.name.clone(),
                })
            }
        };
        shadowed.insert(loser.name.as_str());
    }
    Ok(shadowed)
}
