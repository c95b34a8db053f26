//! tdjson-testdc: a local Telegram-compatible MTProto server for tests and demos.
//!
//! `world` holds the server's state and Telegram's rules as plain domain types;
//! `store` keeps that state in SQLite (a file with `--data DIR`, memory otherwise).
//! `rpc` maps Telegram's TL functions onto the world; `net` speaks MTProto to clients and delivers the world's updates; `control` is the HTTP
//! interface of CONTROL.md; `faults` are what it can make go wrong.

pub mod control;
pub mod faults;
pub mod net;
pub mod rpc;
pub mod store;
pub mod world;
