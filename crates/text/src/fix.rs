//! Entity list normalisation.
use crate::entity::FormattedText;
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError { InvalidUtf8 }
pub fn fix_formatted_text(_t: &mut FormattedText) -> Result<(), FixError> { Ok(()) }
