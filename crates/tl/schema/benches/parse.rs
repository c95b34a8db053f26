//! Prints how long parsing the project's schemas takes: `cargo bench -p tl_schema`.

use std::time::Instant;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../schema");
    for file in ["telegram_api.tl", "td_api.tl", "mtproto_api.tl"] {
        let path = format!("{dir}/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let rounds = 50;
        let start = Instant::now();
        let mut definitions = 0;
        for _ in 0..rounds {
            definitions = tl_schema::parse(&text).expect("parses").definitions.len();
        }
        let each = start.elapsed() / rounds;
        println!(
            "{file}: {} KiB, {definitions} definitions, {each:?} per parse",
            text.len() / 1024
        );
    }
}
