//! The black-box test harness: [`TestApp::spawn`] starts the real hub on a free port with a fresh
//! database (a SQLite file, or a PostgreSQL database cloned from a migrated template) and talks HTTP
//! to it like any client. Mail is delivered by the hub's real worker, to `.eml` files or to a real
//! SMTP server ([`smtp::SmtpSink`]).

mod accounts;
mod answer;
mod app;
pub mod browser;
pub mod clock;
pub mod funnel;
pub mod mail;
pub mod pages;
pub mod publiccode;
pub mod receiver;
mod requests;
pub mod s3;
pub mod smtp;

pub use answer::Answer;
pub use app::TestApp;
pub use clock::TestClock;

/// Cheap Argon2 parameters: the same code path as production, a fraction of the cost.
pub const TEST_ARGON2_MEMORY_KIB: &str = "64";
/// The password every user made by the harness has.
pub const PASSWORD: &str = "correct horse battery staple";

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh PostgreSQL database (needs `HUB_TEST_POSTGRES_URL`).
    Postgres,
}

/// Defines the tests `sqlite` and `postgres` in the current module, each running `$body` with
/// `$backend` set to its engine. The PostgreSQL one runs when `HUB_TEST_POSTGRES_URL` is set (always
/// in CI); without it, `cargo test` lists it as ignored (see `build.rs`), never as passed.
#[macro_export]
macro_rules! backend_tests {
    (|$backend:ident| $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn sqlite() {
            let $backend = $crate::Backend::Sqlite;
            $body
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
        async fn postgres() {
            assert!($crate::postgres_available(), "the PostgreSQL half needs HUB_TEST_POSTGRES_URL");
            let $backend = $crate::Backend::Postgres;
            $body
        }
    };
}

/// A module `$name` whose body runs against a fresh hub, once per backend (see [`backend_tests!`]);
/// `settings = &[("HUB_…", "…")]` starts it with those settings added.
#[macro_export]
macro_rules! hub_test {
    ($(#[$meta:meta])* $name:ident, |$app:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $crate::backend_tests!(|backend| {
                let $app = $crate::TestApp::spawn(backend).await;
                $body
            });
        }
    };
    ($(#[$meta:meta])* $name:ident, settings = $settings:expr, |$app:ident| $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $crate::backend_tests!(|backend| {
                let $app = $crate::TestApp::spawn_with(backend, $settings).await;
                $body
            });
        }
    };
}

/// A module `$name` whose body runs in a real browser against a fresh hub, once per backend: like
/// [`hub_test!`] (`settings = &[…]` too), and `#[ignore]`d outside CI when Chromium's driver or axe-core is
/// missing (see `build-support/browser_cfg.rs`).
#[macro_export]
macro_rules! browser_test {
    ($name:ident, |$app:ident| $body:block) => {
        $crate::browser_test!($name, settings = &[], |$app| $body);
    };
    ($name:ident, settings = $settings:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(hub_no_browser, ignore = "no chromedriver or axe-core on this machine (.ci/run installs them)")]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn_with($crate::Backend::Sqlite, $settings).await;
                $body
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            #[cfg_attr(
                any(hub_no_postgres, hub_no_browser),
                ignore = "needs HUB_TEST_POSTGRES_URL, chromedriver and axe-core"
            )]
            async fn postgres() {
                assert!($crate::postgres_available(), "the PostgreSQL half needs HUB_TEST_POSTGRES_URL");
                let $app = $crate::TestApp::spawn_with($crate::Backend::Postgres, $settings).await;
                $body
            }
        }
    };
}

/// Whether PostgreSQL tests can run. In CI (`CI=true`) they must: a missing URL fails the test
/// instead of skipping it.
pub fn postgres_available() -> bool {
    let available = std::env::var("HUB_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty());
    assert!(available || !in_ci(), "CI must run every test on PostgreSQL: set HUB_TEST_POSTGRES_URL");
    available
}

/// Whether this is a CI run.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
