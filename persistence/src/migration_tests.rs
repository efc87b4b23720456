//! Data migrations keep what was stored: reviews written before the score columns existed keep their
//! scores, on both engines.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use crate::db::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::pg_admin;

/// Migrations before the score columns.
const BEFORE_SCORE_COLUMNS: usize = 3;

/// Two reviews as the evaluation migration stored them: one complete, one a partial draft.
const OLD_REVIEWS: &str = "INSERT INTO assignments (id, proposal_id, proposal_version, evaluator_id, due_at, state, \
    scores, comments, revision, created_at, updated_at) VALUES \
    ('a1', 'p1', 1, 'u1', '2026-11-01 00:00:00', 'submitted', '[8,7,10,0]', '{}', 3, '2026-11-01 00:00:00', \
     '2026-11-01 00:00:00'), \
    ('a2', 'p1', 1, 'u2', '2026-11-01 00:00:00', 'in_progress', '[null,4,null,null]', '{}', 2, \
     '2026-11-01 00:00:00', '2026-11-01 00:00:00')";

#[derive(QueryableByName, Debug, PartialEq)]
struct Scores {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Nullable<Integer>)]
    score_security_sovereignty: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    score_growth_development: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    score_talent_skills: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    score_effectiveness_sustainability: Option<i32>,
}

fn migrate_across<C>(conn: &mut C, migrations: fn() -> EmbeddedMigrations, setup: &str)
where
    C: MigrationHarness<C::Backend> + Connection + SimpleConnection,
    EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Scores: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Scores>,
{
    for _ in 0..BEFORE_SCORE_COLUMNS {
        conn.run_next_migration(migrations()).expect("migration");
    }
    conn.batch_execute(setup).expect("foreign keys off");
    conn.batch_execute(OLD_REVIEWS).expect("old reviews");
    conn.run_pending_migrations(migrations()).expect("score columns");
    let rows: Vec<Scores> = diesel::sql_query(
        "SELECT id, score_security_sovereignty, score_growth_development, score_talent_skills, \
         score_effectiveness_sustainability FROM assignments ORDER BY id",
    )
    .load(conn)
    .expect("scores");
    let row = |id: &str, s: [Option<i32>; 4]| Scores {
        id: id.to_owned(),
        score_security_sovereignty: s[0],
        score_growth_development: s[1],
        score_talent_skills: s[2],
        score_effectiveness_sustainability: s[3],
    };
    assert_eq!(rows, vec![row("a1", [Some(8), Some(7), Some(10), Some(0)]), row("a2", [None, Some(4), None, None])]);
}

#[test]
fn sqlite_reviews_keep_their_scores_across_the_score_columns_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let mut conn = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    migrate_across(&mut conn, || SQLITE_MIGRATIONS, "PRAGMA foreign_keys = OFF;");
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_reviews_keep_their_scores_across_the_score_columns_migration() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_migration_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    let mut conn =
        diesel::pg::PgConnection::establish(&pg_admin::url_with_database(&admin, &database)).expect("connect");
    // Foreign-key triggers off for this session, so the old rows need no proposals or users.
    migrate_across(&mut conn, || POSTGRES_MIGRATIONS, "SET session_replication_role = replica;");
    drop(conn);
    pg_admin::drop_database(&admin, &database).expect("drop");
}
