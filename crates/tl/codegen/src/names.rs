//! Rust names for TL names.

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `p_q_inner_data_dc` → `PQInnerDataDc`, `resPQ` → `ResPQ`, `inputPeerSelf` → `InputPeerSelf`.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// `srp_B` → `srp_b`; a keyword becomes a raw identifier or gets a `_` suffix.
pub fn field(name: &str) -> String {
    ident(&name.to_ascii_lowercase())
}

/// A usable identifier for `name`.
pub fn ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// A local variable for a field's value in generated bodies (never clashes with params).
pub fn local(field_name: &str) -> String {
    format!("f_{}", field_name.to_ascii_lowercase())
}

/// Whether `name` can be an enum variant or type name as is.
pub fn is_type_ident(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && !NOT_RAW.contains(&name)
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(upper_camel("p_q_inner_data_dc"), "PQInnerDataDc");
        assert_eq!(upper_camel("resPQ"), "ResPQ");
        assert_eq!(upper_camel("Server_DH_Params"), "ServerDHParams");
        assert_eq!(field("srp_B"), "srp_b");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(local("g_A"), "f_g_a");
        assert!(!is_type_ident("Self"));
        assert!(!is_type_ident("2fa"));
        assert!(is_type_ident("Empty"));
    }
}
