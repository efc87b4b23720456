//! Access tokens: HS256 JWTs with a `kid`, 15 minutes, bound to a session and the user's token version.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use persistence::SessionGrant;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The issuer of access tokens.
pub const ISSUER: &str = "innovation-hub";
/// The audience of access tokens.
pub const AUDIENCE: &str = "innovation-hub-api";
/// Tolerated clock skew between instances.
const LEEWAY_SECONDS: i64 = 5;
/// How long an access token lives.
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// The session (refresh family) id.
    pub sid: String,
    /// The user's token version when issued.
    pub ver: i32,
    /// The user's roles when issued. Roles change only with the token version, so while `ver` matches
    /// they are current, and checking a token costs one SQL statement instead of two. (Absent from
    /// tokens signed before roles were carried: their roles are then read from the database.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Issued at.
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
    /// Expires.
    pub exp: i64,
}

/// The signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    kid: String,
    validation: Validation,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// Keys from the HMAC secret. The `kid` is derived from the secret, so rotating it changes the kid.
    pub fn new(secret: &[u8]) -> Self {
        let kid = hex::encode(&Sha256::digest(secret)[..8]);
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        // `exp` and `nbf` are checked in `verify` against the hub's clock (the one that stamped them);
        // the library still requires them, and typed claims refuse non-numeric values.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), kid, validation }
    }

    /// The key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs an access token for a session.
    ///
    /// # Errors
    /// An internal error if signing fails.
    pub fn issue(&self, grant: &SessionGrant, now: i64) -> Result<String, ApiError> {
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: grant.user_id.to_string(),
            sid: grant.session_id.clone(),
            ver: grant.token_version,
            roles: Some(grant.roles.iter().map(|r| r.as_str().to_owned()).collect()),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TTL_SECONDS,
        };
        self.sign(&claims)
    }

    /// Signs any claims with this key (tests forge tokens with it).
    ///
    /// # Errors
    /// An internal error if signing fails.
    pub fn sign<C: Serialize>(&self, claims: &C) -> Result<String, ApiError> {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        encode(&header, claims, &self.encoding).map_err(|e| ApiError::internal("signing an access token", e))
    }

    /// Verifies an access token at `now` (Unix seconds): algorithm pinned to HS256, our kid, signature,
    /// `iss`, `aud`, `exp`, `nbf` and `iat` present and valid.
    ///
    /// # Errors
    /// `Unauthenticated` for any token that is not exactly right.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, ApiError> {
        let refused = || ApiError::Domain(domain::DomainError::Unauthenticated("invalid access token"));
        let header = decode_header(token).map_err(|_| refused())?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(refused());
        }
        let claims =
            decode::<Claims>(token, &self.decoding, &self.validation).map(|data| data.claims).map_err(|_| refused())?;
        if claims.exp <= now - LEEWAY_SECONDS || claims.nbf > now + LEEWAY_SECONDS || claims.iat > now + LEEWAY_SECONDS
        {
            return Err(refused());
        }
        Ok(claims)
    }

    /// The claims of a token of this key for `audience` (another use of the key than access tokens,
    /// e.g. the browser's session cookie), when its header and signature are right; the caller checks
    /// the times against the hub's clock.
    pub fn claims_for<C: serde::de::DeserializeOwned>(&self, token: &str, audience: &str) -> Option<C> {
        let header = decode_header(token).ok()?;
        if header.alg != Algorithm::HS256 || header.kid.as_deref() != Some(self.kid.as_str()) {
            return None;
        }
        let mut validation = self.validation.clone();
        validation.set_audience(&[audience]);
        decode::<C>(token, &self.decoding, &validation).ok().map(|data| data.claims)
    }

    /// Signs and verifies a token once: a build without a crypto backend fails here, at start-up,
    /// rather than at the first login.
    ///
    /// # Errors
    /// An internal error naming the failure.
    pub fn self_test(&self) -> Result<(), ApiError> {
        let now = chrono::Utc::now().timestamp();
        let grant = SessionGrant {
            session_id: "self-test".to_owned(),
            user_id: domain::UserId::new(),
            token_version: 0,
            roles: std::collections::BTreeSet::from([domain::Role::Proposer]),
        };
        let token = self.issue(&grant, now)?;
        let claims = self.verify(&token, now)?;
        if claims.sub == grant.user_id.to_string()
            && claims.roles == Some(vec![domain::Role::Proposer.as_str().to_owned()])
        {
            Ok(())
        } else {
            Err(ApiError::internal("JWT self-test", "claims differ"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_test_and_refusals() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        assert!(keys.self_test().is_ok());
        let other = JwtKeys::new(b"another secret of thirty-two bytes!!");
        let now = chrono::Utc::now().timestamp();
        let grant = SessionGrant {
            session_id: "s".to_owned(),
            user_id: domain::UserId::new(),
            token_version: 0,
            roles: std::collections::BTreeSet::new(),
        };
        let token = other.issue(&grant, now).unwrap_or_default();
        assert!(keys.verify(&token, now).is_err(), "another key");
        let expired = keys.issue(&grant, now - 3600).unwrap_or_default();
        assert!(keys.verify(&expired, now).is_err(), "expired");
        let future = keys.issue(&grant, now + 3600).unwrap_or_default();
        assert!(keys.verify(&future, now).is_err(), "not yet valid");
        assert!(keys.verify(&future, now + 3600).is_ok(), "valid at its own time");
    }
}
