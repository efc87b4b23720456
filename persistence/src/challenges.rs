//! Challenges: posted by administrations, managed by the hub.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    Actor, AuditEvent, Challenge, ChallengeContent, ChallengeId, ChallengeInput, ChallengeState, DomainError,
    EvaluationSettings, HalfPoints, OrganizationKind, Page, PageRequest, Role,
};

use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{challenge_sponsors, challenge_tags, challenges, organizations};
use crate::stored::{Named, named};

mod follow;
mod opinions;
mod responsible;

pub(crate) use responsible::named as responsible_named;

pub(crate) use opinions::request_opinions;
mod review;

pub use follow::{ChallengeFollow, FollowedProposal};
pub(crate) use opinions::opinions_of;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = challenges, treat_none_as_null = true)]
struct ChallengeRow {
    id: String,
    slug: String,
    title_it: String,
    title_en: Option<String>,
    description_it: String,
    description_en: Option<String>,
    sponsor_id: String,
    opens_at: NaiveDateTime,
    closes_at: Option<NaiveDateTime>,
    #[diesel(serialize_as = Named<ChallengeState>)]
    state: ChallengeState,
    weights: String,
    thresholds: String,
    overall_threshold: i32,
    min_reviews: i32,
    revision: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    review_note: Option<String>,
    sponsor_opinions: bool,
    responsible_id: Option<String>,
    budget_cents: Option<i64>,
    #[diesel(serialize_as = Named<domain::consensus::ConsensusPolicy>)]
    consensus: domain::consensus::ConsensusPolicy,
    notice_of_grounds: bool,
    notice_days: i32,
    redress_days: i32,
    response_allowed: bool,
    response_days: i32,
    response_scores: bool,
    annex_rules: String,
}

fn corrupt(column: &str) -> impl Fn(serde_json::Error) -> StoreError + '_ {
    move |e| StoreError::internal(column, e)
}

impl ChallengeRow {
    fn from_challenge(c: &Challenge) -> Result<Self, StoreError> {
        let e = &c.content.evaluation;
        let thresholds: Vec<i32> = e.thresholds.iter().map(|t| t.halves()).collect();
        Ok(Self {
            id: c.id.to_string(),
            slug: c.content.slug.clone(),
            title_it: c.content.title_it.clone(),
            title_en: c.content.title_en.clone(),
            description_it: c.content.description_it.clone(),
            description_en: c.content.description_en.clone(),
            sponsor_id: c.content.sponsor_id.to_string(),
            opens_at: c.content.opens_at.naive_utc(),
            closes_at: c.content.closes_at.map(|t| t.naive_utc()),
            state: c.state,
            weights: serde_json::to_string(&e.weights).map_err(corrupt("challenges.weights"))?,
            thresholds: serde_json::to_string(&thresholds).map_err(corrupt("challenges.thresholds"))?,
            overall_threshold: e.overall_threshold.halves(),
            min_reviews: i32::from(e.min_reviews),
            revision: c.revision,
            created_at: c.created_at.naive_utc(),
            updated_at: c.updated_at.naive_utc(),
            review_note: c.review_note.clone(),
            sponsor_opinions: c.content.sponsor_opinions,
            responsible_id: c.content.responsible_id.map(|u| u.to_string()),
            budget_cents: c.content.budget_cents,
            consensus: e.consensus,
            notice_of_grounds: e.notice.required,
            notice_days: i32::from(e.notice.days),
            redress_days: i32::from(e.redress_days),
            response_allowed: e.response.allowed,
            response_days: i32::from(e.response.days),
            response_scores: e.response.scores,
            annex_rules: crate::annexes::rules_json(&c.content.annexes)?,
        })
    }

    fn into_challenge(self, tags: BTreeSet<String>) -> Result<Challenge, StoreError> {
        let weights: [u8; 4] = serde_json::from_str(&self.weights).map_err(corrupt("challenges.weights"))?;
        let halves: [i32; 4] = serde_json::from_str(&self.thresholds).map_err(corrupt("challenges.thresholds"))?;
        let half = |h: i32| HalfPoints::from_halves(h).map_err(|e| StoreError::internal("challenges.thresholds", e));
        let thresholds = [half(halves[0])?, half(halves[1])?, half(halves[2])?, half(halves[3])?];
        Ok(Challenge {
            id: parse_stored("challenges.id", &self.id)?,
            content: ChallengeContent {
                slug: self.slug,
                title_it: self.title_it,
                title_en: self.title_en,
                description_it: self.description_it,
                description_en: self.description_en,
                sponsor_id: parse_stored("challenges.sponsor_id", &self.sponsor_id)?,
                tags,
                opens_at: utc(self.opens_at),
                closes_at: self.closes_at.map(utc),
                evaluation: EvaluationSettings {
                    weights,
                    thresholds,
                    overall_threshold: half(self.overall_threshold)?,
                    min_reviews: u8::try_from(self.min_reviews)
                        .map_err(|e| StoreError::internal("challenges.min_reviews", e))?,
                    consensus: self.consensus,
                    notice: domain::notice::NoticeRule {
                        required: self.notice_of_grounds,
                        days: u8::try_from(self.notice_days)
                            .map_err(|e| StoreError::internal("challenges.notice_days", e))?,
                    },
                    redress_days: u8::try_from(self.redress_days)
                        .map_err(|e| StoreError::internal("challenges.redress_days", e))?,
                    response: domain::response::ResponseRule {
                        allowed: self.response_allowed,
                        days: u8::try_from(self.response_days)
                            .map_err(|e| StoreError::internal("challenges.response_days", e))?,
                        scores: self.response_scores,
                    },
                },
                sponsor_opinions: self.sponsor_opinions,
                responsible_id: self
                    .responsible_id
                    .map(|u| parse_stored("challenges.responsible_id", &u))
                    .transpose()?,
                budget_cents: self.budget_cents,
                annexes: crate::annexes::rules_from_json(&self.annex_rules)?,
            },
            state: self.state,
            revision: self.revision,
            review_note: self.review_note,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// Filters of the challenge list.
#[derive(Debug, Clone, Default)]
pub struct ChallengeFilter {
    /// Only this state.
    pub state: Option<ChallengeState>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Words in the title or description.
    pub q: Option<String>,
    /// Only those this organisation sponsors or co-sponsors.
    pub sponsored_by: Option<String>,
}

/// Loads a challenge by id, or not found.
pub(crate) fn load_challenge(conn: &mut DbConnection, id: &str) -> Result<Challenge, StoreError> {
    let row: ChallengeRow = challenges::table
        .find(id)
        .select(ChallengeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("challenge"))?;
    let tags =
        challenge_tags::table.filter(challenge_tags::challenge_id.eq(id)).select(challenge_tags::tag).load(conn)?;
    row.into_challenge(tags.into_iter().collect())
}

/// Finds a challenge by id or slug.
fn resolve(conn: &mut DbConnection, id_or_slug: &str) -> Result<Challenge, StoreError> {
    let id: Option<String> = challenges::table
        .filter(challenges::id.eq(id_or_slug).or(challenges::slug.eq(id_or_slug)))
        .select(challenges::id)
        .first(conn)
        .optional()?;
    load_challenge(conn, &id.ok_or_else(|| StoreError::not_found("challenge"))?)
}

/// Finds a challenge by id or slug that anyone may see (open or closed).
pub(crate) fn resolve_public(conn: &mut DbConnection, id_or_slug: &str) -> Result<Challenge, StoreError> {
    let challenge = resolve(conn, id_or_slug)?;
    if challenge.state.is_public() { Ok(challenge) } else { Err(StoreError::not_found("challenge")) }
}

/// Finds a challenge by id or slug that the actor may see.
pub(crate) fn resolve_visible(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    id_or_slug: &str,
) -> Result<Challenge, StoreError> {
    let challenge = resolve(conn, id_or_slug)?;
    if may_see(conn, actor, &challenge)? { Ok(challenge) } else { Err(StoreError::not_found("challenge")) }
}

/// Whether `actor` may see `challenge`: anyone a public one; hub managers and its sponsors' officers
/// any.
fn may_see(conn: &mut DbConnection, actor: Option<&Actor>, challenge: &Challenge) -> Result<bool, StoreError> {
    if challenge.state.is_public() {
        return Ok(true);
    }
    let Some(actor) = actor else { return Ok(false) };
    let co_sponsor = actor.has_role(Role::Administration) && co_sponsors(conn, challenge, actor)?;
    Ok(challenge.seen_by_sponsor(actor, co_sponsor))
}

/// Whether `actor`'s administration co-sponsors `challenge`.
fn co_sponsors(conn: &mut DbConnection, challenge: &Challenge, actor: &Actor) -> Result<bool, StoreError> {
    let found: i64 = challenge_sponsors::table
        .filter(challenge_sponsors::challenge_id.eq(challenge.id.to_string()))
        .filter(challenge_sponsors::organization_id.eq(actor.organization_id.to_string()))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Challenge `id_or_slug` if `actor` may see it, else not found.
fn resolve_seen(conn: &mut DbConnection, actor: &Actor, id_or_slug: &str) -> Result<Challenge, StoreError> {
    resolve_visible(conn, Some(actor), id_or_slug)
}

fn write_tags(conn: &mut DbConnection, id: &str, tags: &BTreeSet<String>) -> Result<(), StoreError> {
    diesel::delete(challenge_tags::table.filter(challenge_tags::challenge_id.eq(id))).execute(conn)?;
    for tag in tags {
        diesel::insert_into(challenge_tags::table)
            .values((challenge_tags::challenge_id.eq(id), challenge_tags::tag.eq(tag)))
            .execute(conn)?;
    }
    Ok(())
}

fn check_sponsor(conn: &mut DbConnection, content: &ChallengeContent) -> Result<(), StoreError> {
    let sponsor: Option<(OrganizationKind, Option<chrono::NaiveDateTime>)> = organizations::table
        .find(content.sponsor_id.to_string())
        .select((organizations::kind, organizations::verified_at))
        .first(conn)
        .optional()?;
    match sponsor {
        Some((OrganizationKind::PublicAdministration, Some(_))) => Ok(()),
        Some((OrganizationKind::PublicAdministration, None)) => Err(DomainError::invalid(
            "sponsor_id",
            "administration_unverified",
            "the sponsor must be an administration an admin has verified",
        )
        .into()),
        Some(_) => Err(DomainError::invalid(
            "sponsor_id",
            "not_an_administration",
            "the sponsor must be a public administration",
        )
        .into()),
        None => Err(DomainError::invalid("sponsor_id", "unknown_organization", "no such organisation").into()),
    }
}

fn check_slug_free(conn: &mut DbConnection, slug: &str, except: &str) -> Result<(), StoreError> {
    let taken: i64 = challenges::table
        .filter(challenges::slug.eq(slug))
        .filter(challenges::id.ne(except))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(DomainError::conflict("slug_taken", "another challenge has this slug").into());
    }
    Ok(())
}

impl Store {
    /// Creates a challenge in `draft`: a hub manager for any verified administration, an officer for
    /// their own.
    ///
    /// # Errors
    /// `Forbidden` (role, scope, an officer naming another sponsor); `Invalid` for a sponsor that is not
    /// a verified administration, `Conflict` for a taken slug.
    pub fn challenge_create(
        &self,
        actor: &Actor,
        content: ChallengeContent,
        state: ChallengeState,
    ) -> Result<Challenge, StoreError> {
        let now = self.db.now();
        domain::challenge::ChallengeAuthor::of(actor, &content)?.check_responsible(&content)?;
        self.db.write(|conn| {
            check_sponsor(conn, &content)?;
            responsible::check(conn, &content)?;
            let id = ChallengeId::new();
            check_slug_free(conn, &content.slug, &id.to_string())?;
            let mut challenge = Challenge {
                id,
                content,
                state,
                revision: 1,
                review_note: None,
                created_at: utc(now),
                updated_at: utc(now),
            };
            challenge.content.responsible_id = challenge.responsible_after(actor, state);
            diesel::insert_into(challenges::table).values(ChallengeRow::from_challenge(&challenge)?).execute(conn)?;
            write_tags(conn, &id.to_string(), &challenge.content.tags)?;
            let mut event = AuditEvent::new(Some(actor.user_id), "challenge.created", "challenge", id)
                .with("slug", challenge.content.slug.clone());
            if let Some(responsible) = challenge.content.responsible_id {
                event = event.with("responsible_id", responsible.to_string());
            }
            audit::append(conn, &self.audit_key, &event, now)?;
            load_challenge(conn, &id.to_string())
        })
    }

    /// A challenge by id or slug, if the caller may see it (drafts and archived ones: hub managers).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn challenge_get(&self, actor: Option<&Actor>, id_or_slug: &str) -> Result<Challenge, StoreError> {
        self.db.read(|conn| resolve_visible(conn, actor, id_or_slug))
    }

    /// A challenge the caller may see, with its sponsor's name (public with the challenge), read together.
    ///
    /// # Errors
    /// `NotFound` as [`Store::challenge_get`].
    pub fn challenge_with_sponsor(
        &self,
        actor: Option<&Actor>,
        id_or_slug: &str,
    ) -> Result<(Challenge, String), StoreError> {
        self.db.read(|conn| {
            let challenge = resolve_visible(conn, actor, id_or_slug)?;
            let sponsor = crate::schema::organizations::table
                .find(challenge.content.sponsor_id.to_string())
                .select(crate::schema::organizations::name)
                .first(conn)?;
            Ok((challenge, sponsor))
        })
    }

    /// Challenges the caller may see, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub fn challenges_list(
        &self,
        actor: Option<&Actor>,
        filter: &ChallengeFilter,
        page: &PageRequest,
    ) -> Result<Page<Challenge>, StoreError> {
        let manager = actor.is_some_and(|a| a.has_role(Role::HubManager));
        self.db.read(|conn| {
            let mut query =
                challenges::table.select(ChallengeRow::as_select()).order(challenges::id.asc()).into_boxed();
            if !manager {
                // The states anyone may see: the one rule, `ChallengeState::is_public`; an officer sees
                // their administration's challenges (sponsored or co-sponsored) in every state too.
                let public = named(ChallengeState::ALL.into_iter().filter(|s| s.is_public()));
                match actor.filter(|a| a.has_role(Role::Administration)) {
                    Some(officer) => {
                        let org = officer.organization_id.to_string();
                        let co_sponsored = challenge_sponsors::table
                            .filter(challenge_sponsors::organization_id.eq(org.clone()))
                            .select(challenge_sponsors::challenge_id);
                        query = query.filter(
                            challenges::state
                                .eq_any(public)
                                .or(challenges::sponsor_id.eq(org))
                                .or(challenges::id.eq_any(co_sponsored)),
                        );
                    }
                    None => query = query.filter(challenges::state.eq_any(public)),
                }
            }
            if let Some(state) = filter.state {
                query = query.filter(challenges::state.eq(Named(state)));
            }
            if let Some(org) = &filter.sponsored_by {
                let co_sponsored = challenge_sponsors::table
                    .filter(challenge_sponsors::organization_id.eq(org.clone()))
                    .select(challenge_sponsors::challenge_id);
                query = query.filter(challenges::sponsor_id.eq(org.clone()).or(challenges::id.eq_any(co_sponsored)));
            }
            if let Some(tag) = &filter.tag {
                let tagged = challenge_tags::table
                    .filter(challenge_tags::tag.eq(tag.clone()))
                    .select(challenge_tags::challenge_id);
                query = query.filter(challenges::id.eq_any(tagged));
            }
            if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
                let pattern = crate::backend::like_pattern(q);
                query = query.filter(
                    crate::backend::lower(challenges::title_it)
                        .like(pattern.clone())
                        .escape(crate::backend::LIKE_ESCAPE)
                        .or(crate::backend::lower(challenges::description_it)
                            .like(pattern.clone())
                            .escape(crate::backend::LIKE_ESCAPE))
                        .or(crate::backend::lower(challenges::title_en.assume_not_null())
                            .like(pattern)
                            .escape(crate::backend::LIKE_ESCAPE)),
                );
            }
            if let Some(after) = &page.after {
                query = query.filter(challenges::id.gt(after.clone()));
            }
            let rows: Vec<ChallengeRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let mut items = Vec::with_capacity(rows.len());
            for row in rows {
                let tags = challenge_tags::table
                    .filter(challenge_tags::challenge_id.eq(&row.id))
                    .select(challenge_tags::tag)
                    .load::<String>(conn)?;
                items.push(row.into_challenge(tags.into_iter().collect())?);
            }
            Ok(Page::from_overfetch(items, page.limit, |c: &Challenge| c.id.to_string()))
        })
    }

    /// Edits a challenge whose revision is still `expected_revision`: hub managers any, its sponsor's
    /// officers their draft.
    ///
    /// # Errors
    /// `NotFound` (unseen too), `Forbidden`, `PreconditionFailed` for a stale revision, `Invalid`,
    /// `Conflict` for a taken slug or an officer's challenge no longer a draft.
    pub fn challenge_update(
        &self,
        actor: &Actor,
        id_or_slug: &str,
        expected_revision: i32,
        input: ChallengeInput,
    ) -> Result<Challenge, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = resolve_seen(conn, actor, id_or_slug)?;
            if current.revision != expected_revision {
                return Err(DomainError::PreconditionFailed(
                    "the challenge changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            let content = current.content.edit(input)?;
            current.check_edit(actor, &content)?;
            if content.evaluation != current.content.evaluation
                && crate::reviews::challenge_has_submitted_reviews(conn, &current.id.to_string())?
            {
                return Err(DomainError::conflict(
                    "rubric_frozen",
                    "the evaluation settings are frozen: a review of this challenge's proposals has been submitted",
                )
                .into());
            }
            // A sponsor is checked when named: the open call's (the hub's own organisation, set by the first
            // migration) stays as it is while the rest of the challenge is edited.
            if content.sponsor_id != current.content.sponsor_id {
                check_sponsor(conn, &content)?;
            }
            if content.responsible_id != current.content.responsible_id {
                responsible::check(conn, &content)?;
            }
            check_slug_free(conn, &content.slug, &current.id.to_string())?;
            let current_responsible = current.content.responsible_id;
            let next = Challenge { content, revision: current.revision + 1, updated_at: utc(now), ..current };
            // Conditional on the revision read, so that a concurrent edit with the same If-Match that
            // committed meanwhile (PostgreSQL) is not overwritten.
            let changed = diesel::update(
                challenges::table.find(next.id.to_string()).filter(challenges::revision.eq(expected_revision)),
            )
            .set(ChallengeRow::from_challenge(&next)?)
            .execute(conn)?;
            if changed != 1 {
                return Err(DomainError::PreconditionFailed(
                    "the challenge changed since you read it; read it again".to_owned(),
                )
                .into());
            }
            write_tags(conn, &next.id.to_string(), &next.content.tags)?;
            let mut event = AuditEvent::new(Some(actor.user_id), "challenge.updated", "challenge", next.id);
            if let Some(named) = next.content.responsible_id.filter(|r| Some(*r) != current_responsible) {
                event = event.with("responsible_id", named.to_string());
            }
            audit::append(conn, &self.audit_key, &event, now)?;
            load_challenge(conn, &next.id.to_string())
        })
    }
}
