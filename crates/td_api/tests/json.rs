//! Unit tests of the JSON layer (kept out of the lib so the generated code compiles once).

use td_api::json::base64::{decode, encode_into, Base64Error};
use td_api::json::number::*;
use td_api::json::parse::check_syntax;
use td_api::json::value::*;
use td_api::json::{with_document, JsonWriter};

// ---- parse
fn err(src: &str) -> String {
    match check_syntax(src.as_bytes()) {
        Ok(()) => "ok".to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn accepts_tdlib_lenient_forms() {
    for ok in [
        "{}",
        " [ ] ",
        "{\"a\":[1,2,{}]}",
        "-",
        "+1",
        ".5",
        "1.2.3",
        "01",
        "\"\\q\"",
        "\"\x01\"",
    ] {
        assert_eq!(err(ok), "ok", "{ok}");
    }
}

#[test]
fn error_texts() {
    let cases = [
        ("", "Unexpected string end"),
        ("{", "Unexpected string end"),
        ("{\"a\":1", "Unexpected string end"),
        ("{\"a\":1,", "Unexpected string end"),
        ("{\"a\"", "':' expected"),
        ("{\"a\" 1}", "':' expected"),
        ("{,}", "Opening '\"' expected"),
        (
            "{\"a\":1 \"b\"}",
            "Unexpected symbol while parsing JSON Object",
        ),
        ("[1 2]", "Unexpected symbol while parsing JSON Array"),
        ("[1,]", "Unexpected symbol ']'"),
        ("x", "Unexpected symbol 'x'"),
        ("\u{7f}", "Unexpected symbol"),
        ("{} x", "Expected string end"),
        ("tru", "Token starts with 't' -- true expected"),
        ("nul", "Token starts with 'n' -- null expected"),
        ("fals", "Token starts with 'f' -- false expected"),
        ("\"abc", "Closing '\"' not found"),
        ("\"abc\\", "Closing '\"' not found"),
        ("\"\\u12", "\\u has less than 4 symbols"),
        ("\"\\u12\"}", "Invalid \\u -- not hex digit"),
    ];
    for (src, want) in cases {
        assert_eq!(err(src), want, "{src:?}");
    }
}

#[test]
fn depth_counts_every_value() {
    let arrays = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert_eq!(err(&arrays(101)), "ok");
    assert_eq!(err(&arrays(102)), "Too big object depth");
    let with_scalar = |n: usize| "[".repeat(n) + "1" + &"]".repeat(n);
    assert_eq!(err(&with_scalar(100)), "ok");
    assert_eq!(err(&with_scalar(101)), "Too big object depth");
}

// ---- number
#[test]
fn strict_integers() {
    for (s, v) in [
        ("0", Some(0)),
        ("5", Some(5)),
        ("-5", Some(-5)),
        ("05", None),
        ("-0", None),
        ("+5", None),
        ("", None),
        ("-", None),
        ("1.0", None),
        ("1e2", None),
        (" 5", None),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
        ("9223372036854775808", None),
        ("-9223372036854775809", None),
    ] {
        assert_eq!(parse_strict_i64(s.as_bytes()), v, "{s}");
    }
    assert_eq!(parse_strict_i32(b"2147483647"), Some(i32::MAX));
    assert_eq!(parse_strict_i32(b"2147483648"), None);
    assert_eq!(parse_strict_i32(b"-2147483648"), Some(i32::MIN));
}

#[test]
fn wrapping_type_ids() {
    assert_eq!(parse_wrapping_i32(b"5"), 5);
    assert_eq!(parse_wrapping_i32(b"-1"), -1);
    assert_eq!(parse_wrapping_i32(b"4294967296"), 0);
    assert_eq!(parse_wrapping_i32(b"2722471550"), -1572495746);
    assert_eq!(parse_wrapping_i32(b"1.5"), 1);
    assert_eq!(parse_wrapping_i32(b"+5"), 0);
}

#[test]
fn doubles_like_a_cpp_stream() {
    for (s, v) in [
        ("1", 1.0),
        ("1.5", 1.5),
        ("-0", -0.0),
        (".5", 0.5),
        ("+1", 1.0),
        ("-", 0.0),
        ("1e", 0.0),
        ("1e+", 0.0),
        ("1.2.3", 1.2),
        ("1-2", 1.0),
        ("1e5e5", 0.0),
        ("1e5.5", 1e5),
        ("--1", 0.0),
        ("1..5", 1.0),
        ("1.e1", 10.0),
        ("-.5", -0.5),
        ("00012", 12.0),
        ("1e+2", 100.0),
        ("1e0400", f64::INFINITY),
        (".", 0.0),
        ("+.", 0.0),
        ("3+", 3.0),
    ] {
        let got = parse_double(s.as_bytes());
        assert!(
            got == v && got.is_sign_negative() == v.is_sign_negative(),
            "{s}: {got} != {v}"
        );
    }
}

// ---- base64
#[test]
fn tdlib_error_order() {
    use Base64Error::*;
    for (s, want) in [
        ("AAE", Err(PaddingLength)),
        ("A===", Err(StringPadding)),
        ("====", Err(StringPadding)),
        ("AA=A", Err(WrongCharacter)),
        ("A-_B", Err(WrongCharacter)),
        ("AB==", Err(NonZeroPadding)),
        ("AAF=", Err(NonZeroPadding)),
        ("AAE=", Ok(vec![0, 1])),
        ("AA==", Ok(vec![0])),
        ("", Ok(vec![])),
        ("////", Ok(vec![255, 255, 255])),
    ] {
        assert_eq!(decode(s.as_bytes()), want, "{s}");
    }
}

#[test]
fn round_trip() {
    for len in 0..40u8 {
        let data: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37)).collect();
        let mut text = Vec::new();
        encode_into(&data, &mut text);
        assert_eq!(text.len() % 4, 0);
        assert_eq!(decode(&text).unwrap(), data);
    }
}

// ---- write
fn s(text: &str) -> String {
    let mut w = JsonWriter::new();
    w.string(text);
    w.into_string()
}

#[test]
fn string_escaping_matches_tdlib() {
    assert_eq!(s("a/b"), r#""a/b""#);
    assert_eq!(s("\"\\"), r#""\"\\""#);
    assert_eq!(s("\u{8}\u{c}\n\r\t"), r#""\b\f\n\r\t""#);
    assert_eq!(s("\u{0}\u{1}\u{1f}"), r#""\u0000\u0001\u001f""#);
    assert_eq!(s("\u{7f}"), "\"\u{7f}\"");
    assert_eq!(s("é"), r#""\u00e9""#);
    assert_eq!(s("\u{ffff}\u{2028}"), r#""\uffff\u2028""#);
    assert_eq!(s("😀"), r#""\ud83d\ude00""#);
    assert_eq!(s("\u{10000}"), r#""\ud800\udc00""#);
}

#[test]
fn numbers() {
    let mut w = JsonWriter::new();
    w.int32(i32::MIN);
    w.byte(b' ');
    w.int64(i64::MIN);
    w.byte(b' ');
    w.int53(0);
    assert_eq!(w.into_string(), r#"-2147483648 "-9223372036854775808" 0"#);
}

#[test]
fn doubles_like_printf() {
    for (v, want) in [
        (1.0, "1.000000"),
        (1.5, "1.500000"),
        (-0.0, "-0.000000"),
        (0.0000005, "0.000000"),
        (0.0000015, "0.000002"),
        (0.0000025, "0.000003"),
        (1234567.8912345, "1234567.891235"),
        (
            123456789012345678901234567890.0,
            "123456789012345677877719597056.000000",
        ),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (0.0078125, "0.007812"),
    ] {
        let mut w = JsonWriter::new();
        w.double(v);
        assert_eq!(w.into_string(), want, "{v}");
    }
}

// ---- value
fn with_doc<R>(src: &str, f: impl FnOnce(Value<'_>) -> R) -> R {
    with_document(src.as_bytes(), |doc| f(doc.root())).unwrap()
}

fn read<C: Codec>(src: &str) -> Result<C::Value, String> {
    with_doc(src, |v| C::read(v).map_err(|e| e.to_string()))
}

#[test]
fn integers() {
    assert_eq!(read::<Int32>("5"), Ok(5));
    assert_eq!(read::<Int32>("\"-5\""), Ok(-5));
    assert_eq!(read::<Int32>("null"), Ok(0));
    assert_eq!(
        read::<Int32>("5.0"),
        Err("Can't parse as an integer string \"5.0\"".into())
    );
    assert_eq!(
        read::<Int32>("\"abc\""),
        Err("Can't parse as an integer string \"abc\"".into())
    );
    assert_eq!(
        read::<Int32>("true"),
        Err("Expected Number, but receive Boolean".into())
    );
    assert_eq!(
        read::<Int64>("[]"),
        Err("Expected String or Number, but receive Array".into())
    );
    assert_eq!(read::<Int64>("\"9223372036854775807\""), Ok(i64::MAX));
    assert_eq!(read::<Int32>("\"\\u0035\""), Ok(5));
}

#[test]
fn booleans() {
    assert_eq!(read::<Bool>("true"), Ok(true));
    assert_eq!(read::<Bool>("0"), Ok(false));
    assert_eq!(read::<Bool>("-1"), Ok(true));
    assert_eq!(read::<Bool>("\"1\""), Ok(true));
    assert_eq!(read::<Bool>("null"), Ok(false));
    assert_eq!(
        read::<Bool>("1.5"),
        Err("Expected Boolean, but receive Number".into())
    );
    assert_eq!(
        read::<Bool>("\"true\""),
        Err("Expected Boolean, but receive String".into())
    );
    assert_eq!(
        read::<Bool>("2147483648"),
        Err("Expected Boolean, but receive Number".into())
    );
}

#[test]
fn strings_and_escapes() {
    assert_eq!(
        read::<Str>(r#""a\/b\x\u0041\ud83d\ude00""#),
        Ok("a/bxA😀".into())
    );
    assert_eq!(read::<Str>(r#""\u0000""#), Ok("\0".into()));
    assert_eq!(
        read::<Str>("5"),
        Err("Expected String, but receive Number".into())
    );
    with_doc(r#""\ud800x""#, |v| {
        assert_eq!(Str::read(v).unwrap(), "\u{fffd}x");
        assert!(v.saw_invalid_utf8());
    });
}

#[test]
fn bytes_and_vectors() {
    assert_eq!(read::<Bytes>("\"AAE=\""), Ok(vec![0, 1]));
    assert_eq!(read::<Bytes>("\"AAE\""), Err("Wrong padding length".into()));
    assert_eq!(read::<Vector<Int32>>("[1,null,\"3\"]"), Ok(vec![1, 0, 3]));
    assert_eq!(
        read::<Vector<Str>>("{}"),
        Err("Expected Array, but receive Object".into())
    );
    assert_eq!(
        read::<Vector<Vector<Int53>>>("[[1],[],null]"),
        Ok(vec![vec![1], vec![], vec![]])
    );
}

#[test]
fn first_duplicate_wins_and_escaped_keys_match() {
    with_doc(r#"{"a":1,"\u0061":2,"b":3}"#, |v| {
        let o = v.object().unwrap();
        assert_eq!(o.field::<Int32>("a"), Ok(1));
        assert_eq!(o.field::<Int32>("b"), Ok(3));
        assert_eq!(o.field::<Int32>("c"), Ok(0));
    });
    with_doc(r#"{"\u0061":2,"a":1}"#, |v| {
        assert_eq!(v.object().unwrap().field::<Int32>("a"), Ok(2))
    });
}

#[test]
fn type_tags() {
    with_doc(r#"{"@type":5}"#, |v| {
        assert!(matches!(v.object().unwrap().tag(), Ok(Tag::Id(5))))
    });
    with_doc(r#"{"@type":null}"#, |v| {
        assert_eq!(
            v.object().unwrap().tag().unwrap_err().to_string(),
            "Expected String or Integer, but receive Null"
        )
    });
    with_doc(r#"{}"#, |v| {
        assert_eq!(
            v.object().unwrap().tag().unwrap_err().to_string(),
            "Can't find field \"@type\""
        )
    });
    assert_eq!(
        ConvError::UnknownConstructor(-1).to_string(),
        "Unknown constructor 0xffffffff"
    );
}
