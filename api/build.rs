//! Embeds the checked-in OpenAPI document (`../openapi.yaml`) as JSON, the form `/api/openapi.json`
//! serves. The document is generated from the code (`hub openapi`); the `openapi` tests fail when the
//! checked-in copy differs from it, so the two are the same document. Serving the copy spares the
//! server building it at start, which left about 9 MiB in its heap for good (issue 7, P8).
//!
//! It gives the linker the order of the release `hub`'s hot functions ([`hot_symbols_first`]).
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
    hot_symbols_first(&manifest)?;
    Ok(())
}

/// Lays out the release `hub`'s code with the functions an idle server has run (then those of its
/// first requests) first, in the order `link/hot-symbols.txt.gz` lists them (`bench/hot-symbols` writes
/// it). The kernel maps an executable's code 64 KiB around each page it runs; spread over 27 MiB, the
/// few MiB a server runs at start kept about 17 MiB of it resident (issue 16, P8: 30.8 -> 23.5 MiB). A
/// symbol the file names that no longer exists is ignored, so a stale file only costs memory.
fn hot_symbols_first(manifest: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Read;
    let file = manifest.join("link/hot-symbols.txt.gz");
    println!("cargo:rerun-if-changed={}", file.display());
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if !linux || std::env::var("PROFILE").is_ok_and(|p| p != "release") || !file.exists() {
        return Ok(());
    }
    let mut symbols = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&file)?).read_to_string(&mut symbols)?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is unset")?).join("hot-symbols.txt");
    std::fs::write(&out, symbols)?;
    println!("cargo:rustc-link-arg-bin=hub=-Wl,--symbol-ordering-file={}", out.display());
    println!("cargo:rustc-link-arg-bin=hub=-Wl,--no-warn-symbol-ordering");
    Ok(())
}
