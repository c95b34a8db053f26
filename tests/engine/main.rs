//! The engine against tdjson-testdc, through the C ABI: sign-in paths, restarts, faults.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod sign_in;
