//! Opaque secrets: 256 random bits, shown once, stored as their SHA-256.

use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix of personal access tokens, so that they are told from JWTs and found by secret scanners.
pub const PAT_PREFIX: &str = "hubpat_";

/// 256 random bits, base64url.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a secret.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new secret and its stored form with its lifetime.
pub fn new_secret(ttl: chrono::Duration) -> (String, persistence::NewSecret) {
    let token = random_token();
    let hash = hash_token(&token);
    (token, persistence::NewSecret { hash, ttl })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in unpadded base64url");
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }
}
