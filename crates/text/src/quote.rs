use crate::FormattedText;
pub fn search_quote(_t: &FormattedText, _q: &FormattedText, _p: i32) -> Option<i32> { None }
