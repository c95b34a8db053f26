//! tdjson-rs: the engine behind libtdjson.so.
