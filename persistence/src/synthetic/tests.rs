//! Synthetic proposals and services carry the full-text documents the store would write for them, so
//! the reuse check and the screening's similar proposals find them as they find real ones. On both
//! engines.

use std::collections::BTreeSet;
use std::sync::Arc;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use domain::ProposalId;

use super::SyntheticPlan;
use crate::db::DbConnection;
use crate::{AuditKey, PoolOptions, Store, pg_admin};

/// Two proposing organisations (similar proposals are other organisations') and three evaluators; the
/// migrations bring the open call.
const PEOPLE: &str = "\
    INSERT INTO organizations (id, name, kind, tax_code, created_at) VALUES \
      ('00000000-0000-7000-8000-0000000000a1', 'Aurora Labs', 'startup', '01234567890', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000a2', 'Politecnico', 'university', '01234567891', '2026-11-01 00:00:00'); \
    INSERT INTO users (id, organization_id, email, display_name, password_hash, locale, is_org_owner, \
      token_version, created_at, updated_at) VALUES \
      ('00000000-0000-7000-8000-0000000000b1', '00000000-0000-7000-8000-0000000000a1', 'p1@x.example', 'P1', 'x', \
       'it', FALSE, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b2', '00000000-0000-7000-8000-0000000000a2', 'p2@x.example', 'P2', 'x', \
       'it', FALSE, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b3', '00000000-0000-7000-8000-0000000000a2', 'e1@x.example', 'E1', 'x', \
       'it', FALSE, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b4', '00000000-0000-7000-8000-0000000000a2', 'e2@x.example', 'E2', 'x', \
       'it', FALSE, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b5', '00000000-0000-7000-8000-0000000000a2', 'e3@x.example', 'E3', 'x', \
       'it', FALSE, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00'); \
    INSERT INTO user_roles (user_id, role, granted_at) VALUES \
      ('00000000-0000-7000-8000-0000000000b1', 'proposer', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b2', 'proposer', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b3', 'evaluator', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b4', 'evaluator', '2026-11-01 00:00:00'), \
      ('00000000-0000-7000-8000-0000000000b5', 'evaluator', '2026-11-01 00:00:00');";

/// The words of a text as the store indexes them (`backend::search_words`).
fn words(text: &str) -> Vec<String> {
    domain::catalogue::fold_for_search(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(QueryableByName)]
struct Indexed {
    #[diesel(sql_type = Text)]
    id: String,
    /// What the store would index for the row.
    #[diesel(sql_type = Text)]
    text: String,
    /// SQLite: the FTS5 document; PostgreSQL: whether `search` is the store's tsvector of `text`'s words.
    #[diesel(sql_type = Text)]
    document: String,
}

#[derive(QueryableByName)]
struct Same {
    #[diesel(sql_type = Bool)]
    same: bool,
}

fn indexed(conn: &mut DbConnection, services: bool) -> Vec<Indexed> {
    let sql = match (services, &*conn) {
        (false, DbConnection::Sqlite(_)) => {
            "SELECT p.id, p.title || ' ' || p.summary || ' ' || p.description AS text, f.document \
             FROM proposals p JOIN proposals_fts f ON f.proposal_id = p.id ORDER BY p.id"
        }
        (false, DbConnection::Pg(_)) => {
            "SELECT id, title || ' ' || summary || ' ' || description AS text, '' AS document FROM proposals \
             WHERE length(search) > 0 ORDER BY id"
        }
        (true, DbConnection::Sqlite(_)) => {
            "SELECT s.id, s.name || ' ' || s.short_description_it || ' ' || s.long_description_it || ' ' || \
             s.features_it || ' cloud sintetico' AS text, f.document \
             FROM services s JOIN services_fts f ON f.service_id = s.id ORDER BY s.id"
        }
        (true, DbConnection::Pg(_)) => {
            "SELECT id, name || ' ' || short_description_it || ' ' || long_description_it || ' ' || features_it || \
             ' cloud sintetico' AS text, '' AS document FROM services WHERE length(search) > 0 ORDER BY id"
        }
    };
    let mut rows: Vec<Indexed> = diesel::sql_query(sql).load(conn).expect("indexed rows");
    if let DbConnection::Pg(c) = conn {
        let table = if services { "services" } else { "proposals" };
        for row in &mut rows {
            let same: Same = diesel::sql_query(format!(
                "SELECT search = to_tsvector('simple', $1) AS same FROM {table} WHERE id = $2"
            ))
            .bind::<Text, _>(words(&row.text).join(" "))
            .bind::<Text, _>(&row.id)
            .get_result(c)
            .expect("compare");
            row.document = if same.same { row.text.clone() } else { format!("differs: {}", row.id) };
        }
    }
    rows
}

fn synthetic_rows_are_indexed_and_found(url: &str) {
    let clock: Arc<dyn domain::Clock> = Arc::new(domain::SystemClock);
    let key = AuditKey::new("the audit key of this test deployment, 32+").expect("key");
    let store = Store::connect(url, &PoolOptions::default(), clock, key).expect("store");
    store.migrate().expect("migrate");
    store.db.write(|conn| Ok(conn.batch_execute(PEOPLE)?)).expect("people");

    // Services spread over the batches in proportion: 15, 15 and 10.
    let plan = SyntheticPlan { proposals: 400, challenge: None, batch: 150, all_under_review: false };
    let mut seen = Vec::new();
    let report = store.synthetic_generate_with_services(&plan, 40, |done| seen.push(done)).expect("synthetic");
    assert_eq!((report.proposals, report.reviews, report.services), (400, 840, 40));
    assert_eq!(seen, [150, 300, 400]);
    // Only services: `batch` at a time.
    let only = SyntheticPlan { proposals: 0, challenge: None, batch: 7, all_under_review: false };
    let report = store.synthetic_generate_with_services(&only, 10, |_| {}).expect("services only");
    assert_eq!((report.proposals, report.services), (0, 10));

    // Every row has its document, the words the store would index for it.
    let mut pooled = store.db.conn().expect("connection");
    for services in [false, true] {
        let rows = indexed(&mut pooled.conn, services);
        assert_eq!(rows.len(), if services { 50 } else { 400 }, "documents (services: {services})");
        for row in &rows {
            assert_eq!(words(&row.document), words(&row.text), "{}", row.id);
        }
        let distinct: BTreeSet<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert!(distinct.len() * 10 > rows.len() * 9, "varied texts: {} of {}", distinct.len(), rows.len());
    }
    drop(pooled);

    // The screening's similar proposals and the reuse check find synthetic rows.
    let ids: Vec<String> = store
        .db
        .read(|conn| {
            Ok(diesel::sql_query("SELECT id FROM proposals WHERE state = 'under_review' ORDER BY id LIMIT 20")
                .load::<Id>(conn)?
                .into_iter()
                .map(|r| r.id)
                .collect())
        })
        .expect("ids");
    let (mut with_proposals, mut with_services) = (0, 0);
    for id in &ids {
        let id: ProposalId = id.parse().expect("a uuid");
        let similar = store.proposal_similar_proposals(&super::measuring_manager(), id).expect("similar proposals");
        assert!(similar.iter().all(|p| p.id != id && p.similarity >= domain::similarity::THRESHOLD));
        with_proposals += usize::from(!similar.is_empty());
        let services = store.proposal_similar_services(&super::measuring_manager(), id).expect("similar services");
        assert!(services.iter().all(|s| s.service.content.slug.starts_with("servizio-sintetico-")));
        with_services += usize::from(!services.is_empty());
    }
    assert!(with_proposals * 2 > ids.len(), "{with_proposals} of {} have similar proposals", ids.len());
    assert!(with_services * 2 > ids.len(), "{with_services} of {} have similar services", ids.len());

    word_counts_are_the_documents_holding_each_word(&store);
}

/// The counts behind the similarity weights: on SQLite each word's documents counted; on PostgreSQL
/// also, but for the most common words, whose share the planner's statistics estimate (here, after
/// `ANALYZE`, from every row).
fn word_counts_are_the_documents_holding_each_word(store: &Store) {
    let mut pooled = store.db.conn().expect("connection");
    let conn = &mut pooled.conn;
    let postgres = matches!(conn, DbConnection::Pg(_));
    if let DbConnection::Pg(c) = conn {
        c.batch_execute("ANALYZE proposals").expect("analyze");
    }
    let rows = indexed(conn, false);
    let mut documents: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for row in &rows {
        for word in words(&row.text).into_iter().collect::<BTreeSet<_>>() {
            *documents.entry(word).or_default() += 1;
        }
    }
    let asked: Vec<String> = documents.keys().cloned().collect();
    let counts = store.frequencies.proposals(conn, &asked).expect("counts");
    assert_eq!(counts.documents, i64::try_from(rows.len()).expect("rows"), "the index's size");
    let estimated =
        crate::backend::common_word_estimates(conn, crate::backend::TextIndex::Proposals).expect("estimates");
    assert_eq!(estimated.is_empty(), !postgres, "estimates on PostgreSQL only");
    let estimated: BTreeSet<String> = estimated.into_iter().map(|(w, _)| w).collect();
    let (mut exact, mut close) = (0, 0);
    for (word, n) in &documents {
        let found = counts.of(word);
        if estimated.contains(word) {
            assert!((found - n).abs() * 10 <= *n, "{word}: about {n}, estimated {found}");
            close += 1;
        } else {
            assert_eq!(found, *n, "{word}");
            exact += 1;
        }
    }
    assert!(exact > 100 && (close > 10 || !postgres), "{exact} counted, {close} estimated");
    // Kept: asked again, the same counts without a query (the index's rows changed meanwhile).
    let emptied = match conn {
        DbConnection::Sqlite(c) => c.batch_execute("DELETE FROM proposals_fts"),
        DbConnection::Pg(c) => c.batch_execute("UPDATE proposals SET search = to_tsvector('simple', '')"),
    };
    emptied.expect("index emptied");
    let again = store.frequencies.proposals(conn, &asked).expect("counts again");
    assert_eq!((again.documents, again.with), (counts.documents, counts.with), "the counts kept");
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Text)]
    id: String,
}

#[test]
fn sqlite_synthetic_rows_are_indexed_and_found_by_the_similarity_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_rows_are_indexed_and_found(&dir.path().join("hub.db").to_string_lossy());
}

#[test]
#[cfg_attr(hub_no_postgres, ignore = "HUB_TEST_POSTGRES_URL is not set")]
fn postgres_synthetic_rows_are_indexed_and_found_by_the_similarity_checks() {
    let admin = std::env::var("HUB_TEST_POSTGRES_URL").expect("this test needs HUB_TEST_POSTGRES_URL");
    let database = format!("hub_synthetic_{}", std::process::id());
    pg_admin::drop_database(&admin, &database).expect("drop");
    let mut server = diesel::pg::PgConnection::establish(&admin).expect("postgres");
    server.batch_execute(&format!("CREATE DATABASE {database}")).expect("create");
    synthetic_rows_are_indexed_and_found(&pg_admin::url_with_database(&admin, &database));
    pg_admin::drop_database(&admin, &database).expect("drop");
}
