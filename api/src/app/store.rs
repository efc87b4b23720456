//! Opening the store at start: connect, migrate, ensure the rubric, seal the audit chain.

use std::sync::Arc;

use domain::Clock;
use persistence::{AuditKey, PoolOptions, Store};

use crate::settings::Settings;

/// Connects to the database, migrates it, and seals the audit chain's head with `HUB_AUDIT_KEY` if
/// it is not sealed yet (the first start after the chain was keyed).
///
/// # Errors
/// When the database is unreachable, a migration fails, or `HUB_AUDIT_KEY` is not the key the audit
/// log was written with (entries written with it would break the chain).
pub fn open_store(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Store> {
    let store = open_store_any_key(settings, clock)?;
    if !store.audit_seal()? {
        anyhow::bail!("HUB_AUDIT_KEY: is not the key this hub's audit log was written with (see `hub audit verify`)");
    }
    Ok(store)
}

/// [`open_store`] that neither seals the audit chain nor refuses another key: for `hub audit verify`,
/// which only reads, and names a wrong key.
///
/// # Errors
/// When the database is unreachable or a migration fails.
pub fn open_store_any_key(settings: &Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Store> {
    if settings.is_embedded() {
        crate::files::private_dir(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "HUB_DATA_DIR: cannot create {} or make it private (0700): {e}",
                settings.data_dir.display()
            )
        })?;
    }
    let options =
        PoolOptions { max_size: settings.pool_size, lock_timeout: settings.lock_timeout, ..PoolOptions::default() };
    let audit_key = AuditKey::new(settings.audit_key.expose()).map_err(|e| anyhow::anyhow!("HUB_AUDIT_KEY: {e}"))?;
    let store = Store::connect(settings.database_url.expose(), &options, clock, audit_key)
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect: {e}"))?;
    let applied = store.migrate()?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied migrations");
    }
    // The rubric is reference data every hub serves, not demo data.
    if store.rubric_ensure(&crate::seeds::rubric::embedded()?)? {
        tracing::info!("stored the evaluation rubric");
    }
    Ok(store)
}
