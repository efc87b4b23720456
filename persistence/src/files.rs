//! The embedded database's files are readable by their owner only: the database holds password
//! hashes and personal data, its `-wal` and `-shm` companions the latest changes to them.

use crate::error::StoreError;

/// Makes the SQLite file at `path` (created empty when missing) and its `-wal` and `-shm`
/// companions, when present, mode 0600. SQLite creates the companions with the database file's
/// mode, so a file made here keeps them private from the start. In-memory and URI databases are
/// left alone.
///
/// # Errors
/// [`StoreError::Unavailable`] when the file cannot be created or its mode cannot be set.
pub(crate) fn private_sqlite_file(path: &str) -> Result<(), StoreError> {
    if path.is_empty() || path == ":memory:" || path.starts_with("file:") {
        return Ok(());
    }
    let fail = |e: std::io::Error| StoreError::Unavailable(format!("cannot make {path} private: {e}"));
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    drop(options.open(path).map_err(fail)?);
    for file in [path.to_owned(), format!("{path}-wal"), format!("{path}-shm")] {
        match restrict(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(unix)]
fn restrict(path: &str) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(path: &str) -> std::io::Result<()> {
    std::fs::metadata(path).map(drop)
}
