//! A chain written before the key (an existing deployment) keeps verifying after the upgrade, and
//! stays sealed: rewriting its unkeyed prefix is caught at the first keyed entry. The triggers'
//! refusal reaches the store as an error, never a panic. On both engines.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use domain::AuditEvent;

use super::{AuditBreak, AuditHead, AuditKey, AuditRow, AuditVerification, GENESIS, append};
use crate::db::{DbConnection, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::error::StoreError;
use crate::schema::audit_log;
use crate::{PoolOptions, Store, pg_admin};

/// Applies the migrations before the one that keys the chain.
fn migrate_before_the_key<C, B>(conn: &mut C, migrations: fn() -> EmbeddedMigrations)
where
    C: MigrationHarness<B>,
    B: diesel::backend::Backend,
    EmbeddedMigrations: MigrationSource<B>,
{
    loop {
        let pending = conn.pending_migrations(migrations()).expect("pending migrations");
        let next = pending.first().expect("the keying migration is pending");
        if next.name().to_string().ends_with("_audit_append_only") {
            return;
        }
        conn.run_migration(next.as_ref()).expect("migration");
    }
}

/// Three entries chained with the unkeyed SHA-256 of the first migration.
fn unkeyed_chain() -> Vec<AuditRow> {
    let mut prev = GENESIS.to_owned();
    (1..=3)
        .map(|seq| {
            let mut row = AuditRow {
                seq,
                id: format!("00000000-0000-7000-8000-00000000000{seq}"),
                occurred_at: NaiveDateTime::default(),
                actor_id: None,
                action: "user.registered".to_owned(),
                target_type: "user".to_owned(),
                target_id: format!("user-{seq}"),
                details: "{}".to_owned(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            row.hash = row.unkeyed_hash();
            prev = row.hash.clone();
            row
        })
        .collect()
}

fn drop_triggers(conn: &mut DbConnection) {
    let sql = match conn {
        DbConnection::Sqlite(_) => "DROP TRIGGER audit_log_no_update;",
        DbConnection::Pg(_) => "DROP TRIGGER audit_log_append_only ON audit_log;",
    };
    conn.batch_execute(sql).expect("drop the trigger");
}

fn upgrade_keeps_and_seals_the_unkeyed_prefix(url: &str) {
    let clock: Arc<dyn domain::Clock> = Arc::new(domain::SystemClock);
    let key = AuditKey::new("the audit key of this deployment, 32+").expect("key");
    let store = Store::connect(url, &PoolOptions::default(), clock, key.clone()).expect("store");
    {
        let mut pooled = store.db.conn().expect("connection");
        match &mut pooled.conn {
            DbConnection::Sqlite(c) => migrate_before_the_key(c, || SQLITE_MIGRATIONS),
            DbConnection::Pg(c) => migrate_before_the_key(c, || POSTGRES_MIGRATIONS),
        }
    }
    let old = unkeyed_chain();
    store
        .db
        .write(|conn| {
            for row in &old {
                diesel::insert_into(audit_log::table).values(row).execute(conn)?;
            }
            Ok(())
        })
        .expect("old rows");
    store.migrate().expect("the keying migration");

    // Not sealed until the hub opens the database with its key.
    let unsealed = store.audit_verify().expect("verify");
    assert_eq!(unsealed, AuditVerification::Intact { entries: 3, head: None });
    assert!(store.audit_seal().expect("seal"), "sealed with this key");
    let head = |seq: i64, hash: &str| Some(AuditHead { seq, hash: hash.to_owned(), unkeyed_until: 3 });
    let sealed = store.audit_verify().expect("verify");
    assert_eq!(sealed, AuditVerification::Intact { entries: 3, head: head(3, &old[2].hash) });

    let now = store.db.now();
    let event = AuditEvent::new(None, "user.provisioned", "user", "user-4");
    store.db.write(|conn| append(conn, &key, &event, now)).expect("a keyed entry");
    let AuditVerification::Intact { entries: 4, head: Some(last) } = store.audit_verify().expect("verify") else {
        panic!("the keyed entry extends the unkeyed prefix")
    };
    assert_eq!((last.seq, last.unkeyed_until), (4, 3));

    // The triggers refuse, and the store says so as an error.
    let refused = store.db.write(|conn| {
        Ok(diesel::update(audit_log::table.find(2)).set(audit_log::details.eq("{\"x\":1}")).execute(conn)?)
    });
    assert!(matches!(&refused, Err(StoreError::Internal(message)) if message.contains("append-only")), "{refused:?}");

    // An intruder rewrites an unkeyed entry and recomputes the unkeyed prefix: the first keyed entry
    // no longer links to it.
    let mut rewritten = old;
    rewritten[1].details = "{\"roles\":\"admin\"}".to_owned();
    rewritten[1].hash = rewritten[1].unkeyed_hash();
    rewritten[2].prev_hash = rewritten[1].hash.clone();
    rewritten[2].hash = rewritten[2].unkeyed_hash();
    store
        .db
        .write(|conn| {
            drop_triggers(conn);
            for row in &rewritten[1..] {
                diesel::update(audit_log::table.find(row.seq))
                    .set((
                        audit_log::details.eq(&row.details),
                        audit_log::prev_hash.eq(&row.prev_hash),
                        audit_log::hash.eq(&row.hash),
                    ))
                    .execute(conn)?;
            }
            Ok(())
        })
        .expect("tamper");
    let verdict = store.audit_verify().expect("verify");
    assert_eq!(verdict, AuditVerification::Broken { seq: 4, reason: AuditBreak::LinkMismatch });
}

#[test]
fn sqlite_upgrade_keeps_and_seals_the_unkeyed_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    upgrade_keeps_and_seals_the_unkeyed_prefix(&dir.path().join("hub.db").to_string_lossy());
}

#[test]
fn postgres_upgrade_keeps_and_seals_the_unkeyed_prefix() {
    let Ok(admin) = std::env::var("HUB_TEST_POSTGRES_URL") else {
        assert!(std::env::var_os("CI").is_none(), "CI needs HUB_TEST_POSTGRES_URL");
        eprintln!("skipped: HUB_TEST_POSTGRES_URL is not set");
        return;
    };
    let database = format!("hub_audit_upgrade_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    upgrade_keeps_and_seals_the_unkeyed_prefix(&pg_admin::url_with_database(&admin, &database));
    pg_admin::drop_database(&admin, &database).expect("drop");
}
