//! Folders and files of the embedded default that hold secrets (the data folder, the JWT secret, the
//! mail folder whose `.eml` files carry live tokens) are the owner's only: 0700 folders, 0600 files,
//! also when they exist already.

use std::path::Path;

/// Creates `dir` (and its parents) when missing and makes it mode 0700.
///
/// # Errors
/// When it cannot be created or its mode cannot be set.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

/// Makes the existing file at `path` mode 0600.
///
/// # Errors
/// When its mode cannot be set.
pub fn private_file(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o600)
}

/// Options that create a file with mode 0600 (on Unix).
pub fn private_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(path: &Path, _mode: u32) -> std::io::Result<()> {
    std::fs::metadata(path).map(drop)
}
