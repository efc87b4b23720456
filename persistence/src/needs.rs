//! Needs: stated by an administration's officer, read by whoever may see them, listed with how many
//! administrations and people each concerns. Co-signatures and the hub's triage are in `needs/triage.rs`,
//! its administration's edits in `needs/edit.rs`.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::need::{NeedContent, require_officer};
use domain::{Actor, AuditEvent, Cosignature, DomainError, Need, NeedId, NeedState, Page, PageRequest, Pillar, Role};

use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::rows::{parse_stored, utc};
use crate::schema::{need_cosignatures, need_events, needs, organizations, user_roles, users};
use crate::stored::Named;
use crate::{Recipient, Store};

mod edit;
mod triage;

pub(crate) use triage::co_sponsors;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = needs)]
struct NeedRow {
    id: String,
    organization_id: String,
    author_id: String,
    title: String,
    description: String,
    pillars: String,
    tags: String,
    urgency: domain::Urgency,
    population: i64,
    budget_min_eur: Option<i64>,
    budget_max_eur: Option<i64>,
    public: bool,
    state: NeedState,
    merged_into: Option<String>,
    challenge_id: Option<String>,
    closed_reason: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    revision: i32,
}

fn json_set<T: Ord + serde::de::DeserializeOwned>(column: &str, raw: &str) -> Result<BTreeSet<T>, StoreError> {
    serde_json::from_str(raw).map_err(|_| StoreError::Corrupt(format!("`{raw}` in {column}")))
}

impl NeedRow {
    fn into_need(self) -> Result<Need, StoreError> {
        let pillars: BTreeSet<String> = json_set("needs.pillars", &self.pillars)?;
        Ok(Need {
            id: parse_stored("needs.id", &self.id)?,
            organization_id: parse_stored("needs.organization_id", &self.organization_id)?,
            author_id: parse_stored("needs.author_id", &self.author_id)?,
            content: NeedContent {
                title: self.title,
                description: self.description,
                pillars: pillars
                    .iter()
                    .map(|p| parse_stored::<Pillar>("needs.pillars", p))
                    .collect::<Result<_, _>>()?,
                tags: json_set("needs.tags", &self.tags)?,
                urgency: self.urgency,
                population: self.population,
                budget: self.budget_min_eur.zip(self.budget_max_eur),
                public: self.public,
            },
            state: self.state,
            merged_into: self.merged_into.map(|id| parse_stored("needs.merged_into", &id)).transpose()?,
            challenge_id: self.challenge_id.map(|id| parse_stored("needs.challenge_id", &id)).transpose()?,
            closed_reason: self.closed_reason,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            revision: self.revision,
        })
    }
}

/// A need as its page shows it: with its administration's name, its co-signatures and its history.
#[derive(Debug, Clone)]
pub struct NeedView {
    /// The need.
    pub need: Need,
    /// Its administration's name.
    pub organization_name: String,
    /// Who co-signed it, oldest first.
    pub cosignatures: Vec<Cosignature>,
    /// What happened to it, oldest first.
    pub history: Vec<NeedEvent>,
    /// The title of the need it was merged into.
    pub merged_into_title: Option<String>,
    /// The slug and Italian title of the challenge it became, and whether the public sees it yet
    /// (open or closed; a draft is the hub's alone).
    pub challenge: Option<(String, String, bool)>,
}

/// A need in a list: with its administration's name and its reach.
#[derive(Debug, Clone)]
pub struct NeedSummary {
    /// The need.
    pub need: Need,
    /// Its administration's name.
    pub organization_name: String,
    /// How many administrations it concerns (its own and its co-signers).
    pub administrations: usize,
    /// How many people they serve with it.
    pub people: i64,
}

/// One move in a need's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedEvent {
    /// `stated`, `edited`, `cosigned`, `cosignature_withdrawn`, `merged`, `absorbed`, `converted`, `closed`.
    pub action: String,
    /// Who did it (`None` for the hub itself).
    pub actor_id: Option<domain::UserId>,
    /// What it concerned, in words (an administration's name, a reason, a title; the fields an edit
    /// changed, by their API names).
    pub detail: Option<String>,
    /// When.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// What the need list keeps: each filter set narrows it.
#[derive(Debug, Clone, Default)]
pub struct NeedFilter {
    /// Only needs in this state.
    pub state: Option<NeedState>,
    /// Only needs concerning this pillar.
    pub pillar: Option<Pillar>,
    /// Only the needs of this administration.
    pub organization_id: Option<String>,
    /// Words in the title or the description (case folded).
    pub q: Option<String>,
}

pub(crate) fn load_need(conn: &mut DbConnection, id: &str) -> Result<Need, StoreError> {
    needs::table
        .find(id)
        .select(NeedRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("need"))?
        .into_need()
}

/// Loads a need `reader` may see, or not found.
pub(crate) fn load_visible(conn: &mut DbConnection, reader: Option<&Actor>, id: NeedId) -> Result<Need, StoreError> {
    let need = load_need(conn, &id.to_string())?;
    if need.visible_to(reader) { Ok(need) } else { Err(StoreError::not_found("need")) }
}

pub(crate) fn record(
    conn: &mut DbConnection,
    need: &str,
    action: &str,
    actor: Option<domain::UserId>,
    detail: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(need_events::table)
        .values((
            need_events::id.eq(domain::ids::new_id().to_string()),
            need_events::need_id.eq(need),
            need_events::action.eq(action),
            need_events::actor_id.eq(actor.map(|a| a.to_string())),
            need_events::detail.eq(detail),
            need_events::occurred_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A co-signature as stored, with its administration's name.
type CosignatureRow = (String, String, String, Option<String>, Option<i64>, NaiveDateTime);

pub(crate) fn cosignatures(conn: &mut DbConnection, need: &str) -> Result<Vec<Cosignature>, StoreError> {
    let rows: Vec<CosignatureRow> = need_cosignatures::table
        .inner_join(organizations::table)
        .filter(need_cosignatures::need_id.eq(need))
        .order((need_cosignatures::created_at.asc(), need_cosignatures::organization_id.asc()))
        .select((
            need_cosignatures::organization_id,
            organizations::name,
            need_cosignatures::user_id,
            need_cosignatures::note,
            need_cosignatures::population,
            need_cosignatures::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(org, name, user, note, population, at)| {
            Ok(Cosignature {
                organization_id: parse_stored("need_cosignatures.organization_id", &org)?,
                organization_name: name,
                user_id: parse_stored("need_cosignatures.user_id", &user)?,
                note,
                population,
                created_at: utc(at),
            })
        })
        .collect()
}

/// The officers of `organization` as mail recipients.
pub(crate) fn officers(conn: &mut DbConnection, organization: &str) -> Result<Vec<Recipient>, StoreError> {
    let ids: Vec<String> = users::table
        .inner_join(user_roles::table)
        .filter(users::organization_id.eq(organization))
        .filter(user_roles::role.eq(Named(Role::Administration)))
        .select(users::id)
        .order(users::id.asc())
        .load(conn)?;
    ids.iter().map(|id| crate::accounts::recipient(&crate::rows::load_user(conn, id)?)).collect()
}

fn view(conn: &mut DbConnection, need: Need) -> Result<NeedView, StoreError> {
    let id = need.id.to_string();
    let organization_name = load_organization(conn, &need.organization_id.to_string())?.name;
    let cosignatures = cosignatures(conn, &id)?;
    let events: Vec<(String, Option<String>, Option<String>, NaiveDateTime)> = need_events::table
        .filter(need_events::need_id.eq(&id))
        .order(need_events::id.asc())
        .select((need_events::action, need_events::actor_id, need_events::detail, need_events::occurred_at))
        .load(conn)?;
    let history = events
        .into_iter()
        .map(|(action, actor, detail, at)| {
            let actor_id = actor.map(|a| parse_stored("need_events.actor_id", &a)).transpose()?;
            Ok(NeedEvent { action, actor_id, detail, occurred_at: utc(at) })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let merged_into_title = match need.merged_into {
        Some(into) => Some(needs::table.find(into.to_string()).select(needs::title).first(conn)?),
        None => None,
    };
    let challenge = match need.challenge_id {
        Some(c) => {
            let (slug, title, state): (String, String, domain::ChallengeState) = crate::schema::challenges::table
                .find(c.to_string())
                .select((
                    crate::schema::challenges::slug,
                    crate::schema::challenges::title_it,
                    crate::schema::challenges::state,
                ))
                .first(conn)?;
            Some((slug, title, state.is_public()))
        }
        None => None,
    };
    Ok(NeedView { need, organization_name, cosignatures, history, merged_into_title, challenge })
}

fn json(values: impl IntoIterator<Item = String>) -> Result<String, StoreError> {
    serde_json::to_string(&values.into_iter().collect::<Vec<_>>()).map_err(|e| StoreError::internal("needs json", e))
}

impl Store {
    /// States a need for the officer's administration, which an admin must have verified.
    ///
    /// # Errors
    /// `Forbidden` for who is not an officer (or a token without `administration`); `Conflict`
    /// (`administration_unverified`).
    pub fn need_create(&self, actor: &Actor, content: &NeedContent) -> Result<NeedView, StoreError> {
        require_officer(actor)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let org = actor.organization_id.to_string();
            load_organization(conn, &org)?.officers_allowed()?;
            let id = NeedId::new().to_string();
            diesel::insert_into(needs::table)
                .values((
                    needs::id.eq(&id),
                    needs::organization_id.eq(&org),
                    needs::author_id.eq(actor.user_id.to_string()),
                    needs::title.eq(&content.title),
                    needs::description.eq(&content.description),
                    needs::pillars.eq(json(content.pillars.iter().map(|p| p.key().to_owned()))?),
                    needs::tags.eq(json(content.tags.iter().cloned())?),
                    needs::urgency.eq(Named(content.urgency)),
                    needs::population.eq(content.population),
                    needs::budget_min_eur.eq(content.budget.map(|b| b.0)),
                    needs::budget_max_eur.eq(content.budget.map(|b| b.1)),
                    needs::public.eq(content.public),
                    needs::state.eq(Named(NeedState::Open)),
                    needs::created_at.eq(now),
                    needs::updated_at.eq(now),
                ))
                .execute(conn)?;
            record(conn, &id, "stated", Some(actor.user_id), None, now)?;
            let event = AuditEvent::new(Some(actor.user_id), "need.stated", "need", &id)
                .with("organization_id", org)
                .with("public", content.public.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let need = load_need(conn, &id)?;
            view(conn, need)
        })
    }

    /// A need `reader` may see (`None`: an anonymous visitor), with its co-signatures and history.
    ///
    /// # Errors
    /// `NotFound`, also for a need the reader may not see.
    pub fn need_get(&self, reader: Option<&Actor>, id: NeedId) -> Result<NeedView, StoreError> {
        self.db.read(|conn| {
            let need = load_visible(conn, reader, id)?;
            view(conn, need)
        })
    }

    /// The needs `reader` may see, newest first, narrowed by [`NeedFilter`], each with its reach.
    ///
    /// # Errors
    /// When the database fails.
    pub fn needs_list(
        &self,
        reader: Option<&Actor>,
        filter: &NeedFilter,
        page: &PageRequest,
    ) -> Result<Page<NeedSummary>, StoreError> {
        self.db.read(|conn| {
            let mut query = needs::table
                .inner_join(organizations::table)
                .select((NeedRow::as_select(), organizations::name))
                .order(needs::id.desc())
                .into_boxed();
            let sees_all = reader.is_some_and(|a| {
                a.has_role(Role::Administration) || a.has_role(Role::HubManager) || a.has_role(Role::Admin)
            });
            if !sees_all {
                let own = reader.map(|a| a.organization_id.to_string()).unwrap_or_default();
                query = query.filter(needs::public.eq(true).or(needs::organization_id.eq(own)));
            }
            if let Some(state) = filter.state {
                query = query.filter(needs::state.eq(Named(state)));
            }
            if let Some(pillar) = filter.pillar {
                query = query.filter(needs::pillars.like(format!("%\"{}\"%", pillar.key())));
            }
            if let Some(org) = &filter.organization_id {
                query = query.filter(needs::organization_id.eq(org.clone()));
            }
            if let Some(q) = filter.q.as_deref().map(crate::backend::like_pattern) {
                query = query.filter(
                    crate::backend::lower(needs::title)
                        .like(q.clone())
                        .escape(crate::backend::LIKE_ESCAPE)
                        .or(crate::backend::lower(needs::description).like(q).escape(crate::backend::LIKE_ESCAPE)),
                );
            }
            if let Some(after) = &page.after {
                query = query.filter(needs::id.lt(after.clone()));
            }
            let rows: Vec<(NeedRow, String)> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let ids: Vec<String> = rows.iter().map(|(r, _)| r.id.clone()).collect();
            let signed: Vec<(String, Option<i64>)> = need_cosignatures::table
                .filter(need_cosignatures::need_id.eq_any(&ids))
                .select((need_cosignatures::need_id, need_cosignatures::population))
                .load(conn)?;
            let mut items = Vec::with_capacity(rows.len());
            for (row, organization_name) in rows {
                let mine: Vec<&Option<i64>> = signed.iter().filter(|(n, _)| *n == row.id).map(|(_, p)| p).collect();
                let people = mine.iter().filter_map(|p| **p).fold(row.population, i64::saturating_add);
                let administrations = 1 + mine.len();
                items.push(NeedSummary { need: row.into_need()?, organization_name, administrations, people });
            }
            Ok(Page::from_overfetch(items, page.limit, |s: &NeedSummary| s.need.id.to_string()))
        })
    }
}

/// Refuses a reader who may not act on needs at all, before any database work.
pub(crate) fn not_open(need: &Need) -> Result<(), StoreError> {
    need.ensure_open().map_err(StoreError::from)
}

/// The conflict of a co-signature given twice.
pub(crate) fn already_cosigned() -> StoreError {
    DomainError::conflict("already_cosigned", "this administration has already co-signed the need").into()
}
