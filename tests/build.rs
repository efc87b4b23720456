//! Marks the PostgreSQL half of every test `#[ignore]`d when `HUB_TEST_POSTGRES_URL` is unset, so
//! `cargo test` reports it as ignored rather than passed. In CI (`CI=true`) it is never ignored: there the
//! test runs and fails on the missing URL.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(hub_no_postgres)");
    println!("cargo::rerun-if-env-changed=HUB_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let postgres = std::env::var("HUB_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !postgres && !ci {
        println!("cargo::rustc-cfg=hub_no_postgres");
    }
}
