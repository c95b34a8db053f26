//! getLanguagePackString over database files: what it creates, what it reads, what it
//! remembers. Expected behaviour observed with TDLib 1.8.65 unless a test says otherwise.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use rusqlite::Connection;

/// A fresh directory for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tdjson-langpack-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn get(path: &Path, target: &str, pack: &str, key: &str) -> String {
    execute(&format!(
        r#"{{"@type":"getLanguagePackString","language_pack_database_path":"{}","localization_target":"{target}","language_pack_id":"{pack}","key":"{key}"}}"#,
        path.display()
    ))
}

fn ordinary(value: &str) -> String {
    format!(r#"{{"@type":"languagePackStringValueOrdinary","value":"{value}"}}"#)
}

const DELETED: &str = r#"{"@type":"languagePackStringValueDeleted"}"#;
const NOT_FOUND: &str = r#"{"@type":"error","code":404,"message":"Not Found"}"#;

fn setup(path: &Path, sql: &str) -> Connection {
    let conn = Connection::open(path).expect("open");
    conn.execute_batch(sql).expect("setup");
    conn
}

fn rows(conn: &Connection, table: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut s = conn
        .prepare(&format!("SELECT k, v FROM \"{table}\" ORDER BY k"))
        .expect("select");
    let rows = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows");
    rows.map(|r| r.expect("row")).collect()
}

#[test]
fn a_new_database_gets_tdlib_tables_and_key_count() {
    let _g = lock();
    let d = dir("new");
    let db = d.join("db");
    assert_eq!(get(&db, "android", "en", "x"), NOT_FOUND);
    assert_eq!(get(&db, "android", "de", "x"), NOT_FOUND);
    let conn = Connection::open(&db).expect("open");
    let mut s = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rootpage")
        .unwrap();
    let tables: Vec<(String, String)> = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let table = |n: &str| {
        (
            n.to_string(),
            format!("CREATE TABLE \"{n}\" (k BLOB PRIMARY KEY, v BLOB)"),
        )
    };
    assert_eq!(
        tables,
        [
            table("kv_android_0"),
            table("kv_android_en"),
            table("kv_android_de")
        ]
    );
    assert_eq!(
        rows(&conn, "kv_android_en"),
        [(b"!key_count".to_vec(), b"0".to_vec())]
    );
    assert!(rows(&conn, "kv_android_0").is_empty());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn key_count_counts_strings_that_are_not_deleted_once() {
    let _g = lock();
    let d = dir("count");
    let db = d.join("db");
    let conn = setup(
        &db,
        "CREATE TABLE kv_android_en (k BLOB PRIMARY KEY, v BLOB);
         INSERT INTO kv_android_en VALUES (x'61', x'3161'), (x'62', x'3278'), (x'63', x'33'),
           (x'64', x''), (x'65', NULL), (x'2166', x'3179'), ('g', '1t'), (x'68', 5), (x'', x'3178');",
    );
    assert_eq!(get(&db, "android", "en", "zz"), NOT_FOUND);
    let count = |conn: &Connection| {
        conn.query_row(
            "SELECT v FROM kv_android_en WHERE k = x'216b65795f636f756e74'",
            [],
            |r| r.get::<_, Vec<u8>>(0),
        )
    };
    // a, b, g and (where TDLib aborts on an empty key) the empty key.
    assert_eq!(count(&conn).unwrap(), b"4");
    conn.execute(
        "DELETE FROM kv_android_en WHERE k = x'216b65795f636f756e74'",
        [],
    )
    .unwrap();
    assert_eq!(get(&db, "android", "en", "a"), ordinary("a"));
    assert!(
        count(&conn).is_err(),
        "counted only when the pack is first read"
    );
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn found_strings_are_remembered_and_misses_looked_up_again() {
    let _g = lock();
    let d = dir("cache");
    let db = d.join("db");
    let conn = setup(
        &db,
        "CREATE TABLE kv_android_en (k BLOB PRIMARY KEY, v BLOB);
         INSERT INTO kv_android_en VALUES (x'6f', x'3176'), (x'64', x'33');",
    );
    assert_eq!(get(&db, "android", "en", "o"), ordinary("v"));
    assert_eq!(get(&db, "android", "en", "d"), DELETED);
    assert_eq!(get(&db, "android", "en", "m"), NOT_FOUND);
    conn.execute_batch(
        "UPDATE kv_android_en SET v = x'3177';
         INSERT INTO kv_android_en VALUES (x'6d', x'316d');",
    )
    .unwrap();
    assert_eq!(get(&db, "android", "en", "o"), ordinary("v"));
    assert_eq!(get(&db, "android", "en", "d"), DELETED);
    assert_eq!(get(&db, "android", "en", "m"), ordinary("m"));
    // Another spelling of the path is another database as far as memory goes.
    assert_eq!(
        get(&d.join(".").join("db"), "android", "en", "o"),
        ordinary("w")
    );
    // The database stays open: removed files are not recreated.
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    assert_eq!(get(&db, "android", "en", "x"), NOT_FOUND);
    assert!(!db.exists());
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn a_pack_with_a_version_is_complete() {
    let _g = lock();
    let d = dir("version");
    let db = d.join("db");
    let conn = setup(
        &db,
        "CREATE TABLE kv_android_en (k BLOB PRIMARY KEY, v BLOB);
         INSERT INTO kv_android_en VALUES (x'2176657273696f6e', x'35'), (x'65', x'');
         CREATE TABLE kv_android_de (k BLOB PRIMARY KEY, v BLOB);
         INSERT INTO kv_android_de VALUES (x'2176657273696f6e', x'34323934393637323935');",
    );
    assert_eq!(get(&db, "android", "en", "m"), DELETED);
    assert_eq!(get(&db, "android", "en", "e"), DELETED);
    // "4294967295" wraps to -1: no version.
    assert_eq!(get(&db, "android", "de", "m"), NOT_FOUND);
    conn.execute_batch("INSERT INTO kv_android_en VALUES (x'6d', x'316d'), (x'6e', x'316e');")
        .unwrap();
    assert_eq!(
        get(&db, "android", "en", "m"),
        DELETED,
        "a miss is remembered"
    );
    assert_eq!(get(&db, "android", "en", "n"), ordinary("n"));
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn where_tdlib_aborts_we_answer() {
    let _g = lock();
    let d = dir("abort");
    let bad_value = d.join("bad-value");
    setup(
        &bad_value,
        "CREATE TABLE kv_android_en (k BLOB PRIMARY KEY, v BLOB);
         INSERT INTO kv_android_en VALUES (x'62', x'3161ff62'), (x'70', x'32ff0000000000');",
    );
    let not_utf8 =
        r#"{"@type":"error","code":500,"message":"Language pack string is not encoded in UTF-8"}"#;
    assert_eq!(get(&bad_value, "android", "en", "b"), not_utf8);
    assert_eq!(get(&bad_value, "android", "en", "p"), not_utf8);
    let wrong_columns = d.join("wrong-columns");
    setup(&wrong_columns, "CREATE TABLE kv_android_en (a, b);");
    assert_eq!(get(&wrong_columns, "android", "en", "k"), NOT_FOUND);
    let garbage = d.join("garbage");
    std::fs::write(&garbage, b"not a database ".repeat(100)).unwrap();
    assert_eq!(get(&garbage, "android", "en", "k"), NOT_FOUND);
    assert_eq!(
        std::fs::read(&garbage).unwrap(),
        b"not a database ".repeat(100),
        "left as it was"
    );
    let _ = std::fs::remove_dir_all(d);
}
