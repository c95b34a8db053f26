use crate::FormattedText;
pub fn parse_markdown(t: FormattedText) -> FormattedText { t }
pub fn get_markdown_text(t: FormattedText) -> FormattedText { t }
