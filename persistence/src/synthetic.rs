//! A synthetic dataset for benchmarks: many proposals over the existing challenges and proposers, with
//! three submitted reviews each by the existing evaluators, and catalogue services (by default one per
//! hundred proposals), generated inside the database by `INSERT … SELECT` over a recursive counter, a
//! batch per transaction. Their texts are composed of public-sector cloud vocabulary ([`text`]) and
//! indexed for full-text search as the store indexes any proposal or service, so the similarity checks
//! find them. It needs the demo seeds (or any data with a non-draft challenge, a proposer and three
//! evaluators) and adds to them; it writes no history, audit or mail, so it is for measurements, never
//! for a hub in use.

mod recall;
#[cfg(test)]
mod tests;
mod text;

pub use recall::SimilarityRecall;

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Timestamp};
use domain::{Actor, Credential, OrganizationId, Role, UserId};

use crate::Store;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::schema::{challenges, user_roles, users};
use crate::stored::Named;

/// A hub manager of no stored account, for the measurements that read what a manager reads.
fn measuring_manager() -> Actor {
    Actor {
        user_id: UserId::new(),
        organization_id: OrganizationId::new(),
        is_org_owner: false,
        roles: BTreeSet::from([Role::HubManager]),
        email_verified: true,
        credential: Credential::Session,
    }
}

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
    /// Catalogue services added (by default one per hundred proposals): eight in ten published, one
    /// deprecated, one draft, each with two tags and a proposer's organisation as provider.
    pub services: u64,
}

/// Per ten proposals, by `i % 10`: half under review, the rest spread over the other states. Those
/// under review or decided carry three submitted reviews.
const STATE: &str = "CASE n.i % 10 WHEN 5 THEN 'submitted' WHEN 6 THEN 'draft' WHEN 7 THEN 'accepted' \
     WHEN 8 THEN 'rejected' WHEN 9 THEN 'withdrawn' ELSE 'under_review' END";
const REVIEWED: &str = "n.i % 10 IN (0, 1, 2, 3, 4, 7, 8)";

/// Services by their own counter `k`, by `k % 10`.
const SERVICE_STATE: &str = "CASE n.i % 10 WHEN 8 THEN 'deprecated' WHEN 9 THEN 'draft' ELSE 'published' END";

/// The strides that put proposal `i` and service `k` in their clusters of alike texts.
const PROPOSAL_STRIDE: u64 = 389;
const SERVICE_STRIDE: u64 = 613;

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

/// The counter `n0` and, as `n`, its rows with the texts `columns` (name, SQL over `n0.i`), computed
/// once per row.
fn counter_with_texts(sqlite: bool, columns: &[(&str, String)]) -> String {
    let texts: Vec<String> = columns.iter().map(|(name, sql)| format!("{sql} AS {name}")).collect();
    format!(
        "WITH RECURSIVE n0(i) AS (SELECT CAST($3 AS BIGINT) UNION ALL SELECT i + 1 FROM n0 WHERE i < $4), \
         n AS {materialized}(SELECT n0.i AS i, {texts} FROM n0) ",
        materialized = if sqlite { "" } else { "MATERIALIZED " },
        texts = texts.join(", "),
    )
}

/// The inclusive ranges of proposal and service counters of each batch: proposals `batch` at a time,
/// the services spread over them in proportion (or `batch` at a time without proposals).
fn batches(proposals: u64, services: u64, batch: u64) -> Vec<((u64, u64), (u64, u64))> {
    let batch = batch.max(1);
    let mut out = Vec::new();
    if proposals == 0 {
        let mut k = 1;
        while k <= services {
            out.push(((1, 0), (k, (k + batch - 1).min(services))));
            k += batch;
        }
        return out;
    }
    let share =
        |i: u64| u64::try_from(u128::from(i) * u128::from(services) / u128::from(proposals)).unwrap_or(u64::MAX);
    let mut start = 1;
    while start <= proposals {
        let end = (start + batch - 1).min(proposals);
        out.push(((start, end), (share(start - 1) + 1, share(end))));
        start = end + 1;
    }
    out
}

/// What every batch joins on, loaded once.
struct Lookups {
    /// Proposals and services already stored: where this run's texts start, so that a run adding to
    /// an earlier one's rows does not repeat their texts.
    existing: (i64, i64),
    challenges: Vec<(String, String)>,
    proposers: Vec<(String, String)>,
    evaluators: Vec<(String, String)>,
}

impl Store {
    /// Generates `plan.proposals` proposals with their reviews, and a catalogue service per hundred
    /// proposals; `progress` hears the running count of proposals after each batch.
    ///
    /// # Errors
    /// `NotFound` without a non-draft challenge, a proposer or three evaluators.
    pub fn synthetic_generate(
        &self,
        plan: &SyntheticPlan,
        progress: impl FnMut(u64),
    ) -> Result<SyntheticReport, StoreError> {
        self.synthetic_generate_with_services(plan, plan.proposals / 100, progress)
    }

    /// [`Store::synthetic_generate`] with `services` catalogue services instead of one per hundred
    /// proposals, spread over the batches (without proposals, `plan.batch` services per batch).
    ///
    /// # Errors
    /// `NotFound` without a non-draft challenge, a proposer or three evaluators.
    pub fn synthetic_generate_with_services(
        &self,
        plan: &SyntheticPlan,
        services: u64,
        mut progress: impl FnMut(u64),
    ) -> Result<SyntheticReport, StoreError> {
        let prefix = format!("{:08x}", rand_prefix());
        let now = self.db.now();
        let lookups = self.db.read(|conn| {
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
            let existing = (
                crate::schema::proposals::table.count().get_result(conn)?,
                crate::schema::services::table.count().get_result(conn)?,
            );
            Ok(Lookups {
                existing,
                challenges: challenge_ids.into_iter().map(|c| (c, String::new())).collect(),
                proposers: with_role(conn, Role::Proposer)?,
                evaluators: with_role(conn, Role::Evaluator)?,
            })
        })?;
        if lookups.challenges.is_empty() || lookups.proposers.is_empty() || lookups.evaluators.len() < 3 {
            return Err(StoreError::Domain(domain::DomainError::NotFound(
                "synthetic data needs a non-draft challenge, a proposer and three evaluators (load the demo seeds)",
            )));
        }
        let sqlite = matches!(self.db.engine(), crate::Engine::Sqlite);
        let statements = Statements::new(sqlite, plan, &lookups);
        let mut report = SyntheticReport { proposals: 0, reviews: 0, services: 0 };
        for ((start, end), (first, last)) in batches(plan.proposals, services, plan.batch) {
            let (reviews, added) = self.db.write(|conn| {
                lookup(conn, "syn_challenges", &lookups.challenges)?;
                lookup(conn, "syn_proposers", &lookups.proposers)?;
                lookup(conn, "syn_evaluators", &lookups.evaluators)?;
                for sql in text::create_words() {
                    diesel::sql_query(sql).execute(conn)?;
                }
                if !sqlite {
                    diesel::sql_query("ANALYZE syn_words").execute(conn)?;
                }
                let mut reviews = 0;
                if start <= end {
                    insert_batch(conn, sqlite, statements.proposals.clone(), &prefix, now, start, end)?;
                    if let Some(sql) = &statements.proposals_fts {
                        insert_batch(conn, sqlite, sql.clone(), &prefix, now, start, end)?;
                    }
                    for sql in &statements.reviews {
                        reviews += insert_batch(conn, sqlite, sql.clone(), &prefix, now, start, end)?;
                    }
                }
                let mut added = 0;
                if first <= last {
                    added = insert_batch(conn, sqlite, statements.services.clone(), &prefix, now, first, last)?;
                    if let Some(sql) = &statements.services_fts {
                        insert_batch(conn, sqlite, sql.clone(), &prefix, now, first, last)?;
                    }
                    diesel::sql_query(numbered(sqlite, statements.service_tags.clone()))
                        .bind::<Text, _>(&prefix)
                        .bind::<BigInt, _>(i64::try_from(first).unwrap_or(i64::MAX))
                        .bind::<BigInt, _>(i64::try_from(last).unwrap_or(i64::MAX))
                        .execute(conn)?;
                }
                for name in ["syn_challenges", "syn_proposers", "syn_evaluators", "syn_words"] {
                    diesel::sql_query(format!("DROP TABLE {name}")).execute(conn)?;
                }
                Ok((reviews as u64, added as u64))
            })?;
            report.proposals += if start <= end { end - start + 1 } else { 0 };
            report.reviews += reviews;
            report.services += added;
            progress(report.proposals);
        }
        // Fresh planner statistics, as after any bulk load.
        self.db.write(|conn| Ok(diesel::sql_query("ANALYZE").execute(conn)?))?;
        Ok(report)
    }
}

/// A batch's statements: `$1` the run's id prefix, `$2` now, `$3`–`$4` the range of the counter
/// (proposals' or services'; `$2`–`$3` for the services' tags).
struct Statements {
    proposals: String,
    /// SQLite's FTS5 documents of the batch's rows (PostgreSQL's are written with the rows).
    proposals_fts: Option<String>,
    reviews: Vec<String>,
    services: String,
    services_fts: Option<String>,
    service_tags: String,
}

impl Statements {
    fn new(sqlite: bool, plan: &SyntheticPlan, lookups: &Lookups) -> Self {
        let proposal_id = uuid_sql(sqlite, '8', "n.i");
        let service_id = uuid_sql(sqlite, 'a', "n.i");
        let (challenge_count, proposer_count, evaluator_count) =
            (lookups.challenges.len(), lookups.proposers.len(), lookups.evaluators.len());
        let (state, reviewed) = if plan.all_under_review { ("'under_review'", "1 = 1") } else { (STATE, REVIEWED) };
        let [title, summary, description] =
            text::Picker::new(&format!("n0.i + {}", lookups.existing.0), PROPOSAL_STRIDE).proposal();
        // PostgreSQL's document goes in the row itself; SQLite's FTS5 table is filled from the rows.
        let (search_column, search) = if sqlite {
            ("", String::new())
        } else {
            (", search", format!(", {}", text::pg_document("n.title || ' ' || n.summary || ' ' || n.description")))
        };
        let proposals = format!(
            "{texts} INSERT INTO proposals (id, challenge_id, organization_id, created_by, title, summary, \
             description, trl, budget_cents, self_assessment, state, version, revision, submitted_at, \
             created_at, updated_at{search_column}) \
             SELECT {proposal_id}, c.id, u.org, u.id, n.title, n.summary, n.description, \
             CAST(n.i % 9 + 1 AS INTEGER), n.i * 1000, '{{}}', {state}, 1, 1, \
             CASE WHEN n.i % 10 = 6 THEN NULL ELSE $2 END, $2, $2{search} \
             FROM n JOIN syn_challenges c ON c.idx = n.i % {challenge_count} \
             JOIN syn_proposers u ON u.idx = n.i % {proposer_count}",
            texts = counter_with_texts(sqlite, &[("title", title), ("summary", summary), ("description", description)]),
        );
        let reviews = (0..3)
            .map(|slot| {
                let assignment_id = uuid_sql(sqlite, '9', &format!("n.i * 3 + {slot}"));
                // Scores 0..10 half points, varied per proposal, pillar and evaluator.
                let score = |pillar: u32| format!("CAST((n.i * {} + e.idx * 3 + {slot}) % 11 AS INTEGER)", 7 + pillar);
                format!(
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
                )
            })
            .collect();
        let [name, short, long, features] =
            text::Picker::new(&format!("n0.i + {}", lookups.existing.1), SERVICE_STRIDE).service();
        // The store's document of a service: name, descriptions, features and tags (`cloud`, `sintetico`).
        let document = "n.name || ' ' || n.short || ' ' || n.long || ' ' || n.features || ' cloud sintetico'";
        let search = if sqlite { String::new() } else { format!(", {}", text::pg_document(document)) };
        let services = format!(
            "{texts} INSERT INTO services (id, slug, name, short_description_it, long_description_it, \
             features_it, features_en, service_model, provider_id, license, development_status, contacts, \
             platforms, state, deprecation_reason, sort_score, revision, published_at, created_at, \
             updated_at{search_column}) \
             SELECT {service_id}, 'servizio-sintetico-' || $1 || '-' || n.i, n.name, n.short, n.long, n.features, \
             '[]', 'saas', u.org, 'EUPL-1.2', 'stable', \
             '[{{\"name\":\"Referente del servizio\",\"email\":\"servizi@example.org\"}}]', \
             '[\"web\"]', {SERVICE_STATE}, \
             CASE n.i % 10 WHEN 8 THEN 'Sostituito da una versione successiva' END, -1, 1, \
             CASE n.i % 10 WHEN 9 THEN NULL ELSE $2 END, $2, $2{search} \
             FROM n JOIN syn_proposers u ON u.idx = n.i % {proposer_count}",
            texts =
                counter_with_texts(sqlite, &[("name", name), ("short", short), ("long", long), ("features", features)]),
        );
        let (proposals_fts, services_fts) = if sqlite {
            (
                Some(format!(
                    "INSERT INTO proposals_fts (proposal_id, document) SELECT id, lower(title || ' ' || \
                     coalesce(summary, '') || ' ' || coalesce(description, '')) FROM proposals \
                     WHERE id BETWEEN {} AND {}",
                    uuid_sql(true, '8', "$3"),
                    uuid_sql(true, '8', "$4"),
                )),
                Some(format!(
                    "INSERT INTO services_fts (service_id, document) SELECT id, lower(name || ' ' || \
                     short_description_it || ' ' || long_description_it || ' ' || features_it || \
                     ' cloud sintetico') FROM services WHERE id BETWEEN {} AND {}",
                    uuid_sql(true, 'a', "$3"),
                    uuid_sql(true, 'a', "$4"),
                )),
            )
        } else {
            (None, None)
        };
        let service_tags = format!(
            "{counter} INSERT INTO service_tags (service_id, tag) SELECT {service_id}, t.tag \
             FROM n CROSS JOIN (SELECT 'cloud' AS tag UNION ALL SELECT 'sintetico') t",
            counter = counter("$2", "$3"),
        );
        Self { proposals, proposals_fts, reviews, services, services_fts, service_tags }
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
