//! The synchronous functions implemented outside the td_api layer, one module per area.

pub mod text;
