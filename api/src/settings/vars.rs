//! Reading one variable: a value, a bounded number, or a key (kept in the embedded default's data folder
//! when unset).

use std::path::Path;

use super::{ConfigError, Secret, config_error};

pub(super) fn parse_var<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: &str,
) -> Result<T, ConfigError> {
    let raw = lookup(variable).unwrap_or_else(|| default.to_owned());
    raw.parse().map_err(|_| config_error(variable, format!("`{raw}` is not valid")))
}

pub(super) fn parse_range(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    let value: u32 = parse_var(lookup, variable, &default.to_string())?;
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(config_error(variable, format!("must be between {} and {}", range.start(), range.end())))
    }
}

/// A key of at least 32 characters from `variable`; when unset, the embedded default keeps one in
/// `file` in its data folder (`embedded_dir`), and PostgreSQL (`None`: instances share the database,
/// so they must share the key) requires it.
pub(super) fn key_setting(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    embedded_dir: Option<&Path>,
    file: &str,
    what: &str,
) -> Result<Secret, ConfigError> {
    match (lookup(variable), embedded_dir) {
        (Some(key), _) if key.len() >= 32 => Ok(Secret::new(key)),
        (Some(_), _) => Err(config_error(variable, "must be at least 32 characters")),
        (None, None) => Err(config_error(variable, "is required with PostgreSQL (at least 32 characters)")),
        (None, Some(dir)) => Ok(Secret::new(load_or_create_secret(&dir.join(file), what)?)),
    }
}

/// Reads one of the embedded default's secrets (`what`: the JWT secret, the audit key), creating it
/// (mode 0600, in a folder of mode 0700) on first start.
fn load_or_create_secret(path: &Path, what: &str) -> Result<String, ConfigError> {
    let fail =
        |e: std::io::Error| config_error("HUB_DATA_DIR", format!("cannot keep {what} in {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        crate::files::private_dir(dir).map_err(fail)?;
    }
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            // A secret kept by an earlier version may be readable by others.
            crate::files::private_file(path).map_err(fail)?;
            return Ok(existing);
        }
    }
    let secret = crate::auth::tokens::random_token();
    let mut options = crate::files::private_options();
    options.write(true).create(true).truncate(true);
    let mut file = options.open(path).map_err(fail)?;
    crate::files::private_file(path).map_err(fail)?;
    std::io::Write::write_all(&mut file, secret.as_bytes()).map_err(fail)?;
    Ok(secret)
}
