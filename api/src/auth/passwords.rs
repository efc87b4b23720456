//! Password hashing: Argon2id with configurable cost, on the blocking pool behind a semaphore the size
//! of the core count, so that a login storm cannot starve other requests of blocking threads.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::settings::Argon2Settings;

/// Hashes and verifies passwords.
#[derive(Clone)]
pub struct Passwords {
    params: Params,
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, so that unknown emails take as long.
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").field("params", &self.params).finish_non_exhaustive()
    }
}

fn hasher(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Passwords {
    /// Builds the hasher and its dummy hash.
    ///
    /// # Errors
    /// When the parameters are out of Argon2's range.
    pub fn new(settings: Argon2Settings) -> Result<Self, ApiError> {
        let params = Params::new(settings.memory_kib, settings.iterations, 1, None)
            .map_err(|e| ApiError::internal("argon2 parameters", e))?;
        let dummy_hash = hasher(params.clone())
            .hash_password(crate::auth::tokens::random_token().as_bytes())
            .map_err(|e| ApiError::internal("argon2 dummy hash", e))?
            .to_string();
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Ok(Self { params, permits: Arc::new(Semaphore::new(cores)), dummy_hash: dummy_hash.into() })
    }

    /// Hashes a new password.
    ///
    /// # Errors
    /// When the blocking pool is gone or hashing fails.
    pub async fn hash(&self, password: domain::Password) -> Result<String, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal("password semaphore", e))?;
        let params = self.params.clone();
        actix_web::web::block(move || hasher(params).hash_password(password.expose().as_bytes()).map(|h| h.to_string()))
            .await?
            .map_err(|e| ApiError::internal("hashing a password", e))
    }

    /// Whether `password` matches `stored`; with no stored hash, verifies against the dummy one and
    /// returns false.
    ///
    /// # Errors
    /// When the blocking pool is gone.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal("password semaphore", e))?;
        let exists = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let params = self.params.clone();
        let matches =
            actix_web::web::block(move || hasher(params).verify_password(password.as_bytes(), hash.as_str()).is_ok())
                .await?;
        Ok(exists && matches)
    }
}
