//! Marks the PostgreSQL half of every test `#[ignore]`d when `HUB_TEST_POSTGRES_URL` is unset outside
//! CI (see `build-support/postgres_cfg.rs`), and the browser tests when no Chromium driver or axe-core
//! is installed (`build-support/browser_cfg.rs`).

include!("../build-support/postgres_cfg.rs");
include!("../build-support/browser_cfg.rs");

fn main() {
    postgres_cfg();
    browser_cfg();
}
