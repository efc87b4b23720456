// Included by the build scripts of the crates whose tests run on PostgreSQL too (`include!`): marks the
// PostgreSQL half of those tests `#[ignore]`d when `HUB_TEST_POSTGRES_URL` is unset, so that `cargo test`
// reports it as ignored rather than passed. In CI (`CI=true`) it is never ignored: there the test runs,
// and a missing URL fails it.

/// Emits the `hub_no_postgres` cfg when the PostgreSQL tests cannot run and this is not CI.
fn postgres_cfg() {
    println!("cargo::rustc-check-cfg=cfg(hub_no_postgres)");
    println!("cargo::rerun-if-env-changed=HUB_TEST_POSTGRES_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let postgres = std::env::var("HUB_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !postgres && !ci {
        println!("cargo::rustc-cfg=hub_no_postgres");
    }
}
