//! Local databases, laid out as TDLib lays out its own so that files move between the two.

pub mod key_value;
