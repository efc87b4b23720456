//! What the hub managers' workspace reads besides the API's own records: the evaluators a proposal may
//! be given (expertise, open reviews, any conflict — the rule assignment itself applies), what a
//! decision would rest on, the funnel's counts per challenge, the reviews overdue, and people's names.
//! Hub managers only; the proposal's visibility and separation of duties as everywhere else.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::duties::{Conflict, assignee_conflict};
use domain::review::ReviewState;
use domain::scoring::Aggregate;
use domain::{Actor, DomainError, EvaluationSettings, ProposalId, ProposalState, Role, UserId};

use crate::Store;
use crate::db::DbConnection;
use crate::duties::parties;
use crate::error::StoreError;
use crate::proposals::load_visible;
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, organizations, proposals, user_roles, users};
use crate::stored::{Named, named};

/// An evaluator in the hub managers' directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluatorEntry {
    /// The user.
    pub id: UserId,
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organization: String,
    /// Their declared expertise.
    pub expertise: Vec<String>,
    /// Reviews assigned to them and not yet submitted, across the hub.
    pub open_reviews: i64,
}

/// An evaluator as the assignment picker shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The user.
    pub id: UserId,
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organization: String,
    /// Their declared expertise.
    pub expertise: Vec<String>,
    /// Reviews assigned to them and not yet submitted, across the hub.
    pub open_reviews: i64,
    /// Why they may not be given this proposal, if anything keeps them apart.
    pub conflict: Option<Conflict>,
    /// Whether they already hold this version.
    pub assigned: bool,
}

/// What accepting a proposal would rest on now.
#[derive(Debug, Clone)]
pub struct DecisionBasis {
    /// Reviews against the minimum, thresholds passed (the rule the decision applies).
    pub check: domain::proposal::AcceptanceCheck,
    /// The scores' aggregate, once a review is scored.
    pub aggregate: Option<Aggregate>,
    /// The challenge's weights and thresholds.
    pub settings: EvaluationSettings,
    /// Whether the challenge asks its administrations for opinions.
    pub opinions_asked: bool,
    /// The opinions its administrations gave, oldest first.
    pub opinions: Vec<domain::challenge::SponsorOpinion>,
}

/// How many proposals of a challenge are in a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelCount {
    /// The challenge.
    pub challenge_id: String,
    /// The state.
    pub state: ProposalState,
    /// How many.
    pub count: i64,
}

/// A review past its due date and not submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueReview {
    /// The proposal.
    pub proposal_id: String,
    /// Its title.
    pub title: String,
    /// The evaluator's name.
    pub evaluator: String,
    /// When it was due.
    pub due_at: DateTime<Utc>,
}

fn require_manager(actor: &Actor) -> Result<(), StoreError> {
    if actor.has_role(Role::HubManager) {
        Ok(())
    } else {
        Err(DomainError::Forbidden("requires role `hub_manager`".to_owned()).into())
    }
}

/// Open reviews (assigned or in progress) per evaluator, across the hub.
fn open_load(conn: &mut DbConnection) -> Result<BTreeMap<String, i64>, StoreError> {
    let rows: Vec<(String, i64)> = assignments::table
        .filter(assignments::state.eq_any(named([ReviewState::Assigned, ReviewState::InProgress])))
        .group_by(assignments::evaluator_id)
        .select((assignments::evaluator_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

impl Store {
    /// Every evaluator, for assigning proposal `id`: name, organisation, expertise, open reviews, and
    /// the conflict (or self-assignment) that keeps one off it — the same rule `assignment_create`
    /// applies. Fewest open reviews first, then by name.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers; `NotFound`.
    pub fn assignment_candidates(&self, actor: &Actor, id: ProposalId) -> Result<Vec<Candidate>, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            let sides = parties(conn, &proposal)?;
            let load = open_load(conn)?;
            let held: Vec<String> = assignments::table
                .filter(assignments::proposal_id.eq(id.to_string()))
                .filter(assignments::proposal_version.eq(proposal.version))
                .select(assignments::evaluator_id)
                .load(conn)?;
            let rows: Vec<(String, String, String, String, String, String)> = users::table
                .inner_join(organizations::table)
                .filter(users::id.eq_any(
                    user_roles::table.filter(user_roles::role.eq(Named(Role::Evaluator))).select(user_roles::user_id),
                ))
                .select((
                    users::id,
                    users::display_name,
                    users::expertise,
                    organizations::id,
                    organizations::name,
                    organizations::tax_code,
                ))
                .load(conn)?;
            let mut candidates = rows
                .into_iter()
                .map(|(user, name, expertise, organization_id, organization, tax_code)| {
                    let person = domain::duties::Person {
                        id: parse_stored("users.id", &user)?,
                        organization: parse_stored("organizations.id", &organization_id)?,
                        tax_code,
                    };
                    Ok(Candidate {
                        conflict: assignee_conflict(actor.user_id, &person, &sides),
                        id: person.id,
                        name,
                        organization,
                        expertise: serde_json::from_str(&expertise)
                            .map_err(|e| StoreError::internal("users.expertise", e))?,
                        open_reviews: load.get(&user).copied().unwrap_or(0),
                        assigned: held.contains(&user),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            candidates.sort_by(|a, b| a.open_reviews.cmp(&b.open_reviews).then_with(|| a.name.cmp(&b.name)));
            Ok(candidates)
        })
    }

    /// What accepting proposal `id` would rest on now: the rule `proposal_decide` applies.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers; `NotFound`.
    pub fn decision_basis(&self, actor: &Actor, id: ProposalId) -> Result<DecisionBasis, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            let proposal = load_visible(conn, actor, id)?;
            let challenge = crate::challenges::load_challenge(conn, &proposal.challenge_id.to_string())?;
            let (check, aggregate) = crate::moves::acceptance_check(conn, &proposal, &challenge)?;
            let opinions = crate::challenges::opinions_of(conn, &id.to_string())?;
            Ok(DecisionBasis {
                check,
                aggregate,
                settings: challenge.content.evaluation,
                opinions_asked: challenge.content.sponsor_opinions,
                opinions,
            })
        })
    }

    /// How many proposals each challenge has in each state (drafts left out: they are their
    /// organisation's until submitted).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn funnel_counts(&self, actor: &Actor) -> Result<Vec<FunnelCount>, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            let rows: Vec<(String, ProposalState, i64)> = proposals::table
                .filter(proposals::state.ne(Named(ProposalState::Draft)))
                .group_by((proposals::challenge_id, proposals::state))
                .select((proposals::challenge_id, proposals::state, diesel::dsl::count_star()))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(challenge_id, state, count)| FunnelCount { challenge_id, state, count })
                .collect())
        })
    }

    /// The reviews past their due date and not yet submitted, most overdue first.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn reviews_overdue(&self, actor: &Actor) -> Result<Vec<OverdueReview>, StoreError> {
        require_manager(actor)?;
        let now = self.db.now();
        self.db.read(|conn| {
            let rows: Vec<(String, String, String, chrono::NaiveDateTime)> = assignments::table
                .inner_join(proposals::table)
                .inner_join(users::table.on(users::id.eq(assignments::evaluator_id)))
                .filter(assignments::state.eq_any(named([ReviewState::Assigned, ReviewState::InProgress])))
                .filter(assignments::due_at.lt(now))
                .order((assignments::due_at.asc(), assignments::id.asc()))
                .select((proposals::id, proposals::title, users::display_name, assignments::due_at))
                .load(conn)?;
            Ok(rows
                .into_iter()
                .map(|(proposal_id, title, evaluator, due)| OverdueReview {
                    proposal_id,
                    title,
                    evaluator,
                    due_at: utc(due),
                })
                .collect())
        })
    }

    /// The names of `ids` (hub managers: the team of a proposal of another organisation; admins: the
    /// actors of the audit log).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers and admins.
    pub fn people_named(&self, actor: &Actor, ids: &[UserId]) -> Result<Vec<(UserId, String)>, StoreError> {
        if !actor.has_role(Role::Admin) {
            require_manager(actor)?;
        }
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        self.db.read(|conn| {
            let rows: Vec<(String, String)> =
                users::table.filter(users::id.eq_any(&ids)).select((users::id, users::display_name)).load(conn)?;
            rows.into_iter().map(|(id, name)| Ok((parse_stored("users.id", &id)?, name))).collect()
        })
    }

    /// The names of organisations `ids` (hub managers: the organisation of each proposal listed;
    /// admins: each user's).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers and admins.
    pub fn organizations_named(&self, actor: &Actor, ids: &[String]) -> Result<BTreeMap<String, String>, StoreError> {
        if !actor.has_role(Role::Admin) {
            require_manager(actor)?;
        }
        self.db.read(|conn| {
            let rows: Vec<(String, String)> = organizations::table
                .filter(organizations::id.eq_any(ids))
                .select((organizations::id, organizations::name))
                .load(conn)?;
            Ok(rows.into_iter().collect())
        })
    }

    /// Every evaluator with the reviews they have open (assigned or in progress), most first.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn evaluators_load(&self, actor: &Actor) -> Result<Vec<(String, i64)>, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            let load = open_load(conn)?;
            let rows: Vec<(String, String)> = users::table
                .filter(users::id.eq_any(
                    user_roles::table.filter(user_roles::role.eq(Named(Role::Evaluator))).select(user_roles::user_id),
                ))
                .select((users::id, users::display_name))
                .load(conn)?;
            let mut named: Vec<(String, i64)> =
                rows.into_iter().map(|(id, name)| (name, load.get(&id).copied().unwrap_or(0))).collect();
            named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Ok(named)
        })
    }

    /// The public administrations that may sponsor a challenge (the verified ones), by name: (id, name).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn sponsors(&self, actor: &Actor) -> Result<Vec<(String, String)>, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            Ok(organizations::table
                .filter(organizations::kind.eq(Named(domain::OrganizationKind::PublicAdministration)))
                .filter(organizations::verified_at.is_not_null())
                .order((organizations::name.asc(), organizations::id.asc()))
                .select((organizations::id, organizations::name))
                .load(conn)?)
        })
    }

    /// Whether challenge `id`'s evaluation settings are frozen: a review of its proposals is submitted.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn rubric_frozen(&self, actor: &Actor, id: &str) -> Result<bool, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| crate::reviews::challenge_has_submitted_reviews(conn, id))
    }

    /// The evaluators' directory (hub managers): each evaluator's name, organisation, expertise and
    /// open reviews, by name; `q` keeps those whose name contains its words, `expertise` those who
    /// declare that tag.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn evaluators_directory(
        &self,
        actor: &Actor,
        q: Option<&str>,
        expertise: Option<&str>,
    ) -> Result<Vec<EvaluatorEntry>, StoreError> {
        require_manager(actor)?;
        self.db.read(|conn| {
            let load = open_load(conn)?;
            let mut query = users::table
                .inner_join(organizations::table)
                .filter(users::id.eq_any(
                    user_roles::table.filter(user_roles::role.eq(Named(Role::Evaluator))).select(user_roles::user_id),
                ))
                .select((users::id, users::display_name, organizations::name, users::expertise))
                .order((users::display_name.asc(), users::id.asc()))
                .into_boxed();
            if let Some(q) = q.map(crate::backend::like_pattern) {
                query = query
                    .filter(crate::backend::lower(users::display_name).like(q).escape(crate::backend::LIKE_ESCAPE));
            }
            if let Some(tag) = expertise {
                let tag = format!("\"{}\"", tag.trim().to_lowercase());
                query = query.filter(
                    users::expertise.like(crate::backend::like_pattern(&tag)).escape(crate::backend::LIKE_ESCAPE),
                );
            }
            let rows: Vec<(String, String, String, String)> = query.limit(500).load(conn)?;
            rows.into_iter()
                .map(|(id, name, organization, expertise)| {
                    Ok(EvaluatorEntry {
                        open_reviews: load.get(&id).copied().unwrap_or(0),
                        id: parse_stored("users.id", &id)?,
                        name,
                        organization,
                        expertise: serde_json::from_str(&expertise)
                            .map_err(|e| StoreError::internal("users.expertise", e))?,
                    })
                })
                .collect()
        })
    }
}
