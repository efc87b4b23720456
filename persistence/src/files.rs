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
    // Only a missing file is opened here, never an existing one: closing any descriptor of a file drops
    // every POSIX lock this process holds on it, SQLite's included, and a connection of this process
    // that lost its lock lets another process delete the write-ahead log under it ("database disk image
    // is malformed"; sqlite.org/howtocorrupt.html, 2.2).
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(created) => drop(created),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(fail(e)),
    }
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
