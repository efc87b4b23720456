//! A synthetic dataset for benchmarks: many proposals over the existing challenges and proposers, with
//! three submitted reviews each by the existing evaluators, and a catalogue service per hundred
//! proposals, generated inside the database by
//! `INSERT … SELECT` over a recursive counter, a batch per transaction. It needs the demo seeds (or any
//! data with a non-draft challenge, a proposer and three evaluators) and adds to them; it writes no
//! history, audit or mail, so it is for measurements, never for a hub in use.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};
use domain::Role;

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{challenges, user_roles, users};
use crate::stored::Named;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SyntheticPlan {
    /// Proposals to add.
    pub proposals: u64,
    /// Put them all in this challenge (id or slug) instead of spreading them over every non-draft one.
    pub challenge: Option<String>,
    /// Proposals per transaction.
    pub batch: u64,
    /// Every proposal under review with three submitted reviews (for ranking measurements), instead of
    /// the mix of states.
    pub all_under_review: bool,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticReport {
    /// Proposals added.
    pub proposals: u64,
    /// Submitted reviews added.
    pub reviews: u64,
    /// Catalogue services added: one per hundred proposals, eight in ten published, one deprecated,
    /// one draft, each with two tags and a proposer's organisation as provider.
    pub services: u64,
}

/// Per ten proposals, by `i % 10`: half under review, the rest spread over the other states. Those
/// under review or decided carry three submitted reviews.
const STATE: &str = "CASE n.i % 10 WHEN 5 THEN 'submitted' WHEN 6 THEN 'draft' WHEN 7 THEN 'accepted' \
     WHEN 8 THEN 'rejected' WHEN 9 THEN 'withdrawn' ELSE 'under_review' END";
const REVIEWED: &str = "n.i % 10 IN (0, 1, 2, 3, 4, 7, 8)";

/// Services, one per hundred proposals (`n.i % 100 = 0`), by `(n.i / 100) % 10`.
const SERVICE_STATE: &str = "CASE (n.i / 100) % 10 WHEN 8 THEN 'deprecated' WHEN 9 THEN 'draft' ELSE 'published' END";

/// SQLite numbers `$N` parameters by first appearance, not by N; `?N` keeps N.
fn numbered(sqlite: bool, sql: String) -> String {
    if sqlite { sql.replace('$', "?") } else { sql }
}

/// A text id shaped as a UUID: the run's prefix, a kind digit and the counter in the last group.
fn uuid_sql(engine_sqlite: bool, kind: char, counter: &str) -> String {
    if engine_sqlite {
        format!("$1 || '-0000-7000-{kind}000-' || printf('%012d', {counter})")
    } else {
        format!("$1 || '-0000-7000-{kind}000-' || lpad(({counter})::text, 12, '0')")
    }
}

fn counter(from: &str, to: &str) -> String {
    format!("WITH RECURSIVE n(i) AS (SELECT CAST({from} AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < {to}) ")
}

impl Store {
    /// Generates `plan.proposals` proposals with their reviews; `progress` hears the running count after
    /// each batch.
    ///
    /// # Errors
    /// `NotFound` without a non-draft challenge, a proposer or three evaluators.
    pub fn synthetic_generate(
        &self,
        plan: &SyntheticPlan,
        mut progress: impl FnMut(u64),
    ) -> Result<SyntheticReport, StoreError> {
        let prefix = format!("{:08x}", rand_prefix());
        let now = self.db.now();
        let (challenge_ids, proposers, evaluators) = self.db.read(|conn| {
            let mut query = challenges::table
                .filter(challenges::state.ne(Named(domain::ChallengeState::Draft)))
                .select(challenges::id)
                .into_boxed();
            if let Some(c) = &plan.challenge {
                query = query.filter(challenges::id.eq(c.clone()).or(challenges::slug.eq(c.clone())));
            }
            let challenge_ids: Vec<String> = query.order(challenges::id).load(conn)?;
            let with_role = |conn: &mut DbConnection, role: Role| -> Result<Vec<(String, String)>, StoreError> {
                Ok(users::table
                    .inner_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
                    .filter(user_roles::role.eq(Named(role)))
                    .select((users::id, users::organization_id))
                    .order(users::id)
                    .load(conn)?)
            };
            Ok((challenge_ids, with_role(conn, Role::Proposer)?, with_role(conn, Role::Evaluator)?))
        })?;
        if challenge_ids.is_empty() || proposers.is_empty() || evaluators.len() < 3 {
            return Err(StoreError::Domain(domain::DomainError::NotFound(
                "synthetic data needs a non-draft challenge, a proposer and three evaluators (load the demo seeds)",
            )));
        }
        let sqlite = matches!(self.db.engine(), crate::Engine::Sqlite);
        let proposal_id = uuid_sql(sqlite, '8', "n.i");
        let (challenge_count, proposer_count, evaluator_count) =
            (challenge_ids.len(), proposers.len(), evaluators.len());
        let service_id = uuid_sql(sqlite, 'a', "n.i");
        let mut report = SyntheticReport { proposals: 0, reviews: 0, services: 0 };
        let batch = plan.batch.max(1);
        let mut start = 1;
        while start <= plan.proposals {
            let end = (start + batch - 1).min(plan.proposals);
            let reviews = self.db.write(|conn| {
                let pairs: Vec<(String, String)> = challenge_ids.iter().map(|c| (c.clone(), String::new())).collect();
                lookup(conn, "syn_challenges", &pairs)?;
                lookup(conn, "syn_proposers", &proposers)?;
                lookup(conn, "syn_evaluators", &evaluators)?;
                let (state, reviewed) =
                    if plan.all_under_review { ("'under_review'", "1 = 1") } else { (STATE, REVIEWED) };
                let insert_proposals = format!(
                    "{counter} INSERT INTO proposals (id, challenge_id, organization_id, created_by, title, summary, \
                     description, trl, budget_cents, self_assessment, state, version, revision, submitted_at, \
                     created_at, updated_at) \
                     SELECT {proposal_id}, c.id, u.org, u.id, 'Proposta sintetica ' || n.i, \
                     'Servizio cloud sintetico numero ' || n.i || ' per le pubbliche amministrazioni', \
                     'Descrizione generata per le misure di prestazione.', CAST(n.i % 9 + 1 AS INTEGER), \
                     n.i * 1000, '{{}}', {state}, 1, 1, CASE WHEN n.i % 10 = 6 THEN NULL ELSE $2 END, $2, $2 \
                     FROM n JOIN syn_challenges c ON c.idx = n.i % {challenge_count} \
                     JOIN syn_proposers u ON u.idx = n.i % {proposer_count}",
                    counter = counter("$3", "$4"),
                );
                insert_batch(conn, sqlite, insert_proposals, &prefix, now, start, end)?;
                let mut reviews = 0;
                for slot in 0..3 {
                    let assignment_id = uuid_sql(sqlite, '9', &format!("n.i * 3 + {slot}"));
                    // Scores 0..10 half points, varied per proposal, pillar and evaluator.
                    let score =
                        |pillar: u32| format!("CAST((n.i * {} + e.idx * 3 + {slot}) % 11 AS INTEGER)", 7 + pillar);
                    let insert_reviews = format!(
                        "{counter} INSERT INTO assignments (id, proposal_id, proposal_version, evaluator_id, due_at, \
                         state, comments, revision, submitted_at, created_at, updated_at, \
                         score_security_sovereignty, score_growth_development, score_talent_skills, \
                         score_effectiveness_sustainability) \
                         SELECT {assignment_id}, {proposal_id}, 1, e.id, $2, 'submitted', '{{}}', 2, $2, $2, $2, \
                         {s0}, {s1}, {s2}, {s3} \
                         FROM n JOIN syn_evaluators e ON e.idx = (n.i + {slot}) % {evaluator_count} WHERE {reviewed}",
                        counter = counter("$3", "$4"),
                        s0 = score(0),
                        s1 = score(1),
                        s2 = score(2),
                        s3 = score(3),
                    );
                    reviews += insert_batch(conn, sqlite, insert_reviews, &prefix, now, start, end)?;
                }
                let insert_services = format!(
                    "{counter} INSERT INTO services (id, slug, name, short_description_it, long_description_it, \
                     features_it, features_en, service_model, provider_id, license, development_status, contacts, \
                     platforms, state, deprecation_reason, sort_score, revision, published_at, created_at, \
                     updated_at) \
                     SELECT {service_id}, 'servizio-sintetico-' || $1 || '-' || n.i, 'Servizio sintetico ' || n.i, \
                     'Servizio cloud sintetico per le misure di prestazione', \
                     'Descrizione generata di un servizio del catalogo per le misure di prestazione.', \
                     '[\"Conservazione dei documenti\",\"Firma digitale\"]', '[]', 'saas', u.org, 'EUPL-1.2', \
                     'stable', '[{{\"name\":\"Referente del servizio\",\"email\":\"servizi@example.org\"}}]', \
                     '[\"web\"]', {SERVICE_STATE}, \
                     CASE (n.i / 100) % 10 WHEN 8 THEN 'Sostituito da una versione successiva' END, -1, 1, \
                     CASE (n.i / 100) % 10 WHEN 9 THEN NULL ELSE $2 END, $2, $2 \
                     FROM n JOIN syn_proposers u ON u.idx = n.i % {proposer_count} WHERE n.i % 100 = 0",
                    counter = counter("$3", "$4"),
                );
                let services = insert_batch(conn, sqlite, insert_services, &prefix, now, start, end)?;
                let insert_tags = format!(
                    "{counter} INSERT INTO service_tags (service_id, tag) SELECT {service_id}, t.tag \
                     FROM n CROSS JOIN (SELECT 'cloud' AS tag UNION ALL SELECT 'sintetico') t WHERE n.i % 100 = 0",
                    counter = counter("$2", "$3"),
                );
                diesel::sql_query(numbered(sqlite, insert_tags))
                    .bind::<Text, _>(&prefix)
                    .bind::<BigInt, _>(i64::try_from(start).unwrap_or(i64::MAX))
                    .bind::<BigInt, _>(i64::try_from(end).unwrap_or(i64::MAX))
                    .execute(conn)?;
                for name in ["syn_challenges", "syn_proposers", "syn_evaluators"] {
                    diesel::sql_query(format!("DROP TABLE {name}")).execute(conn)?;
                }
                Ok((reviews as u64, services as u64))
            })?;
            let (reviews, services) = reviews;
            report.proposals += end - start + 1;
            report.reviews += reviews;
            report.services += services;
            progress(report.proposals);
            start = end + 1;
        }
        // Fresh planner statistics, as after any bulk load.
        self.db.write(|conn| Ok(diesel::sql_query("ANALYZE").execute(conn)?))?;
        Ok(report)
    }
}

/// Runs one of a batch's `INSERT … SELECT`s: `$1` the run's id prefix, `$2` now, `$3`–`$4` the range
/// of the counter. Returns the rows inserted.
fn insert_batch(
    conn: &mut DbConnection,
    sqlite: bool,
    sql: String,
    prefix: &str,
    now: chrono::NaiveDateTime,
    start: u64,
    end: u64,
) -> Result<usize, StoreError> {
    Ok(diesel::sql_query(numbered(sqlite, sql))
        .bind::<Text, _>(prefix)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(i64::try_from(start).unwrap_or(i64::MAX))
        .bind::<BigInt, _>(i64::try_from(end).unwrap_or(i64::MAX))
        .execute(conn)?)
}

/// A temporary table of (index, id, organisation) the generator joins on by `i % count`.
fn lookup(conn: &mut DbConnection, name: &str, rows: &[(String, String)]) -> Result<(), StoreError> {
    diesel::sql_query(format!(
        "CREATE TEMPORARY TABLE {name} (idx INTEGER NOT NULL, id TEXT NOT NULL, org TEXT NOT NULL)"
    ))
    .execute(conn)?;
    for (idx, (id, org)) in rows.iter().enumerate() {
        diesel::sql_query(format!("INSERT INTO {name} (idx, id, org) VALUES ($1, $2, $3)"))
            .bind::<Integer, _>(i32::try_from(idx).unwrap_or(i32::MAX))
            .bind::<Text, _>(id)
            .bind::<Text, _>(org)
            .execute(conn)?;
    }
    Ok(())
}

/// A prefix that keeps the ids of two runs apart.
fn rand_prefix() -> u32 {
    let id = domain::ids::new_id();
    let bytes = id.as_bytes();
    u32::from_be_bytes([bytes[12], bytes[13], bytes[14], bytes[15]])
}
