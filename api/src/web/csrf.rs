//! Cross-site request forgery: every state-changing form carries a token bound to the browser's
//! session (signed in: the hub session; before: a random visit cookie), HMAC-SHA256 under a key derived
//! from the hub's secret. A POST without the right one is refused with a 403 page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The form field that carries the token.
pub const FIELD: &str = "csrf";

fn mac(secret: &[u8], binding: &str) -> Hmac<Sha256> {
    // Any key length is accepted by HMAC.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
    mac.update(b"innovation-hub csrf\0");
    mac.update(binding.as_bytes());
    mac
}

/// The token for forms of the session `binding`.
pub fn token(secret: &[u8], binding: &str) -> String {
    URL_SAFE_NO_PAD.encode(mac(secret, binding).finalize().into_bytes())
}

/// Whether `presented` is the token of `binding` (in constant time).
pub fn valid(secret: &[u8], binding: &str, presented: &str) -> bool {
    if binding.is_empty() {
        return false;
    }
    URL_SAFE_NO_PAD.decode(presented.trim()).is_ok_and(|bytes| mac(secret, binding).verify_slice(&bytes).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_good_for_its_own_binding_only() {
        let secret = b"a secret of the hub, 32 bytes long";
        let token = token(secret, "session-a");
        assert!(valid(secret, "session-a", &token));
        assert!(!valid(secret, "session-b", &token), "another session's token");
        assert!(!valid(b"another hub's secret", "session-a", &token), "another key");
        assert!(!valid(secret, "session-a", ""), "no token");
        assert!(!valid(secret, "session-a", "garbage!"), "garbage");
        assert!(!valid(secret, "session-a", &token[..token.len() - 2]), "a truncated token");
        assert!(!valid(secret, "", &super::token(secret, "")), "no binding, no form");
    }
}
