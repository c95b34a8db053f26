//! The terms of service: what auth.authorizationSignUpRequired shows a new number before
//! auth.signUp, as Telegram does, and what help.acceptTermsOfService confirms.

use super::message::{Entity, EntityKind};

/// The bold name at the start of [`TERMS_TEXT`] (UTF-16 units; the text is ASCII).
const NAME_LENGTH: i32 = 13;
const TERMS_TEXT: &str = "tdjson-testdc is a local test server: the accounts, messages and \
files made here are made up, and they go when the server's data does.";
/// help.termsOfService.id: stable JSON, so a client can tell these terms from later ones.
pub const TERMS_ID: &str = r#"{"id":"tdjson-testdc-terms-1"}"#;
/// Telegram asks some new users to confirm that they are at least this old.
const MIN_AGE: i32 = 16;

/// help.termsOfService.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermsOfService {
    /// The data of its dataJSON id.
    pub id: String,
    pub text: String,
    pub entities: Vec<Entity>,
    pub min_age_confirm: Option<i32>,
    /// Whether a client must show them in a popup (only updated terms are).
    pub popup: bool,
}

/// The terms every new account agrees to.
pub fn terms_of_service() -> TermsOfService {
    TermsOfService {
        id: TERMS_ID.to_string(),
        text: TERMS_TEXT.to_string(),
        entities: vec![Entity {
            offset: 0,
            length: NAME_LENGTH,
            kind: EntityKind::Bold,
        }],
        min_age_confirm: Some(MIN_AGE),
        popup: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_covers_the_name() {
        let terms = terms_of_service();
        let name: String = terms.text.chars().take(NAME_LENGTH as usize).collect();
        assert_eq!(name, "tdjson-testdc");
        assert!(terms.text.is_ascii());
        assert!(serde_json::from_str::<serde_json::Value>(&terms.id).is_ok());
    }
}
