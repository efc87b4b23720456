//! The endpoints' signing secrets, sealed at rest: XChaCha20-Poly1305 under a key derived from the audit
//! key ([`AuditKey::derive`]), which the database never holds. A copy of the database alone cannot sign a
//! delivery a receiver would accept.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::audit::AuditKey;
use crate::error::StoreError;

const LABEL: &str = "webhook secrets";

fn cipher(key: &AuditKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&key.derive(LABEL).into())
}

/// Seals `secret` bound to its endpoint (a sealed secret copied to another endpoint does not open).
pub(crate) fn seal(key: &AuditKey, endpoint: &str, secret: &str) -> Result<String, StoreError> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let payload = chacha20poly1305::aead::Payload { msg: secret.as_bytes(), aad: endpoint.as_bytes() };
    let sealed = cipher(key).encrypt(&nonce, payload).map_err(|e| StoreError::internal("webhook secret", e))?;
    let mut out = nonce.to_vec();
    out.extend(sealed);
    Ok(STANDARD.encode(out))
}

/// Opens a secret [`seal`] sealed for `endpoint`.
pub(crate) fn open(key: &AuditKey, endpoint: &str, sealed: &str) -> Result<String, StoreError> {
    let corrupt = |e: &dyn std::fmt::Display| StoreError::internal("webhook secret (another HUB_AUDIT_KEY?)", e);
    let bytes = STANDARD.decode(sealed).map_err(|e| corrupt(&e))?;
    if bytes.len() < 24 {
        return Err(corrupt(&"too short"));
    }
    let (nonce, sealed) = bytes.split_at(24);
    let payload = chacha20poly1305::aead::Payload { msg: sealed, aad: endpoint.as_bytes() };
    let nonce: [u8; 24] = nonce.try_into().map_err(|_| corrupt(&"a bad nonce"))?;
    let plain = cipher(key).decrypt(&XNonce::from(nonce), payload).map_err(|e| corrupt(&e))?;
    String::from_utf8(plain).map_err(|e| corrupt(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_with_its_key_and_endpoint_only() {
        let key = AuditKey::new("k1").expect("key");
        let sealed = seal(&key, "e1", "whsec_abc").expect("sealed");
        assert!(!sealed.contains("whsec"), "not in the clear: {sealed}");
        assert_eq!(open(&key, "e1", &sealed).expect("opens"), "whsec_abc");
        assert!(open(&key, "e2", &sealed).is_err(), "bound to its endpoint");
        assert!(open(&AuditKey::new("k2").expect("key"), "e1", &sealed).is_err(), "another key");
        assert_ne!(seal(&key, "e1", "whsec_abc").expect("sealed"), sealed, "a fresh nonce each time");
    }
}
