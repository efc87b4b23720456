//! Connections: one Diesel `MultiConnection` over SQLite and PostgreSQL, an r2d2 pool, embedded
//! migrations, and the transaction helpers every store method uses.
//!
//! This file and `backend.rs` are the only places that tell the two engines apart (besides the
//! benchmark data generator, `synthetic.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::InstrumentationEvent;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use domain::Clock;

use crate::error::StoreError;

pub(crate) const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub(crate) const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either engine.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, the production engine.
    Pg(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Engine {
    /// The engine a database URL selects: `postgres://` or `postgresql://` is PostgreSQL, anything else
    /// a SQLite file path (optionally `sqlite://`).
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") { Self::Postgres } else { Self::Sqlite }
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// The most connections the pool opens.
    pub max_size: u32,
    /// How long a request waits for a connection before it is refused as unavailable.
    pub connection_timeout: Duration,
    /// How long a statement waits for a lock someone else holds before it is refused as unavailable
    /// (503): SQLite's `busy_timeout` (the file's write lock, held by another process), PostgreSQL's
    /// `lock_timeout` (a row or table lock, held by another transaction).
    pub lock_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_millis(DEFAULT_LOCK_TIMEOUT_MS),
        }
    }
}

/// The default of [`PoolOptions::lock_timeout`], in milliseconds.
pub const DEFAULT_LOCK_TIMEOUT_MS: u64 = 15_000;

/// Prepares each new connection. On SQLite: wait for locks instead of failing, WAL, foreign keys, and
/// sorts in memory rather than in temporary files. On PostgreSQL: wait for a lock no longer than the
/// same time, so that a lock held elsewhere ends in a 503, never in a request that hangs. On both: count every SQL statement sent from then
/// on (`BEGIN` and `COMMIT` included), so that the cost of a request in statements can be measured.
#[derive(Debug)]
struct Customizer {
    engine: Engine,
    lock_timeout_ms: u128,
    statements: Arc<AtomicU64>,
}

impl CustomizeConnection<Tracked, diesel::r2d2::Error> for Customizer {
    fn on_acquire(&self, tracked: &mut Tracked) -> Result<(), diesel::r2d2::Error> {
        let conn = &mut tracked.conn;
        let setup = match self.engine {
            Engine::Sqlite => format!(
                "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
                self.lock_timeout_ms
            ),
            Engine::Postgres => format!("SET lock_timeout = {};", self.lock_timeout_ms),
        };
        conn.batch_execute(&setup).map_err(diesel::r2d2::Error::QueryError)?;
        let statements = self.statements.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                statements.fetch_add(1, Ordering::Relaxed);
            }
        });
        Ok(())
    }
}

/// Opens a connection to the engine the URL names. (The derived `DbConnection::establish` tries each
/// engine in turn and reports only "Invalid connection url for multiconnection", hiding the server's
/// own reason — a refused connection, a wrong password — from operators.)
fn establish(engine: Engine, url: &str) -> diesel::ConnectionResult<DbConnection> {
    match engine {
        Engine::Postgres => PgConnection::establish(url).map(DbConnection::Pg),
        Engine::Sqlite => SqliteConnection::establish(url).map(DbConnection::Sqlite),
    }
}

/// A pooled connection and when it last went back to the pool.
pub(crate) struct Tracked {
    pub(crate) conn: DbConnection,
    returned_at: Instant,
}

/// How long a connection may sit idle in the pool before it is probed (`SELECT 1`) at check-out. One
/// in steady use is not: the probe would double the statements of a one-query read. A server restart
/// that a probe would have caught in that window surfaces as one 503 `service_unavailable`, after which
/// the pool drops the broken connection (`has_broken`).
const PROBE_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The pool's connection manager: [`ConnectionManager`] with connections made by [`establish`].
pub(crate) struct Manager {
    inner: ConnectionManager<DbConnection>,
    engine: Engine,
    url: String,
}

impl std::fmt::Debug for Manager {
    // Not the URL: it may carry the database password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager").field("engine", &self.engine).finish_non_exhaustive()
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Tracked;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Tracked, Self::Error> {
        let conn = establish(self.engine, &self.url).map_err(diesel::r2d2::Error::ConnectionError)?;
        Ok(Tracked { conn, returned_at: Instant::now() })
    }

    /// At check-out (PostgreSQL only): a probe, unless the connection was in use a moment ago.
    fn is_valid(&self, tracked: &mut Tracked) -> Result<(), Self::Error> {
        if tracked.returned_at.elapsed() < PROBE_AFTER_IDLE { Ok(()) } else { self.inner.is_valid(&mut tracked.conn) }
    }

    /// At check-in: whether to drop it (a lost server, a transaction left open); notes the time.
    fn has_broken(&self, tracked: &mut Tracked) -> bool {
        tracked.returned_at = Instant::now();
        self.inner.has_broken(&mut tracked.conn)
    }
}

pub(crate) type DbPool = Pool<Manager>;
pub(crate) type PooledConn = PooledConnection<Manager>;

/// The handle every store method works through: a pool, its engine and the clock.
#[derive(Clone)]
pub struct Db {
    pub(crate) pool: DbPool,
    pub(crate) engine: Engine,
    pub(crate) clock: Arc<dyn Clock>,
    /// SQL statements sent through the pool's connections since it opened.
    pub(crate) statements: Arc<AtomicU64>,
    /// Write transactions finished (committed or not) through [`Db::write`] since the handle opened.
    writes: Arc<AtomicU64>,
    /// Those of them that wrote catalogue services ([`Db::write_catalogue`]).
    catalogue_writes: Arc<AtomicU64>,
    /// SQLite only: this process's writers wait here for their turn rather than in SQLite's busy
    /// handler, which sleeps in growing steps (up to 100 ms) and leaves the file idle meanwhile.
    writers: Option<Arc<Mutex<()>>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("engine", &self.engine).field("state", &self.pool.state()).finish()
    }
}

/// Strips an optional `sqlite://` scheme from a SQLite URL.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

impl Db {
    /// Opens a pool on `url`. One direct connection is made first, so that a wrong URL or password is
    /// reported with the server's own message rather than r2d2's time-out.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the database cannot be reached.
    pub fn connect(url: &str, options: &PoolOptions, clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        let engine = Engine::of_url(url);
        let url = match engine {
            Engine::Sqlite => sqlite_path(url).to_owned(),
            Engine::Postgres => url.to_owned(),
        };
        let lock_timeout_ms = options.lock_timeout.as_millis();
        if engine == Engine::Sqlite {
            crate::files::private_sqlite_file(&url)?;
        }
        let mut first = establish(engine, &url).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        if engine == Engine::Sqlite {
            // WAL is a property of the file: set it once here, before the pool opens connections in
            // parallel that would otherwise race for the exclusive lock it needs.
            first
                .batch_execute(&format!("PRAGMA busy_timeout = {lock_timeout_ms}; PRAGMA journal_mode = WAL;"))
                .map_err(|e| StoreError::Unavailable(e.to_string()))?;
            // The -wal and -shm files SQLite has just made take the database file's mode; older
            // ones are narrowed too.
            crate::files::private_sqlite_file(&url)?;
        }
        // An idle hub keeps two connections open (more open on demand and close after ten idle
        // minutes), and one thread opens them: every connection and every thread that allocates
        // costs resident memory, and an idle hub should weigh little (P8).
        let builder = Pool::builder()
            .max_size(options.max_size)
            .min_idle(Some(options.max_size.min(2)))
            .thread_pool(Arc::new(
                scheduled_thread_pool::ScheduledThreadPool::builder()
                    .num_threads(1)
                    .thread_name_pattern("r2d2-worker-{}")
                    .build(),
            ))
            .connection_timeout(options.connection_timeout)
            .test_on_check_out(engine == Engine::Postgres);
        let statements = Arc::new(AtomicU64::new(0));
        let builder = builder.connection_customizer(Box::new(Customizer {
            engine,
            lock_timeout_ms,
            statements: statements.clone(),
        }));
        let manager = Manager { inner: ConnectionManager::new(url.clone()), engine, url };
        let pool = builder.build(manager).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let writers = (engine == Engine::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Self { pool, engine, clock, statements, writes: Arc::default(), catalogue_writes: Arc::default(), writers })
    }

    /// Which engine this is.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// SQL statements sent through the pool since it opened (`BEGIN`, `COMMIT` and PostgreSQL's
    /// check-out probe included).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Write transactions finished through [`Db::write`] (committed or rolled back) since the handle
    /// opened; the mail worker's bookkeeping ([`Db::write_untracked`]) is not counted. A copy of a
    /// read taken while this stood still is as current as the database, as far as this process knows.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Write transactions through [`Db::write_catalogue`] finished since the handle opened: a copy of
    /// a catalogue read taken while this stood still is as current as this process knows.
    pub fn catalogue_writes(&self) -> u64 {
        self.catalogue_writes.load(Ordering::Acquire)
    }

    /// Connections open and idle in the pool.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    pub(crate) fn conn(&self) -> Result<PooledConn, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Applies every pending migration of this engine.
    ///
    /// # Errors
    /// When the database is unreachable or a migration fails.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let mut pooled = self.conn()?;
        let applied = match &mut pooled.conn {
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| StoreError::internal("migration failed", e))?;
        Ok(applied.iter().map(ToString::to_string).collect())
    }

    /// Whether the database answers and every migration is applied.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when it does not answer; `Internal` when migrations are pending.
    pub fn ready(&self) -> Result<(), StoreError> {
        let mut pooled = self.conn()?;
        let pending = match &mut pooled.conn {
            DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
            DbConnection::Pg(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        if pending { Err(StoreError::Internal("migrations are pending".to_owned())) } else { Ok(()) }
    }

    /// Runs `f` in one read-write transaction. On SQLite it is `BEGIN IMMEDIATE`, so that concurrent
    /// writers queue on the busy timeout instead of failing with "database is locked" when a read
    /// transaction tries to upgrade.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let result = self.write_untracked(f);
        // After the commit, before the caller answers: a read cached from before it is stale from now.
        self.writes.fetch_add(1, Ordering::AcqRel);
        result
    }

    /// [`Db::write`] for the mail worker's bookkeeping: transactions that write only outbox rows and
    /// the reminder marks of reviews. No read copy depends on those, so it moves neither
    /// [`Db::writes`] nor [`Db::catalogue_writes`]; counted, the worker's polls (two transactions
    /// every `HUB_OUTBOX_POLL_MS`, most of them writing nothing) would end every session copy.
    pub(crate) fn write_untracked<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // Taken before the connection, so that a queued writer holds none. (Another process writing
        // the same file is still waited for by the busy timeout.)
        let _turn = self.writers.as_ref().map(|w| w.lock().unwrap_or_else(PoisonError::into_inner));
        let mut pooled = self.conn()?;
        let begin = match self.engine {
            Engine::Postgres => "BEGIN",
            Engine::Sqlite => "BEGIN IMMEDIATE",
        };
        in_transaction(&mut pooled.conn, begin, f)
    }

    /// [`Db::write`] for a transaction that writes catalogue services (`services`, `service_tags`):
    /// it also moves [`Db::catalogue_writes`], which copies of public catalogue pages depend on.
    pub(crate) fn write_catalogue<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let result = self.write(f);
        self.catalogue_writes.fetch_add(1, Ordering::AcqRel);
        result
    }

    /// Runs `f` outside any transaction: each statement sees the data committed when it starts, as
    /// under PostgreSQL's default READ COMMITTED (which a transaction would not change). Most reads are
    /// one or two statements, and `BEGIN` + `COMMIT` would double what they cost; a read that needs
    /// its statements to agree with each other uses [`Db::snapshot`].
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut pooled = self.conn()?;
        f(&mut pooled.conn)
    }

    /// Runs `f` in one read-only transaction on one snapshot of the database: `REPEATABLE READ` on
    /// PostgreSQL, a deferred transaction on SQLite (WAL readers see the snapshot of their first read).
    pub(crate) fn snapshot<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut pooled = self.conn()?;
        let begin = match self.engine {
            Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Engine::Sqlite => "BEGIN",
        };
        in_transaction(&mut pooled.conn, begin, f)
    }

    /// The current time, as stored: naive UTC.
    pub(crate) fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now().naive_utc()
    }
}

/// Runs `f` between `begin` and `COMMIT`, or `ROLLBACK` when it fails (the error returned is then
/// `f`'s: a failed rollback leaves the connection broken, and the pool drops it).
fn in_transaction<T>(
    conn: &mut DbConnection,
    begin: &str,
    f: impl FnOnce(&mut DbConnection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    type Tm = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Pg(inner) => AnsiTransactionManager::begin_transaction_sql(inner, begin)?,
        DbConnection::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, begin)?,
    }
    match f(conn) {
        Ok(value) => {
            Tm::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            let _ = Tm::rollback_transaction(conn);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::RunQueryDsl;

    use super::*;

    #[test]
    fn every_statement_sent_is_counted_transactions_included() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("count.db").to_string_lossy().into_owned();
        let db = Db::connect(&url, &PoolOptions::default(), Arc::new(domain::SystemClock)).expect("open");
        let before = db.statements();
        db.snapshot(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            diesel::sql_query("SELECT 2").execute(conn)?;
            Ok(())
        })
        .expect("snapshot");
        assert_eq!(db.statements() - before, 4, "BEGIN, two SELECTs, COMMIT");
        let before = db.statements();
        db.read(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            diesel::sql_query("SELECT 2").execute(conn)?;
            Ok(())
        })
        .expect("read");
        assert_eq!(db.statements() - before, 2, "the two SELECTs, outside any transaction");
        let before = db.statements();
        let failed: Result<(), StoreError> = db.write(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Err(StoreError::Internal("stop".to_owned()))
        });
        assert!(failed.is_err());
        assert_eq!(db.statements() - before, 3, "BEGIN IMMEDIATE, the SELECT, ROLLBACK");
    }
}
