// Included by the tests crate's build script: marks the browser tests `#[ignore]`d when Chromium's
// driver or axe-core is not on this machine, so that `cargo test` reports them as ignored rather than
// passed. In CI (`CI=true`) they are never ignored: `.ci/run` installs both, and a missing one fails.

/// Where axe-core's script is: `HUB_AXE_CORE`, else where `.ci/run` installs it.
fn axe_core_path() -> std::path::PathBuf {
    std::env::var_os("HUB_AXE_CORE").map(std::path::PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").unwrap_or_default();
        std::path::Path::new(&home).join(".cache/innovation-hub/axe/node_modules/axe-core/axe.min.js")
    })
}

/// Emits the `hub_no_browser` cfg when the browser tests cannot run and this is not CI.
fn browser_cfg() {
    println!("cargo::rustc-check-cfg=cfg(hub_no_browser)");
    println!("cargo::rerun-if-env-changed=HUB_AXE_CORE");
    println!("cargo::rerun-if-env-changed=CI");
    let axe = axe_core_path();
    println!("cargo::rerun-if-changed={}", axe.display());
    println!("cargo::rerun-if-changed=/usr/bin/chromedriver");
    let present = axe.is_file() && std::path::Path::new("/usr/bin/chromedriver").is_file();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !present && !ci {
        println!("cargo::rustc-cfg=hub_no_browser");
    }
}
