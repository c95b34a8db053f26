//! Which requests TDLib lets through before initialization and before authorization.

use td_api::Function;

/// "Preinitialization" requests: answered at once in any state, even before setTdlibParameters.
pub fn is_preinitialization(f: &Function) -> bool {
    use Function as F;
    matches!(
        f,
        F::SetAlarm(_)
            | F::TestCallEmpty(_)
            | F::TestSquareInt(_)
            | F::TestCallString(_)
            | F::TestCallBytes(_)
            | F::TestCallVectorInt(_)
            | F::TestCallVectorIntObject(_)
            | F::TestCallVectorString(_)
            | F::TestCallVectorStringObject(_)
            | F::TestUseUpdate(_)
            | F::TestProxy(_)
    )
}

/// "Preauthentication" requests: held until setTdlibParameters, then allowed without
/// authorization.
pub fn is_preauthentication(f: &Function) -> bool {
    use Function as F;
    matches!(
        f,
        F::GetInternalLink(_)
            | F::GetInternalLinkType(_)
            | F::SetApplicationVerificationToken(_)
            | F::GetLocalizationTargetInfo(_)
            | F::GetLanguagePackInfo(_)
            | F::GetLanguagePackStrings(_)
            | F::SynchronizeLanguagePack(_)
            | F::AddCustomServerLanguagePack(_)
            | F::SetCustomLanguagePack(_)
            | F::EditCustomLanguagePackInfo(_)
            | F::SetCustomLanguagePackString(_)
            | F::DeleteLanguagePack(_)
            | F::ProcessPushNotification(_)
            | F::GetOption(_)
            | F::SetOption(_)
            | F::GetStorageStatistics(_)
            | F::GetStorageStatisticsFast(_)
            | F::GetDatabaseStatistics(_)
            | F::SetNetworkType(_)
            | F::GetNetworkStatistics(_)
            | F::AddNetworkStatistics(_)
            | F::ResetNetworkStatistics(_)
            | F::GetCountries(_)
            | F::GetCountryCode(_)
            | F::GetPhoneNumberInfo(_)
            | F::GetDeepLinkInfo(_)
            | F::GetApplicationConfig(_)
            | F::SaveApplicationLogEvent(_)
            | F::AddProxy(_)
            | F::EditProxy(_)
            | F::EnableProxy(_)
            | F::DisableProxy(_)
            | F::RemoveProxy(_)
            | F::GetProxies(_)
            | F::PingProxy(_)
            | F::TestNetwork(_)
    )
}

/// What an authentication request comes to while TDLib waits for a phone number, once its
/// own argument checks pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authentication {
    /// A step that needs Telegram's servers.
    Network,
    /// A step of a later authorization state: "Call to <name> unexpected".
    Unexpected(&'static str),
    /// deleteAccount: "Need to log in first".
    NeedsLogIn,
}

/// Authentication requests (allowed, state permitting, before authorization); `None` for
/// any other request.
pub fn authentication(f: &Function) -> Option<Authentication> {
    use Authentication::*;
    use Function as F;
    Some(match f {
        F::SetAuthenticationPhoneNumber(_)
        | F::RequestQrCodeAuthentication(_)
        | F::GetAuthenticationPasskeyParameters(_)
        | F::CheckAuthenticationPasskey(_)
        | F::CheckAuthenticationBotToken(_)
        | F::CheckAuthenticationWebToken(_) => Network,
        // TDLib names the purchase check for both.
        F::CheckAuthenticationPremiumPurchase(_)
        | F::SetAuthenticationPremiumPurchaseTransaction(_) => {
            Unexpected("checkAuthenticationPremiumPurchase")
        }
        F::SetAuthenticationEmailAddress(_)
        | F::ResendAuthenticationCode(_)
        | F::CheckAuthenticationEmailCode(_)
        | F::CheckAuthenticationCode(_)
        | F::RegisterUser(_)
        | F::ResetAuthenticationEmailAddress(_)
        | F::CheckAuthenticationPassword(_)
        | F::RequestAuthenticationPasswordRecovery(_)
        | F::CheckAuthenticationPasswordRecoveryCode(_)
        | F::RecoverAuthenticationPassword(_)
        | F::SendAuthenticationFirebaseSms(_)
        | F::ReportAuthenticationCodeMissing(_) => {
            Unexpected(td_api::TlAbstract::constructor_name(f))
        }
        F::DeleteAccount(_) => NeedsLogIn,
        _ => return None,
    })
}
