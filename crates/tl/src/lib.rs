//! TL for tdjson-rs: the schema parser (re-exported as [`schema`]).

pub use tl_schema as schema;
