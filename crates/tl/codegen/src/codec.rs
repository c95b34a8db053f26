//! Rust snippets that write and read one TL value.

use crate::resolve::{Index, Kind, RType};

/// Statements appending the value behind `place` (an expression of type `&T`) to `out`.
pub fn write(index: &Index<'_>, rt: &RType<'_>, place: &str, depth: usize) -> String {
    let put = |f: &str| format!("crate::write::{f}(out, {place});");
    match rt {
        RType::Int => put("put_i32"),
        RType::Long => put("put_i64"),
        RType::Double => put("put_f64"),
        RType::Bool => put("put_bool"),
        RType::Str if index.string_as_bytes => put("put_bytes"),
        RType::Str => put("put_string"),
        RType::Bytes => put("put_bytes"),
        RType::Int128 => put("put_int128"),
        RType::Int256 => put("put_int256"),
        RType::TrueFlag => String::new(),
        RType::Vector { boxed, elem } => {
            let item = format!("e{depth}");
            format!(
                "crate::write::put_vector_header(out, {boxed}, ({place}).len()); for {item} in ({place}).iter() {{ {} }}",
                write(index, elem, &item, depth + 1)
            )
        }
        RType::Enum(_) | RType::Param(_) | RType::Object => {
            format!("crate::Serialize::serialize({place}, out);")
        }
        RType::Bare(_) => format!("crate::Bare::serialize_bare({place}, out);"),
    }
}

/// An expression reading a value of `rt` from `src`, propagating errors with `?`.
pub fn read(index: &Index<'_>, rt: &RType<'_>, depth: usize) -> String {
    match rt {
        RType::Int => "src.read_i32()?".into(),
        RType::Long => "src.read_i64()?".into(),
        RType::Double => "src.read_f64()?".into(),
        RType::Bool => "src.read_bool()?".into(),
        RType::Str if index.string_as_bytes => "src.read_bytes()?".into(),
        RType::Str => "src.read_string()?".into(),
        RType::Bytes => "src.read_bytes()?".into(),
        RType::Int128 => "src.read_int128()?".into(),
        RType::Int256 => "src.read_int256()?".into(),
        RType::TrueFlag => "true".into(),
        RType::Vector { boxed, elem } => {
            let min = index.min_size(elem, 0);
            format!(
                "{{ let n{depth} = src.read_vector_len({boxed}, {min})?; \
                 let mut v{depth} = ::std::vec::Vec::with_capacity(crate::read::vector_capacity(n{depth})); \
                 for _ in 0..n{depth} {{ v{depth}.push({}); }} v{depth} }}",
                read(index, elem, depth + 1)
            )
        }
        RType::Enum(name) => {
            format!(
                "<{} as crate::Deserialize>::deserialize(src)?",
                index.path(Kind::Enums, name)
            )
        }
        RType::Param(name) => format!("<{name} as crate::Deserialize>::deserialize(src)?"),
        // Only reached for a last field (fields::plan sizes the others): the rest of the input.
        RType::Object => "<crate::Blob as crate::Deserialize>::deserialize(src)?".into(),
        RType::Bare(ctor) => {
            format!(
                "<{} as crate::Bare>::deserialize_bare(src)?",
                index.path(Kind::Types, &ctor.name)
            )
        }
    }
}
