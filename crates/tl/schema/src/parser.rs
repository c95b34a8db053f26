//! Turns tokens into [`Definition`]s and computes each canonical form and id.

use crate::crc32::crc32;
use crate::error::{ParseError, ParseErrorKind};
use crate::lexer::{lex, Comment, Tok, Token};
use crate::model::{starts_uppercase, Category, Condition, Definition, Field, Schema, Ty, TypeRef};

/// Result types of declarations that stand for primitives the runtime implements itself.
const PRIMITIVE_TYPES: &[&str] = &[
    "Int", "Long", "Double", "String", "Bytes", "Int128", "Int256", "Int32", "Int53", "Int64",
];

/// Parses a whole schema file.
pub fn parse(text: &str) -> Result<Schema, ParseError> {
    let lexed = lex(text)?;
    let mut definitions = Vec::new();
    let mut category = Category::Type;
    let mut tokens = lexed.tokens.as_slice();
    let mut comments = lexed.comments.as_slice();
    while let Some(first) = tokens.first() {
        if let Tok::Section(name) = first.tok {
            category = match name {
                "functions" => Category::Function,
                "types" => Category::Type,
                other => {
                    return Err(ParseError {
                        line: first.line,
                        kind: ParseErrorKind::UnknownSection(other.to_string()),
                    })
                }
            };
            tokens = &tokens[1..];
            continue;
        }
        let Some(end) = tokens.iter().position(|t| t.tok == Tok::Punct(b';')) else {
            return Err(ParseError {
                line: first.line,
                kind: ParseErrorKind::UnexpectedEnd,
            });
        };
        let (before, after) = comments.split_at(comments.partition_point(|c| c.line < first.line));
        comments = after;
        let mut definition = Declaration::new(&tokens[..end], tokens[end].line).parse(category)?;
        definition.doc = doc_above(before, first.line);
        definitions.push(definition);
        tokens = &tokens[end + 1..];
    }
    Ok(Schema { definitions })
}

/// The comment lines that end right above `line`, with no blank line in between.
fn doc_above(comments: &[Comment<'_>], line: usize) -> Vec<String> {
    let mut start = comments.len();
    let mut expected = line;
    while start > 0 && comments[start - 1].line + 1 == expected {
        start -= 1;
        expected -= 1;
    }
    comments[start..]
        .iter()
        .map(|c| c.text.to_string())
        .collect()
}

/// Parser state for the tokens of one declaration (without its `;`).
struct Declaration<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
    end_line: usize,
    /// Space-separated pieces of the canonical form whose CRC-32 is the id.
    canonical: Vec<String>,
}

impl<'t, 'a> Declaration<'t, 'a> {
    fn new(tokens: &'t [Token<'a>], end_line: usize) -> Self {
        Self {
            tokens,
            pos: 0,
            end_line,
            canonical: Vec::new(),
        }
    }

    fn line(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end_line, |t| t.line)
    }

    fn peek(&self) -> Option<Tok<'a>> {
        self.tokens.get(self.pos).map(|t| t.tok)
    }

    fn peek_at(&self, ahead: usize) -> Option<Tok<'a>> {
        self.tokens.get(self.pos + ahead).map(|t| t.tok)
    }

    fn bump(&mut self) -> Option<Tok<'a>> {
        let tok = self.peek();
        self.pos += 1;
        tok
    }

    fn error(&self, kind: ParseErrorKind) -> ParseError {
        ParseError {
            line: self.line(),
            kind,
        }
    }

    fn unexpected(&self, expected: &'static str) -> ParseError {
        let found = match self.peek() {
            None => "';'".to_string(),
            Some(Tok::Ident(s)) => format!("'{s}'"),
            Some(Tok::Id(id)) => format!("'#{id:08x}'"),
            Some(Tok::Section(s)) => format!("'---{s}---'"),
            Some(Tok::Punct(p)) => format!("'{}'", p as char),
        };
        self.error(ParseErrorKind::Unexpected { expected, found })
    }

    fn eat(&mut self, punct: u8) -> bool {
        let found = self.peek() == Some(Tok::Punct(punct));
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, punct: u8, expected: &'static str) -> Result<(), ParseError> {
        if self.eat(punct) {
            Ok(())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn ident(&mut self, expected: &'static str) -> Result<&'a str, ParseError> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn parse(mut self, category: Category) -> Result<Definition, ParseError> {
        let line = self.line();
        let name = self.ident("combinator name")?.to_string();
        self.canonical.push(name.clone());
        let explicit_id = match self.peek() {
            Some(Tok::Id(id)) => {
                self.pos += 1;
                Some(id)
            }
            _ => None,
        };
        let mut params = Vec::new();
        let mut fields: Vec<Field> = Vec::new();
        let mut builtin = false;
        loop {
            match self.peek() {
                Some(Tok::Punct(b'=')) => break,
                Some(Tok::Punct(b'{')) => {
                    self.pos += 1;
                    let param = self.ident("type parameter name")?;
                    self.expect(b':', "':'")?;
                    let kind = self.ident("'Type'")?;
                    self.expect(b'}', "'}'")?;
                    self.canonical.push(format!("{param}:{kind}"));
                    params.push(param.to_string());
                }
                // `int ? = Int;`: a built-in type with no TL definition.
                Some(Tok::Punct(b'?')) => {
                    self.pos += 1;
                    builtin = true;
                    self.canonical.push("?".into());
                }
                // Anonymous nat and repetitions, as in `vector {t:Type} # [ t ] = Vector t;`.
                Some(Tok::Punct(b'#')) => {
                    self.pos += 1;
                    builtin = true;
                    self.canonical.push("#".into());
                }
                Some(Tok::Punct(b'[')) => {
                    builtin = true;
                    self.repetition(String::new())?;
                }
                Some(Tok::Ident(count)) if self.peek_at(1) == Some(Tok::Punct(b'*')) => {
                    self.pos += 2;
                    builtin = true;
                    self.repetition(format!("{count}*"))?;
                }
                Some(Tok::Ident(field_name)) if self.peek_at(1) == Some(Tok::Punct(b':')) => {
                    self.pos += 2;
                    if fields.iter().any(|f| f.name == field_name) {
                        return Err(self.error(ParseErrorKind::DuplicateField(field_name.into())));
                    }
                    let field = self.field(field_name, &params, &fields)?;
                    fields.push(field);
                }
                _ => return Err(self.unexpected("a field, '{', or '='")),
            }
        }
        self.pos += 1;
        self.canonical.push("=".into());
        let result = self.result_type(&params)?;
        if self.peek().is_some() {
            return Err(self.unexpected("';'"));
        }
        if let Ty::Named(t) = &result {
            builtin |= fields.is_empty() && PRIMITIVE_TYPES.contains(&t.name.as_str());
        }
        let computed_id = crc32(self.canonical.join(" ").as_bytes());
        Ok(Definition {
            name,
            explicit_id,
            computed_id,
            params,
            fields,
            result,
            category,
            builtin,
            line,
            doc: Vec::new(),
        })
    }

    /// `[ t ]` or `4*[ int ]`: kept only in the canonical form.
    fn repetition(&mut self, prefix: String) -> Result<(), ParseError> {
        self.expect(b'[', "'['")?;
        self.canonical.push(format!("{prefix}["));
        loop {
            match self.bump() {
                Some(Tok::Punct(b']')) => break,
                Some(Tok::Ident(s)) => self.canonical.push(s.into()),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected("a type name or ']'"));
                }
            }
        }
        self.canonical.push("]".into());
        Ok(())
    }

    fn field(
        &mut self,
        name: &str,
        params: &[String],
        earlier: &[Field],
    ) -> Result<Field, ParseError> {
        if self.eat(b'#') {
            self.canonical.push(format!("{name}:#"));
            return Ok(Field {
                name: name.into(),
                condition: None,
                ty: Ty::Nat,
            });
        }
        let mut condition = None;
        let mut prefix = String::new();
        if let (Some(Tok::Ident(cond)), Some(Tok::Punct(b'?'))) = (self.peek(), self.peek_at(1)) {
            let bad = || self.error(ParseErrorKind::BadCondition(cond.into()));
            let (flag_field, bit) = cond.rsplit_once('.').ok_or_else(bad)?;
            let bit: u32 = bit.parse().ok().filter(|&b| b < 32).ok_or_else(bad)?;
            if !earlier
                .iter()
                .any(|f| f.name == flag_field && f.ty == Ty::Nat)
            {
                return Err(bad());
            }
            self.pos += 2;
            prefix = format!("{cond}?");
            condition = Some(Condition {
                field: flag_field.into(),
                bit,
            });
        }
        let ty = if self.eat(b'!') {
            let param = self.ident("type parameter")?;
            if !params.iter().any(|p| p == param) {
                self.pos -= 1;
                return Err(self.error(ParseErrorKind::UnknownParam(param.into())));
            }
            Ty::Param {
                name: param.into(),
                bang: true,
            }
        } else {
            let t = self.type_ref()?;
            if t.arg.is_none() && params.contains(&t.name) {
                Ty::Param {
                    name: t.name,
                    bang: false,
                }
            } else {
                Ty::Named(t)
            }
        };
        let field = Field {
            name: name.into(),
            condition,
            ty,
        };
        // `flags.N?true` fields carry no data and are left out of the canonical form.
        if !field.is_true_flag() {
            let ty = canonical_ty(&field.ty);
            self.canonical.push(format!("{name}:{prefix}{ty}"));
        }
        Ok(field)
    }

    /// `int`, `%Message`, `auth.SentCode`, `Vector<long>`, `vector<%Message>`.
    fn type_ref(&mut self) -> Result<TypeRef, ParseError> {
        let percent = self.eat(b'%');
        let name = self.ident("a type name")?;
        let arg = if self.eat(b'<') {
            let arg = self.type_ref()?;
            self.expect(b'>', "'>'")?;
            Some(Box::new(arg))
        } else {
            None
        };
        let bare = percent || !starts_uppercase(crate::model::split_namespace(name).1);
        Ok(TypeRef {
            name: name.into(),
            bare,
            arg,
        })
    }

    /// `X`, `auth.SentCode`, `Vector<long>`, or `Vector t` (argument by juxtaposition).
    fn result_type(&mut self, params: &[String]) -> Result<Ty, ParseError> {
        let mut t = self.type_ref()?;
        if t.arg.is_none() {
            if let Some(Tok::Ident(arg)) = self.peek() {
                self.pos += 1;
                t.arg = Some(Box::new(TypeRef {
                    name: arg.into(),
                    bare: !starts_uppercase(arg),
                    arg: None,
                }));
            }
        }
        let ty = if t.arg.is_none() && params.contains(&t.name) {
            Ty::Param {
                name: t.name,
                bang: false,
            }
        } else {
            Ty::Named(t)
        };
        self.canonical.push(canonical_ty(&ty));
        Ok(ty)
    }
}

/// A type as it appears in the canonical form: `Vector<long>` becomes `Vector long`, and a
/// field of type `bytes` is written `string` (the two share one wire format); `bytes` as a
/// type argument (`Vector<bytes>`) stays as it is.
fn canonical_ty(ty: &Ty) -> String {
    fn push(t: &TypeRef, out: &mut String) {
        if t.bare && starts_uppercase(t.short_name()) {
            out.push('%');
        }
        out.push_str(&t.name);
        if let Some(arg) = &t.arg {
            out.push(' ');
            push(arg, out);
        }
    }
    match ty {
        Ty::Nat => "#".into(),
        Ty::Param { name, bang } => format!("{}{name}", if *bang { "!" } else { "" }),
        Ty::Named(t) if t.name == "bytes" => "string".into(),
        Ty::Named(t) => {
            let mut out = String::new();
            push(t, &mut out);
            out
        }
    }
}
