//! Password hashing: Argon2id with configurable cost, on threads of its own — one per core, at a lower
//! scheduling priority (nice 10) — behind a semaphore of the same size. A login storm then uses every
//! idle cycle for hashing, while the other requests' threads are scheduled first: their latency hardly
//! moves (`bench/run`, P5), and the blocking pool the database calls run on is never taken up by hashes.

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
    threads: Arc<rayon::ThreadPool>,
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

/// The hashing threads' priority: `Crossplatform(22)` is nice 10 on Linux (a tenth of a normal
/// thread's CPU share when both want it; all of it when nothing else runs).
const HASHING_PRIORITY: u8 = 22;

/// `cores` threads named `argon2-N`, at [`HASHING_PRIORITY`] where the system allows it.
fn hashing_threads(cores: usize) -> Result<rayon::ThreadPool, ApiError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores)
        .thread_name(|i| format!("argon2-{i}"))
        .start_handler(|_| {
            let lowered = thread_priority::ThreadPriorityValue::try_from(HASHING_PRIORITY)
                .map_err(|e| e.to_owned())
                .and_then(|p| {
                    thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Crossplatform(p))
                        .map_err(|e| e.to_string())
                });
            if let Err(error) = lowered {
                tracing::warn!(%error, "password hashing runs at normal priority");
            }
        })
        .build()
        .map_err(|e| ApiError::internal("password hashing threads", e))
}

/// A hash in the PHC string format Argon2 verifies (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
///
/// The dummy hash an unknown account is checked against is one of random bytes, written rather than
/// computed: verifying against it costs a whole hash all the same (its parameters are the real ones),
/// and computing one at start would free a 19 MiB block, which raises glibc's trim threshold past it
/// and leaves whatever the start-up freed resident for good (about 9 MiB of idle RSS).
fn phc(params: &Params, salt: &[u8], output: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    format!(
        "$argon2id$v=19$m={},t={},p={}${}${}",
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
        b64.encode(salt),
        b64.encode(output)
    )
}

/// A hash of random bytes with `params`, to verify unknown accounts against (see [`phc`]).
fn dummy_hash(params: &Params) -> String {
    use rand::RngCore;
    let (mut salt, mut output) = ([0_u8; 16], [0_u8; 32]);
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut output);
    phc(params, &salt, &output)
}

impl Passwords {
    /// Builds the hasher and its dummy hash.
    ///
    /// # Errors
    /// When the parameters are out of Argon2's range.
    pub fn new(settings: Argon2Settings) -> Result<Self, ApiError> {
        let params = Params::new(settings.memory_kib, settings.iterations, 1, None)
            .map_err(|e| ApiError::internal("argon2 parameters", e))?;
        let dummy_hash = dummy_hash(&params);
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(cores)),
            threads: Arc::new(hashing_threads(cores)?),
            dummy_hash: dummy_hash.into(),
        })
    }

    /// Runs `work` on a hashing thread once a permit is free. A request given up while it waits
    /// (the client went away) never hashes.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::internal("password semaphore", e))?;
        let (done, result) = tokio::sync::oneshot::channel();
        self.threads.spawn(move || {
            // The receiver is gone only when the request was: nobody waits for the result.
            let _ = done.send(work());
        });
        result.await.map_err(|e| ApiError::internal("password hashing thread", e))
    }

    /// Hashes a new password.
    ///
    /// # Errors
    /// When the hashing threads are gone or hashing fails.
    pub async fn hash(&self, password: domain::Password) -> Result<String, ApiError> {
        let params = self.params.clone();
        self.run(move || hasher(params).hash_password(password.expose().as_bytes()).map(|h| h.to_string()))
            .await?
            .map_err(|e| ApiError::internal("hashing a password", e))
    }

    /// Whether `password` matches `stored`; with no stored hash, verifies against the dummy one and
    /// returns false.
    ///
    /// # Errors
    /// When the hashing threads are gone.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, ApiError> {
        let exists = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.to_string());
        let params = self.params.clone();
        let matches =
            self.run(move || hasher(params).verify_password(password.as_bytes(), hash.as_str()).is_ok()).await?;
        Ok(exists && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nice value of each of this process's threads called `name`, from `/proc`.
    fn nice_of_threads(name: &str) -> Vec<i64> {
        let mut nice = Vec::new();
        for task in std::fs::read_dir("/proc/self/task").expect("/proc/self/task").flatten() {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            if comm.trim() != name {
                continue;
            }
            let stat = std::fs::read_to_string(task.path().join("stat")).expect("stat");
            // After the command in parentheses: state is field 3, nice field 19.
            let fields: Vec<&str> = stat.rsplit_once(')').expect("stat format").1.split_whitespace().collect();
            nice.push(fields[16].parse().expect("nice"));
        }
        nice
    }

    #[test]
    fn the_dummy_hash_is_a_phc_string_argon2_verifies_with_the_real_parameters() {
        let params = Params::new(64, 2, 1, None).expect("params");
        let salt = *b"sixteen byte slt";
        let mut output = [0_u8; 32];
        hasher(params.clone()).hash_password_into(b"correct horse", &salt, &mut output).expect("hash");
        // The format the dummy hash is written in, around a real hash: it verifies.
        let written = phc(&params, &salt, &output);
        assert!(hasher(params.clone()).verify_password(b"correct horse", written.as_str()).is_ok(), "{written}");
        assert!(hasher(params.clone()).verify_password(b"wrong horse", written.as_str()).is_err());
        // (Not through `Passwords::new`: its hashing threads would race the other test's nice check.)
        let dummy = dummy_hash(&params);
        assert!(dummy.starts_with("$argon2id$v=19$m=64,t=2,p=1$"), "{dummy}");
        assert_ne!(dummy, dummy_hash(&params), "random");
    }

    #[tokio::test]
    async fn hashes_verify_on_threads_of_lower_priority() {
        let passwords = Passwords::new(Argon2Settings { memory_kib: 64, iterations: 1 }).expect("passwords");
        let password = domain::Password::parse("password", "correct horse battery").expect("a valid password");
        let stored = passwords.hash(password).await.expect("hash");
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(passwords.verify("correct horse battery".to_owned(), Some(stored.clone())).await.expect("verify"));
        assert!(!passwords.verify("wrong horse".to_owned(), Some(stored)).await.expect("verify"));
        assert!(!passwords.verify("anything".to_owned(), None).await.expect("verify"), "no account, no match");
        let nice = nice_of_threads("argon2-0");
        assert!(!nice.is_empty(), "a thread called argon2-0");
        assert!(nice.iter().all(|&n| n == 10), "hashing threads at nice 10: {nice:?}");
    }
}
