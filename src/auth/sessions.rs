//! The account's sessions: getActiveSessions, terminateSession, and confirmQrCodeAuthentication
//! (this client accepts another device's QR login, which makes a new session).

use td_api as td;
use tl::api::{enums, functions, types};

use super::code::base64url_decode;
use super::qr::LINK_PREFIX;
use crate::api::error;
use crate::client::session::Session;
use crate::engine;

/// Whether `app_name` names a web app: "Web" not followed by a lowercase letter.
fn is_web_app(app_name: &str) -> bool {
    app_name.match_indices("Web").any(|(i, _)| {
        !app_name[i + 3..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
    })
}

/// What kind of device a session runs on, from what its app said about itself (TDLib's
/// rules, in their order).
pub fn device_type(a: &types::Authorization) -> td::SessionDeviceType {
    let device = a.device_model.to_lowercase();
    let platform = a.platform.to_lowercase();
    let system = a.system_version.to_lowercase();
    if device.contains("xbox") {
        return td::SessionDeviceTypeXbox {}.into();
    }
    if is_web_app(&a.app_name) {
        let browsers: [(&[&str], td::SessionDeviceType); 7] = [
            (&["brave"], td::SessionDeviceTypeBrave {}.into()),
            (&["vivaldi"], td::SessionDeviceTypeVivaldi {}.into()),
            (&["opera", "opr"], td::SessionDeviceTypeOpera {}.into()),
            (&["edg"], td::SessionDeviceTypeEdge {}.into()),
            (&["chrome"], td::SessionDeviceTypeChrome {}.into()),
            (
                &["firefox", "fxios"],
                td::SessionDeviceTypeFirefox {}.into(),
            ),
            (&["safari"], td::SessionDeviceTypeSafari {}.into()),
        ];
        for (needles, kind) in browsers {
            if needles.iter().any(|n| device.contains(n)) {
                return kind;
            }
        }
    }
    let is = |name: &str| platform.starts_with(name) || system.contains(name);
    if is("android") {
        return td::SessionDeviceTypeAndroid {}.into();
    }
    if is("windows") {
        return td::SessionDeviceTypeWindows {}.into();
    }
    if is("ubuntu") {
        return td::SessionDeviceTypeUbuntu {}.into();
    }
    if is("linux") {
        return td::SessionDeviceTypeLinux {}.into();
    }
    let (ios, macos) = (is("ios"), is("macos"));
    if ios && device.contains("iphone") {
        return td::SessionDeviceTypeIphone {}.into();
    }
    if ios && device.contains("ipad") {
        return td::SessionDeviceTypeIpad {}.into();
    }
    if macos && device.contains("mac") {
        return td::SessionDeviceTypeMac {}.into();
    }
    if ios || macos {
        return td::SessionDeviceTypeApple {}.into();
    }
    td::SessionDeviceTypeUnknown {}.into()
}

pub fn session(a: &enums::Authorization) -> td::Session {
    let enums::Authorization::Authorization(a) = a;
    // TDLib 1.8.63 showed the country alone; region joins it only when there is no country.
    let location = if a.country.is_empty() {
        a.region.clone()
    } else {
        a.country.clone()
    };
    td::Session {
        id: a.hash,
        is_current: a.current,
        is_password_pending: a.password_pending,
        is_unconfirmed: a.unconfirmed,
        can_accept_secret_chats: !a.encrypted_requests_disabled,
        can_accept_calls: !a.call_requests_disabled,
        device_type: Some(device_type(a)),
        api_id: a.api_id,
        application_name: a.app_name.clone(),
        application_version: a.app_version.clone(),
        is_official_application: a.official_app,
        device_model: a.device_model.clone(),
        platform: a.platform.clone(),
        system_version: a.system_version.clone(),
        log_in_date: a.date_created,
        last_active_date: a.date_active,
        ip_address: a.ip.clone(),
        location,
    }
}

pub fn get_active_sessions(s: &mut Session, extra: Option<Box<str>>) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    s.spawn_request(extra, |_| async move {
        let enums::account::Authorizations::Authorizations(list) =
            net.call(&functions::account::GetAuthorizations {}).await?;
        let mut sessions: Vec<td::Session> = list.authorizations.iter().map(session).collect();
        // Current, then password-pending, then unconfirmed, then the most recently active.
        sessions.sort_by_key(|x| {
            (
                !x.is_current,
                !x.is_password_pending,
                !x.is_unconfirmed,
                -i64::from(x.last_active_date),
            )
        });
        let ttl = list.authorization_ttl_days;
        engine::ok(td::Sessions {
            sessions: sessions.into_iter().map(Some).collect(),
            inactive_session_ttl_days: if (1..=366).contains(&ttl) { ttl } else { 180 },
        })
    });
}

pub fn terminate_session(s: &mut Session, extra: Option<Box<str>>, session_id: i64) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    s.spawn_request(extra, move |_| async move {
        net.call(&functions::account::ResetAuthorization { hash: session_id })
            .await?;
        engine::ok(td::Ok {})
    });
}

/// The token of a `tg://login?token=` link.
fn link_token(link: &str) -> Option<Vec<u8>> {
    let head = link.get(..LINK_PREFIX.len())?;
    if !head.eq_ignore_ascii_case(LINK_PREFIX) {
        return None;
    }
    let token = &link[LINK_PREFIX.len()..];
    if token.contains('=') && !token.len().is_multiple_of(4) {
        return None;
    }
    base64url_decode(token)
}

pub fn confirm_qr_code_authentication(s: &mut Session, extra: Option<Box<str>>, link: String) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    let Some(token) = link_token(&link) else {
        return s
            .out()
            .error(error(400, "AUTH_TOKEN_INVALID"), extra.as_deref());
    };
    s.spawn_request(extra, move |_| async move {
        let a = net
            .call(&functions::auth::AcceptLoginToken { token })
            .await?;
        engine::ok(session(&a))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_apps_are_told_apart_by_name() {
        assert!(is_web_app("Telegram Web A"));
        assert!(is_web_app("Web"));
        assert!(!is_web_app("Website"));
        assert!(!is_web_app("Telegram Desktop"));
    }

    #[test]
    fn qr_links_carry_base64url_tokens() {
        assert_eq!(link_token("tg://login?token=AQID").unwrap(), vec![1, 2, 3]);
        assert_eq!(
            link_token("tg://login?token=-_8").unwrap(),
            vec![0xfb, 0xff]
        );
        assert_eq!(link_token("TG://LOGIN?TOKEN=AQID").unwrap(), vec![1, 2, 3]);
        assert!(link_token("tg://login?token=AQ=").is_none());
        assert!(link_token("https://t.me/login?token=AQID").is_none());
        assert!(link_token("tg://login?token=*").is_none());
    }
}
