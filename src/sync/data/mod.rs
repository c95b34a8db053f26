//! Generated tables (see `tests/parity/gen/sync_extract.py emit`).

#[rustfmt::skip]
pub mod chars;
#[rustfmt::skip]
pub mod mime;
#[rustfmt::skip]
pub mod phone;
