//! Data migrations keep what was stored, on both engines: reviews written before the score columns
//! existed keep their scores; administrations are verified or wait; proposals get their search document;
//! challenges keep their rows and references when SQLite rebuilds their table; the expertise vocabulary
//! starts with the tags evaluators declared.

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

/// Migrations before administrations were verified.
const BEFORE_ADMINISTRATIONS: usize = 9;

/// Two administrations as they were stored before: one an admin registered (no owner), one a user
/// founded (its owner a member), and a startup; the founder held `proposer`.
const OLD_ORGANIZATIONS: &str = "INSERT INTO organizations (id, name, kind, tax_code, ipa_code, created_at) VALUES \
    ('o1', 'Comune A', 'public_administration', '80214573604', 'c_a', '2026-11-01 00:00:00'), \
    ('o2', 'Comune B', 'public_administration', '80139582748', 'c_b', '2026-11-02 00:00:00'), \
    ('o3', 'Startup', 'startup', '04817250931', NULL, '2026-11-03 00:00:00'); \
    INSERT INTO users (id, organization_id, email, display_name, password_hash, locale, is_org_owner, \
    email_verified_at, token_version, created_at, updated_at, expertise) VALUES \
    ('u1', 'o2', 'b@comune.example', 'B', 'x', 'it', TRUE, NULL, 0, '2026-11-02 00:00:00', '2026-11-02 00:00:00', '[]'); \
    INSERT INTO user_roles (user_id, role, granted_at) VALUES ('u1', 'proposer', '2026-11-02 00:00:00');";

#[derive(QueryableByName, Debug, PartialEq)]
struct Verified {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Nullable<Text>)]
    verified: Option<String>,
}

fn administrations_across<C>(conn: &mut C, migrations: fn() -> EmbeddedMigrations)
where
    C: MigrationHarness<C::Backend> + Connection + SimpleConnection,
    EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Verified: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Verified>,
{
    for _ in 0..BEFORE_ADMINISTRATIONS {
        conn.run_next_migration(migrations()).expect("migration");
    }
    conn.batch_execute(OLD_ORGANIZATIONS).expect("old organisations");
    conn.run_pending_migrations(migrations()).expect("administrations");
    let rows: Vec<Verified> = diesel::sql_query(
        "SELECT id, CAST(verified_at AS TEXT) AS verified FROM organizations WHERE id IN ('o1', 'o2', 'o3') ORDER BY id",
    )
    .load(conn)
    .expect("organisations");
    let states: Vec<(&str, bool)> = rows.iter().map(|r| (r.id.as_str(), r.verified.is_some())).collect();
    assert_eq!(states, [("o1", true), ("o2", false), ("o3", false)], "{rows:?}");
    // The rebuilt role table keeps what it held and takes the new role.
    conn.batch_execute(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES ('u1', 'administration', '2026-12-04 00:00:00')",
    )
    .expect("the new role");
    let refused = conn.batch_execute(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES ('u1', 'king', '2026-12-04 00:00:00')",
    );
    assert!(refused.is_err(), "the check constraint still holds");
    let roles: Vec<Verified> =
        diesel::sql_query("SELECT user_id AS id, role AS verified FROM user_roles WHERE user_id = 'u1' ORDER BY role")
            .load(conn)
            .expect("roles");
    let roles: Vec<Option<&str>> = roles.iter().map(|r| r.verified.as_deref()).collect();
    assert_eq!(roles, [Some("administration"), Some("proposer")]);
}

#[test]
fn sqlite_administrations_registered_by_admins_are_verified_and_founded_ones_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let mut conn = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    conn.batch_execute("PRAGMA foreign_keys = ON;").expect("foreign keys");
    administrations_across(&mut conn, || SQLITE_MIGRATIONS);
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_administrations_registered_by_admins_are_verified_and_founded_ones_wait() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_migration_pa_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    let mut conn =
        diesel::pg::PgConnection::establish(&pg_admin::url_with_database(&admin, &database)).expect("connect");
    administrations_across(&mut conn, || POSTGRES_MIGRATIONS);
    drop(conn);
    pg_admin::drop_database(&admin, &database).expect("drop");
}

/// Migrations before the proposals had a full-text document.
const BEFORE_PROPOSAL_SEARCH: usize = 12;

/// Two proposals as they were stored before (their challenge, organisation and author left out: the
/// foreign keys are off for this).
const OLD_PROPOSALS: &str = "INSERT INTO proposals (id, challenge_id, organization_id, created_by, title, summary, \
    description, self_assessment, state, version, revision, created_at, updated_at) VALUES \
    ('p1', 'c1', 'o1', 'u1', 'Qualità dell''aria nei Comuni', 'Sensori a basso costo', NULL, '{}', 'draft', 1, 1, \
     '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
    ('p2', 'c1', 'o1', 'u1', 'Telemedicina', NULL, 'Televisite per i pazienti cronici', '{}', 'draft', 1, 1, \
     '2026-11-01 00:00:00', '2026-11-01 00:00:00')";

#[derive(QueryableByName, Debug, PartialEq)]
struct Found {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Migrates past the proposals' search document with two proposals stored, and finds each by a word of
/// its title, summary or description, folded as the store folds them ("qualita" finds "Qualità").
fn proposal_search_across<C>(conn: &mut C, migrations: fn() -> EmbeddedMigrations, setup: &str, find: &str)
where
    C: MigrationHarness<C::Backend> + Connection + SimpleConnection,
    EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Found: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Found>,
{
    for _ in 0..BEFORE_PROPOSAL_SEARCH {
        conn.run_next_migration(migrations()).expect("migration");
    }
    conn.batch_execute(setup).expect("foreign keys off");
    conn.batch_execute(OLD_PROPOSALS).expect("old proposals");
    conn.run_pending_migrations(migrations()).expect("proposal search");
    for (word, expected) in [("qualita", "p1"), ("sensori", "p1"), ("televisite", "p2"), ("telemedicina", "p2")] {
        let found: Vec<Found> = diesel::sql_query(find.replace("WORD", word)).load(conn).expect("search");
        assert_eq!(found, [Found { id: expected.to_owned() }], "{word}");
    }
}

#[test]
fn sqlite_proposals_stored_before_get_their_search_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let mut conn = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    let find = "SELECT proposal_id AS id FROM proposals_fts WHERE proposals_fts MATCH 'document : WORD'";
    proposal_search_across(&mut conn, || SQLITE_MIGRATIONS, "PRAGMA foreign_keys = OFF;", find);
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_proposals_stored_before_get_their_search_document() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_migration_search_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    let mut conn =
        diesel::pg::PgConnection::establish(&pg_admin::url_with_database(&admin, &database)).expect("connect");
    let find = "SELECT id FROM proposals WHERE search @@ to_tsquery('simple', 'WORD')";
    proposal_search_across(&mut conn, || POSTGRES_MIGRATIONS, "SET session_replication_role = replica;", find);
    drop(conn);
    pg_admin::drop_database(&admin, &database).expect("drop");
}

/// Migrations before a challenge could be in review (SQLite rebuilds the table for its new CHECK).
const BEFORE_CHALLENGE_REVIEW: usize = 14;

/// An open challenge as it was stored before, with a tag; the proposals of [`OLD_PROPOSALS`] answer it.
const OLD_CHALLENGE: &str = "INSERT INTO challenges (id, slug, title_it, description_it, sponsor_id, opens_at, state, \
    weights, thresholds, overall_threshold, min_reviews, revision, created_at, updated_at) VALUES \
    ('c1', 'sfida', 'Sfida', 'Descrizione', 'o1', '2026-11-01 00:00:00', 'open', '[25,25,25,25]', '[6,6,6,6]', 6, 3, \
     4, '2026-11-01 00:00:00', '2026-11-02 00:00:00'); \
    INSERT INTO challenge_tags (challenge_id, tag) VALUES ('c1', 'anagrafe')";

#[derive(QueryableByName, Debug, PartialEq)]
struct Kept {
    #[diesel(sql_type = Text)]
    slug: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Integer)]
    revision: i32,
    #[diesel(sql_type = Nullable<Text>)]
    review_note: Option<String>,
}

/// Migrates past the challenges' review with a challenge, its tag and two proposals stored: the
/// challenge keeps its fields, its proposals still answer it (the foreign key holds: it cannot be
/// deleted from under them), and the new state is accepted where a made-up one is not.
fn challenge_review_across<C>(conn: &mut C, migrations: fn() -> EmbeddedMigrations, setup: &str, restore: &str)
where
    C: MigrationHarness<C::Backend> + Connection + SimpleConnection,
    EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Kept: QueryableByName<C::Backend>,
    Found: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Kept>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Found>,
{
    for _ in 0..BEFORE_CHALLENGE_REVIEW {
        conn.run_next_migration(migrations()).expect("migration");
    }
    conn.batch_execute(setup).expect("foreign keys off");
    conn.batch_execute(OLD_CHALLENGE).expect("old challenge");
    conn.batch_execute(OLD_PROPOSALS).expect("old proposals");
    conn.batch_execute(restore).expect("foreign keys on");
    conn.run_pending_migrations(migrations()).expect("challenge review");
    let kept: Vec<Kept> =
        diesel::sql_query("SELECT slug, state, revision, review_note FROM challenges WHERE id = 'c1'")
            .load(conn)
            .expect("challenge");
    let expected = Kept { slug: "sfida".to_owned(), state: "open".to_owned(), revision: 4, review_note: None };
    assert_eq!(kept, [expected]);
    let answering: Vec<Found> = diesel::sql_query(
        "SELECT p.id AS id FROM proposals p JOIN challenges c ON c.id = p.challenge_id \
         JOIN challenge_tags t ON t.challenge_id = c.id ORDER BY p.id",
    )
    .load(conn)
    .expect("proposals");
    assert_eq!(answering, [Found { id: "p1".to_owned() }, Found { id: "p2".to_owned() }]);
    conn.batch_execute("UPDATE challenges SET state = 'in_review', review_note = 'Nota' WHERE id = 'c1'")
        .expect("the new state");
    assert!(conn.batch_execute("UPDATE challenges SET state = 'bozza' WHERE id = 'c1'").is_err(), "a made-up state");
    assert!(conn.batch_execute("DELETE FROM challenges WHERE id = 'c1'").is_err(), "its proposals still refer to it");
}

#[test]
fn sqlite_challenges_keep_their_rows_and_references_across_the_review_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let mut conn = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    challenge_review_across(&mut conn, || SQLITE_MIGRATIONS, "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;");
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_challenges_keep_their_rows_and_references_across_the_review_migration() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_migration_review_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    let mut conn =
        diesel::pg::PgConnection::establish(&pg_admin::url_with_database(&admin, &database)).expect("connect");
    challenge_review_across(
        &mut conn,
        || POSTGRES_MIGRATIONS,
        "SET session_replication_role = replica;",
        "SET session_replication_role = DEFAULT;",
    );
    drop(conn);
    pg_admin::drop_database(&admin, &database).expect("drop");
}

/// Two evaluators as they were stored before the vocabulary, with the tags they declared (their
/// organisation left out: the foreign keys are off for this).
const OLD_EVALUATORS: &str = "INSERT INTO users (id, organization_id, email, display_name, password_hash, locale, \
    is_org_owner, email_verified_at, token_version, created_at, updated_at, expertise) VALUES \
    ('u1', 'o1', 'a@uni.example', 'A', 'x', 'it', FALSE, NULL, 0, '2026-11-02 00:00:00', '2026-11-02 00:00:00', \
     '[\"ai\",\"cloud\"]'), \
    ('u2', 'o1', 'b@uni.example', 'B', 'x', 'it', FALSE, NULL, 0, '2026-11-02 00:00:00', '2026-11-02 00:00:00', \
     '[\"cloud\"]')";

/// Migrates up to the expertise vocabulary with two evaluators stored: it starts with the tags they
/// declared, each once.
fn vocabulary_across<C>(conn: &mut C, migrations: fn() -> EmbeddedMigrations, setup: &str)
where
    C: MigrationHarness<C::Backend> + Connection + SimpleConnection,
    EmbeddedMigrations: diesel::migration::MigrationSource<C::Backend>,
    Found: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Found>,
{
    loop {
        let pending = conn.pending_migrations(migrations()).expect("pending");
        let next = pending.first().expect("the vocabulary's migration").name().to_string();
        if next.contains("expertise_vocabulary") {
            break;
        }
        conn.run_next_migration(migrations()).expect("migration");
    }
    conn.batch_execute(setup).expect("setup");
    conn.batch_execute(OLD_EVALUATORS).expect("old evaluators");
    conn.run_pending_migrations(migrations()).expect("the vocabulary");
    let terms: Vec<Found> =
        diesel::sql_query("SELECT tag AS id FROM expertise_terms ORDER BY tag").load(conn).expect("terms");
    let terms: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(terms, ["ai", "cloud"]);
}

#[test]
fn sqlite_the_vocabulary_starts_with_the_tags_evaluators_declared() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let mut conn = diesel::sqlite::SqliteConnection::establish(&path.to_string_lossy()).expect("sqlite");
    vocabulary_across(&mut conn, || SQLITE_MIGRATIONS, "PRAGMA foreign_keys = OFF;");
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_the_vocabulary_starts_with_the_tags_evaluators_declared() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_migration_vocabulary_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    let mut conn =
        diesel::pg::PgConnection::establish(&pg_admin::url_with_database(&admin, &database)).expect("connect");
    vocabulary_across(&mut conn, || POSTGRES_MIGRATIONS, "SET session_replication_role = replica;");
    drop(conn);
    pg_admin::drop_database(&admin, &database).expect("drop");
}
