//! tdjson-rs: the engine behind libtdjson.so.
pub mod sync;
