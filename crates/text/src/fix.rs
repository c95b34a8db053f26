//! Entity list normalisation, as TDLib applies it to every formatted text.

use crate::entity::{Entity, FormattedText};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    InvalidUtf8,
}

/// Sorts entities by offset, longer first, then by kind priority; the sort is stable.
pub(crate) fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by(|a, b| {
        a.offset
            .cmp(&b.offset)
            .then(b.length.cmp(&a.length))
            .then(a.kind.priority().cmp(&b.kind.priority()))
    });
}

/// Final step of the markup parsers.
pub(crate) fn finish_parsed(text: String, mut entities: Vec<Entity>) -> FormattedText {
    entities.retain(|e| e.length > 0);
    sort_entities(&mut entities);
    FormattedText { text, entities }
}

pub fn fix_formatted_text(_t: &mut FormattedText) -> Result<(), FixError> {
    Ok(())
}
