use crate::{FormattedText, ParseError};
pub fn parse_html(_t: &str) -> Result<FormattedText, ParseError> { Err(ParseError::Entities("todo".into())) }
