//! tdjson-testdc: a local Telegram-compatible MTProto server.
fn main() {}
