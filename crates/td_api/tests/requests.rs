//! Whole requests through the generated types: TDLib's three error levels, `@extra`, typed
//! fields, and serialization of results.

use td_api::json::{JsonWriter, RequestError};
use td_api::{parse_request, Function, LogStream, TextEntityType, TlAbstract, TlObject, TlWrite};

fn err(src: &str) -> (String, Option<String>) {
    match parse_request(src.as_bytes()) {
        Ok(r) => panic!("{src} parsed as {:?}", r.function),
        Err(e) => (e.to_string(), e.extra().map(str::to_string)),
    }
}

#[test]
fn error_levels_and_extra() {
    assert_eq!(
        err("{"),
        (
            "Failed to parse request as JSON object: Unexpected string end".into(),
            None
        )
    );
    assert_eq!(err("[1]"), ("Expected a JSON object".into(), None));
    assert_eq!(
        err(r#"{"@type":"noSuch","@extra":{ "a" : [1, 2.50] }}"#),
        (
            "Failed to parse JSON object as TDLib request: Unknown class \"noSuch\"".into(),
            Some(r#"{"a":[1,2.50]}"#.into())
        )
    );
    assert_eq!(
        err(r#"{"@type":"formattedText"}"#).0,
        "Failed to parse JSON object as TDLib request: Unknown class \"formattedText\""
    );
    assert_eq!(
        err(r#"{"@type":5}"#).0,
        "Failed to parse JSON object as TDLib request: Unknown constructor 0x00000005"
    );
    assert!(matches!(parse_request(b"1"), Err(RequestError::NotObject)));
}

#[test]
fn typed_fields() {
    let r = parse_request(
        br#"{"@type":"parseTextEntities","text":"*a*","parse_mode":{"@type":"textParseModeMarkdown","version":"2"},"@extra":"x"}"#,
    )
    .unwrap();
    assert_eq!(r.extra.as_deref(), Some(r#""x""#));
    let Function::ParseTextEntities(f) = r.function else {
        panic!("wrong function")
    };
    assert_eq!(f.text, "*a*");
    match f.parse_mode {
        Some(td_api::TextParseMode::TextParseModeMarkdown(m)) => assert_eq!(m.version, 2),
        other => panic!("{other:?}"),
    }
    // By numeric id, nested objects without @type for concrete classes, and null elements.
    let id = td_api::GetMarkdownText::ID;
    let src = format!(
        r#"{{"@type":{id},"text":{{"text":"ab","entities":[null,{{"offset":1,"length":1,"type":{{"@type":"textEntityTypeBold"}}}}]}}}}"#
    );
    let r = parse_request(src.as_bytes()).unwrap();
    let Function::GetMarkdownText(f) = r.function else {
        panic!("wrong function")
    };
    let text = f.text.unwrap();
    assert_eq!(text.entities.len(), 2);
    assert!(text.entities[0].is_none());
    let e = text.entities[1].as_ref().unwrap();
    assert!(matches!(
        e.r#type,
        Some(TextEntityType::TextEntityTypeBold(_))
    ));
}

#[test]
fn invalid_utf8_is_repaired_and_flagged() {
    let r = parse_request(b"{\"@type\":\"getTextEntities\",\"text\":\"a\xffb\"}").unwrap();
    let Function::GetTextEntities(f) = &r.function else {
        panic!()
    };
    assert_eq!(f.text, "a\u{fffd}b");
    assert_eq!(r.repaired.original(&f.text), Some(&b"a\xffb"[..]));
    assert!(
        parse_request(br#"{"@type":"getTextEntities","text":"\u00e9"}"#)
            .unwrap()
            .repaired
            .is_empty()
    );
}

#[test]
fn repaired_strings_are_known_per_field() {
    // A genuine U+FFFD in one field, invalid bytes in another, a lone surrogate in a third.
    let src = b"{\"@type\":\"getPhoneNumberInfoSync\",\"language_code\":\"\xef\xbf\xbd\",\
                \"phone_number_prefix\":\"1\xe2\x82\"}";
    let r = parse_request(src).unwrap();
    let Function::GetPhoneNumberInfoSync(f) = &r.function else {
        panic!()
    };
    assert_eq!(f.language_code, "\u{fffd}");
    assert!(!r.repaired.contains(&f.language_code));
    assert_eq!(r.repaired.bytes(&f.language_code), "\u{fffd}".as_bytes());
    assert_eq!(f.phone_number_prefix, "1\u{fffd}");
    assert_eq!(r.repaired.bytes(&f.phone_number_prefix), b"1\xe2\x82");
    // An equal string elsewhere is a different field.
    assert!(!r.repaired.contains(&f.phone_number_prefix.clone()));

    let src = br#"{"@type":"searchStringsByPrefix","strings":["\ud800","\ufffd","x\udc00y","\ud83d\ude00"],"query":"q"}"#;
    let r = parse_request(src).unwrap();
    let Function::SearchStringsByPrefix(f) = &r.function else {
        panic!()
    };
    assert_eq!(
        f.strings,
        ["\u{fffd}", "\u{fffd}", "x\u{fffd}y", "\u{1f600}"]
    );
    let originals: Vec<Option<&[u8]>> = f.strings.iter().map(|s| r.repaired.original(s)).collect();
    assert_eq!(
        originals,
        [
            Some(&b"\xed\xa0\x80"[..]),
            None,
            Some(&b"x\xed\xb0\x80y"[..]),
            None
        ]
    );
    assert!(!r.repaired.contains(&f.query));
}

#[test]
fn extra_and_unknown_fields_do_not_count_as_repaired_fields() {
    let src =
        b"{\"@type\":\"getTextEntities\",\"text\":\"x\",\"junk\":\"\xff\",\"@extra\":\"\xff\"}";
    let r = parse_request(src).unwrap();
    assert!(r.repaired.is_empty());
    assert_eq!(r.extra.as_deref(), Some("\"\\ufffd\""));
}

#[test]
fn serialization_order_and_null_fields() {
    let stream = LogStream::from(td_api::LogStreamFile {
        path: "/a\u{e9}".into(),
        max_file_size: 5,
        redirect_stderr: true,
    });
    assert_eq!(
        stream.to_json(),
        r#"{"@type":"logStreamFile","path":"/a\u00e9","max_file_size":5,"redirect_stderr":true}"#
    );
    assert_eq!(stream.constructor_name(), "logStreamFile");
    let update = td_api::UpdateOption {
        name: "x".into(),
        value: None,
    };
    assert_eq!(update.to_json(), r#"{"@type":"updateOption","name":"x"}"#);
    let v = td_api::TestVectorIntObject {
        value: vec![Some(td_api::TestInt { value: 1 }), None],
    };
    assert_eq!(
        v.to_json(),
        r#"{"@type":"testVectorIntObject","value":[{"@type":"testInt","value":1},null]}"#
    );
    let b = td_api::TestBytes {
        value: vec![0, 1, 255],
    };
    assert_eq!(b.to_json(), r#"{"@type":"testBytes","value":"AAH/"}"#);
    let i = td_api::OptionValueInteger { value: -5 };
    assert_eq!(
        i.to_json(),
        r#"{"@type":"optionValueInteger","value":"-5"}"#
    );
    let mut w = JsonWriter::new();
    TlWrite::write_json(&td_api::Object::from(i), &mut w);
    assert_eq!(
        w.into_string(),
        r#"{"@type":"optionValueInteger","value":"-5"}"#
    );
}
