//! The parsed form of a TL schema.

/// Whether a combinator builds a value (a constructor) or is a remote call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Declared before `---functions---` (or after `---types---`).
    Type,
    /// Declared after `---functions---`.
    Function,
}

/// A whole schema file: its declarations, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schema {
    pub definitions: Vec<Definition>,
}

/// One combinator declaration, e.g. `auth.sentCode#5e002502 flags:# ... = auth.SentCode;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// Full name including the namespace: `auth.sentCode`.
    pub name: String,
    /// The id written after `#`, if any.
    pub explicit_id: Option<u32>,
    /// CRC-32 of the canonical form of the declaration (see [`crate::canonical`]).
    pub computed_id: u32,
    /// Type parameters: `X` in `{X:Type}`.
    pub params: Vec<String>,
    pub fields: Vec<Field>,
    /// The result type: a named type (`auth.SentCode`, `Vector<long>`) or a parameter (`X`).
    pub result: Ty,
    pub category: Category,
    /// A built-in type that the runtime implements by hand rather than a plain constructor:
    /// `int ? = Int;`, `vector {t:Type} # [ t ] = Vector t;`, `int128 4*[ int ] = Int128;`,
    /// and field-less stand-ins for primitives such as `bytes = Bytes;`.
    pub builtin: bool,
    /// 1-based line of the declaration's first token.
    pub line: usize,
    /// The `//` comment lines directly above the declaration (no blank line between), without
    /// the leading `//`. td_api.tl keeps its `//@description` documentation there.
    pub doc: Vec<String>,
}

impl Definition {
    /// The constructor id used on the wire: the explicit one, else the computed one.
    pub fn id(&self) -> u32 {
        self.explicit_id.unwrap_or(self.computed_id)
    }

    /// Namespace part of the name: `Some("auth")` for `auth.sentCode`.
    pub fn namespace(&self) -> Option<&str> {
        split_namespace(&self.name).0
    }

    /// Name without the namespace: `sentCode` for `auth.sentCode`.
    pub fn short_name(&self) -> &str {
        split_namespace(&self.name).1
    }

    /// Whether `name` is one of this definition's type parameters.
    pub fn is_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p == name)
    }
}

/// One argument of a combinator: `name:flags.3?Vector<long>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// Present for conditional fields: serialized only when the flag bit is set.
    pub condition: Option<Condition>,
    pub ty: Ty,
}

impl Field {
    /// A `flags.N?true` field: a boolean carried only by the flag bit, never serialized itself.
    pub fn is_true_flag(&self) -> bool {
        self.condition.is_some() && matches!(&self.ty, Ty::Named(t) if t.name == "true")
    }
}

/// `flags.N?`: the field exists when bit `bit` of the `#` field `field` is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub field: String,
    pub bit: u32,
}

/// The type of a field or the result of a combinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `#`: a 32-bit natural number; in practice a flags word.
    Nat,
    /// A type parameter such as `X` from `{X:Type}`. `bang` marks `!X`: a value of any
    /// type whose result type is `X` (in practice a serialized function call).
    Param { name: String, bang: bool },
    /// A named type.
    Named(TypeRef),
}

/// A named type such as `int`, `auth.SentCode`, `%Message`, `Vector<long>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    /// Full name including the namespace, without a `%` prefix: `auth.SentCode`, `Vector`.
    pub name: String,
    /// Bare (serialized without a constructor id): written with `%`, or lowercase
    /// (`int`, `vector<long>`, `future_salt`).
    pub bare: bool,
    /// The type argument: `long` in `Vector<long>`.
    pub arg: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// Namespace part of the name: `Some("auth")` for `auth.SentCode`.
    pub fn namespace(&self) -> Option<&str> {
        split_namespace(&self.name).0
    }

    /// Name without the namespace: `SentCode` for `auth.SentCode`.
    pub fn short_name(&self) -> &str {
        split_namespace(&self.name).1
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bare_boxed = self.bare && starts_uppercase(self.short_name());
        if bare_boxed {
            f.write_str("%")?;
        }
        f.write_str(&self.name)?;
        if let Some(arg) = &self.arg {
            write!(f, "<{arg}>")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Ty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ty::Nat => f.write_str("#"),
            Ty::Param { name, bang } => write!(f, "{}{name}", if *bang { "!" } else { "" }),
            Ty::Named(t) => t.fmt(f),
        }
    }
}

pub(crate) fn split_namespace(name: &str) -> (Option<&str>, &str) {
    match name.rsplit_once('.') {
        Some((ns, short)) => (Some(ns), short),
        None => (None, name),
    }
}

pub(crate) fn starts_uppercase(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
}
