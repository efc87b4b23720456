//! Embeds the checked-in OpenAPI document (`../openapi.yaml`) as JSON, the form `/api/openapi.json`
//! serves. The document is generated from the code (`hub openapi`); the `openapi` tests fail when the
//! checked-in copy differs from it, so the two are the same document. Serving the copy spares the
//! server building it at start, which left about 9 MiB in its heap for good (issue 7, P8).
//!
//! It also marks the PostgreSQL fault tests `#[ignore]`d when `HUB_TEST_POSTGRES_URL` is unset (outside
//! CI), so `cargo test` reports them as ignored rather than passed.

use std::path::PathBuf;

include!("../build-support/postgres_cfg.rs");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    postgres_cfg();
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is unset")?);
    let source = manifest.join("../openapi.yaml");
    println!("cargo:rerun-if-changed={}", source.display());
    let yaml = std::fs::read_to_string(&source).map_err(|e| format!("{}: {e}", source.display()))?;
    let document: serde_json::Value = serde_norway::from_str(&yaml)?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is unset")?).join("openapi.json");
    std::fs::write(out, serde_json::to_vec(&document)?)?;
    Ok(())
}
