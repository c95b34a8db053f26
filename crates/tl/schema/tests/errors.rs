//! Malformed schemas give a located error, never a panic.

use tl_schema::{parse, ParseErrorKind};

fn error(text: &str) -> (usize, ParseErrorKind) {
    let e = parse(text).expect_err("should not parse");
    (e.line, e.kind)
}

#[test]
fn located_errors() {
    assert_eq!(
        error("a = A;\nb x:int = B"),
        (2, ParseErrorKind::UnexpectedEnd)
    );
    assert_eq!(
        error("a#12345678z = A;"),
        (1, ParseErrorKind::BadId("12345678z".into()))
    );
    assert_eq!(
        error("a#123456789 = A;"),
        (1, ParseErrorKind::BadId("123456789".into()))
    );
    assert_eq!(
        error("\n---methods---\n"),
        (2, ParseErrorKind::UnknownSection("methods".into()))
    );
    assert_eq!(
        error("a x:f.1?int = A;"),
        (1, ParseErrorKind::BadCondition("f.1".into()))
    );
    assert_eq!(
        error("a f:# x:f.32?int = A;"),
        (1, ParseErrorKind::BadCondition("f.32".into()))
    );
    assert_eq!(
        error("a x:int x:long = A;"),
        (1, ParseErrorKind::DuplicateField("x".into()))
    );
    assert_eq!(
        error("a q:!X = X;"),
        (1, ParseErrorKind::UnknownParam("X".into()))
    );
    assert_eq!(error("/* open\n"), (1, ParseErrorKind::UnterminatedComment));
    assert_eq!(
        error("\n\na x:int = A; $"),
        (3, ParseErrorKind::UnexpectedChar('$'))
    );
    assert!(matches!(
        error("a x:int = ;").1,
        ParseErrorKind::Unexpected { .. }
    ));
    assert!(matches!(
        error("a x:Vector<int = A;").1,
        ParseErrorKind::Unexpected { .. }
    ));
    assert!(matches!(
        error("a x = A;").1,
        ParseErrorKind::Unexpected { .. }
    ));
    let message = parse("a x:int = A B C;").expect_err("trailing").to_string();
    assert_eq!(message, "line 1: expected ';', found 'C'");
}

#[test]
fn comments_and_layout() {
    let schema = parse("// doc\n/* block\n comment */ a#00000001\n  x:int\n  = A; // trailing\n\n// lone\n\nb = B;")
        .expect("parses");
    assert_eq!(schema.definitions.len(), 2);
    assert_eq!(schema.definitions[0].line, 3);
    assert_eq!(schema.definitions[0].explicit_id, Some(1));
    assert!(schema.definitions[0].doc.is_empty());
    assert!(schema.definitions[1].doc.is_empty());
    let schema = parse("//@description D\n//@x X\nc x:int = C;").expect("parses");
    assert_eq!(schema.definitions[0].doc, ["@description D", "@x X"]);
}

#[test]
fn hostile_inputs_do_not_panic() {
    for text in [
        "",
        ";",
        "#",
        "a#",
        "a#;",
        "---",
        "------",
        "a:b",
        "{",
        "a {X:Type = X;",
        "a [ b",
        "a 4*",
        "é = A;",
        "a = %;",
        "a = A<;",
    ] {
        let _ = parse(text);
    }
}
