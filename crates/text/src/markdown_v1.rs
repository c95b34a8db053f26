use crate::{FormattedText, ParseError};
pub fn parse_markdown_v1(_t: &str) -> Result<FormattedText, ParseError> { Err(ParseError::Entities("todo".into())) }
