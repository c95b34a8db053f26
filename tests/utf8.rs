//! Text that is not UTF-8 is judged per string field: a genuine U+FFFD in one field and
//! invalid bytes in another give the answers TDLib 1.8.65 gives (observed with the reference).

mod common;

use common::*;

#[test]
fn get_json_string_empties_exactly_the_strings_that_were_not_utf8() {
    let _g = lock();
    let member = |key: &[u8], value: &[u8]| {
        [
            &b"{\"@type\":\"jsonObjectMember\",\"key\":\""[..],
            key,
            b"\",\"value\":{\"@type\":\"jsonValueString\",\"value\":\"",
            value,
            b"\"}}",
        ]
        .concat()
    };
    let genuine = "\u{fffd}".as_bytes();
    let members = [
        member(genuine, b"\xff"),
        member(b"k\xff", genuine),
        member(b"ok", b"\\ud800"),
        member(b"\\ufffd2", b"w"),
    ]
    .join(&b","[..]);
    let request = [
        &br#"{"@type":"getJsonString","json_value":{"@type":"jsonValueObject","members":["#[..],
        &members,
        b"]}}",
    ]
    .concat();
    assert_eq!(
        execute_bytes(&request),
        r#"{"@type":"text","text":"{\"\\ufffd\":\"\",\"ok\":\"\",\"\\ufffd2\":\"w\"}"}"#
    );
}

#[test]
fn fields_nobody_reads_and_extra_do_not_make_a_request_invalid() {
    let _g = lock();
    assert_eq!(
        execute_bytes(
            b"{\"@type\":\"getJsonValue\",\"json\":\"\\\"\\ufffd\\\"\",\"junk\":\"\xff\"}"
        ),
        r#"{"@type":"jsonValueString","value":"\ufffd"}"#
    );
    // TDLib aborts on such an @extra; we echo it repaired and answer the request.
    assert_eq!(
        execute_bytes(b"{\"@type\":\"getTextEntities\",\"text\":\"#a\",\"@extra\":\"\xff\"}"),
        r#"{"@type":"textEntities","entities":[{"@type":"textEntity","offset":0,"length":2,"type":{"@type":"textEntityTypeHashtag"}}],"@extra":"\ufffd"}"#
    );
}

#[test]
fn invalid_bytes_reach_the_logic_as_they_were() {
    let _g = lock();
    // One invalid string among valid ones (a genuine U+FFFD among them) fails the search.
    assert_eq!(
        execute_bytes(
            b"{\"@type\":\"searchStringsByPrefix\",\"strings\":[\"\\ufffd\",\"\xe2\x82\"],\"query\":\"\\ufffd\",\"limit\":5}"
        ),
        r#"{"@type":"error","code":400,"message":"Strings must be encoded in UTF-8"}"#
    );
    assert_eq!(
        execute_bytes(
            b"{\"@type\":\"searchStringsByPrefix\",\"strings\":[\"\\ufffd\",\"x\"],\"query\":\"\\ufffd\",\"limit\":5}"
        ),
        // (U+FFFD is no letter, so the query has no words and everything matches.)
        r#"{"@type":"foundPositions","total_count":2,"positions":[0,1]}"#
    );
}

#[test]
fn set_tdlib_parameters_checks_only_its_text_fields_and_keeps_directory_bytes() {
    let _g = lock();
    let base = std::env::temp_dir().join(format!("tdjson-utf8-{}", std::process::id()));
    let id = create();
    let params = |extra: &str, api_hash: &[u8], device_model: &[u8], dir: &[u8]| {
        [
            &br#"{"@type":"setTdlibParameters","use_test_dc":true,"database_directory":""#[..],
            base.to_str().expect("temp dir is UTF-8").as_bytes(),
            dir,
            br#"","api_id":1,"api_hash":""#,
            api_hash,
            br#"","system_language_code":"en","device_model":""#,
            device_model,
            br#"","application_version":"1","@extra":""#,
            extra.as_bytes(),
            br#""}"#,
        ]
        .concat()
    };
    send_bytes(id, &params("bad", b"\\ufffd", b"d\xff", b"/a"));
    send_bytes(
        id,
        &params("good", "\u{fffd}".as_bytes(), b"\\ufffd", b"/b\xff"),
    );
    let got = receive_all(0.3);
    let answer = |extra: &str| {
        got.iter()
            .find(|m| m.contains(&format!(r#""@extra":"{extra}""#)))
            .unwrap_or_else(|| panic!("no answer {extra} in {got:?}"))
            .clone()
    };
    assert_eq!(
        answer("bad"),
        format!(
            r#"{{"@type":"error","code":400,"message":"Strings must be encoded in UTF-8","@extra":"bad","@client_id":{id}}}"#
        )
    );
    assert_eq!(
        answer("good"),
        format!(r#"{{"@type":"ok","@extra":"good","@client_id":{id}}}"#)
    );
    use std::os::unix::ffi::OsStrExt;
    let made: Vec<Vec<u8>> = std::fs::read_dir(&base)
        .expect("the database directory was created")
        .map(|e| e.expect("entry").file_name().as_bytes().to_vec())
        .collect();
    assert_eq!(made, vec![b"b\xff".to_vec()]);
    close_and_wait(id);
    let _ = std::fs::remove_dir_all(base);
}
