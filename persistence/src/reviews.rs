//! Assignments and reviews, with the blind rules enforced in the queries: an evaluator reads other
//! reviews of a proposal only after submitting their own; hub managers read everything.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::review::{
    Assignment, AssignmentId, ConflictFacts, ReviewAction, ReviewContent, ReviewState, conflict_of_interest,
};
use domain::{
    Actor, AuditEvent, DomainError, Email, HalfPoints, Locale, MailTemplate, OutgoingMail, Page, PageRequest, Pillar,
    ProposalId, ProposalState, Role, UserId,
};

use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::load_visible;
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, organizations, proposals, user_roles, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignments)]
struct AssignmentRow {
    id: String,
    proposal_id: String,
    proposal_version: i32,
    evaluator_id: String,
    assigned_by: Option<String>,
    due_at: NaiveDateTime,
    state: String,
    conflict_confirmed_at: Option<NaiveDateTime>,
    declined_reason: Option<String>,
    scores: String,
    comments: String,
    overall_comment: Option<String>,
    confidential_comment: Option<String>,
    recommendation: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    reminder_sent_at: Option<NaiveDateTime>,
    revision: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

fn scores_json(content: &ReviewContent) -> Result<String, StoreError> {
    let halves: Vec<Option<i32>> = content.scores.iter().map(|s| s.map(HalfPoints::halves)).collect();
    serde_json::to_string(&halves).map_err(|e| StoreError::internal("assignments.scores", e))
}

fn comments_json(content: &ReviewContent) -> Result<String, StoreError> {
    let comments: BTreeMap<&str, &String> = content.comments.iter().map(|(k, v)| (k.key(), v)).collect();
    serde_json::to_string(&comments).map_err(|e| StoreError::internal("assignments.comments", e))
}

impl AssignmentRow {
    fn into_assignment(self) -> Result<Assignment, StoreError> {
        let halves: Vec<Option<i32>> =
            serde_json::from_str(&self.scores).map_err(|e| StoreError::internal("assignments.scores", e))?;
        let mut scores = [None; 4];
        for (slot, value) in scores.iter_mut().zip(halves) {
            *slot = value
                .map(HalfPoints::from_halves)
                .transpose()
                .map_err(|e| StoreError::internal("assignments.scores", e))?;
        }
        let raw: BTreeMap<String, String> =
            serde_json::from_str(&self.comments).map_err(|e| StoreError::internal("assignments.comments", e))?;
        let comments = raw
            .into_iter()
            .map(|(k, v)| Ok((parse_stored::<Pillar>("assignments.comments", &k)?, v)))
            .collect::<Result<_, StoreError>>()?;
        Ok(Assignment {
            id: parse_stored("assignments.id", &self.id)?,
            proposal_id: parse_stored("assignments.proposal_id", &self.proposal_id)?,
            proposal_version: self.proposal_version,
            evaluator_id: parse_stored("assignments.evaluator_id", &self.evaluator_id)?,
            assigned_by: self.assigned_by.as_deref().map(|a| parse_stored("assignments.assigned_by", a)).transpose()?,
            due_at: utc(self.due_at),
            state: parse_stored::<ReviewState>("assignments.state", &self.state)?,
            conflict_confirmed_at: self.conflict_confirmed_at.map(utc),
            declined_reason: self.declined_reason,
            content: ReviewContent {
                scores,
                comments,
                overall_comment: self.overall_comment,
                confidential_comment: self.confidential_comment,
                recommendation: self
                    .recommendation
                    .as_deref()
                    .map(|r| parse_stored("assignments.recommendation", r))
                    .transpose()?,
            },
            submitted_at: self.submitted_at.map(utc),
            revision: self.revision,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// A review with what its reader may know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewView {
    /// The assignment and review.
    pub assignment: Assignment,
    /// The proposal's title.
    pub proposal_title: String,
    /// The evaluator's name (hub managers and the evaluator themself only).
    pub evaluator_name: Option<String>,
}

fn load_assignment(conn: &mut DbConnection, id: &str) -> Result<Assignment, StoreError> {
    assignments::table
        .find(id)
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("review"))?
        .into_assignment()
}

/// Loads an assignment its evaluator or a hub manager may see.
fn load_own(conn: &mut DbConnection, actor: &Actor, id: AssignmentId) -> Result<Assignment, StoreError> {
    let assignment = load_assignment(conn, &id.to_string())?;
    if assignment.evaluator_id == actor.user_id || actor.has_role(Role::HubManager) {
        Ok(assignment)
    } else {
        Err(StoreError::not_found("review"))
    }
}

fn view(conn: &mut DbConnection, assignment: Assignment, with_name: bool) -> Result<ReviewView, StoreError> {
    let proposal_title: String =
        proposals::table.find(assignment.proposal_id.to_string()).select(proposals::title).first(conn)?;
    let evaluator_name = if with_name {
        users::table.find(assignment.evaluator_id.to_string()).select(users::display_name).first(conn).optional()?
    } else {
        None
    };
    Ok(ReviewView { assignment, proposal_title, evaluator_name })
}

struct Contact {
    email: String,
    name: String,
    locale: String,
}

fn contact(conn: &mut DbConnection, user: &str) -> Result<Contact, StoreError> {
    let (email, name, locale) =
        users::table.find(user).select((users::email, users::display_name, users::locale)).first(conn)?;
    Ok(Contact { email, name, locale })
}

fn review_mail(
    template: MailTemplate,
    to: Contact,
    title: &str,
    due: DateTime<Utc>,
    link: &str,
) -> Option<OutgoingMail> {
    let email = Email::parse(&to.email).ok()?;
    let locale: Locale = to.locale.parse().unwrap_or_default();
    Some(
        OutgoingMail::new(template, locale, email)
            .with("display_name", to.name)
            .with("title", title)
            .with("due", due.format("%Y-%m-%d %H:%M UTC").to_string())
            .with("link", link),
    )
}

/// Inserts an assignment of `evaluator_id` to the current version of `target`, with its audit row and
/// the evaluator's email; in the caller's transaction. Returns its id.
pub(crate) fn insert_assignment(
    conn: &mut DbConnection,
    actor: Option<UserId>,
    target: &domain::Proposal,
    evaluator_id: &str,
    due_at: DateTime<Utc>,
    link: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = AssignmentId::new().to_string();
    let empty = ReviewContent::default();
    let row = AssignmentRow {
        id: id.clone(),
        proposal_id: target.id.to_string(),
        proposal_version: target.version,
        evaluator_id: evaluator_id.to_owned(),
        assigned_by: actor.map(|a| a.to_string()),
        due_at: due_at.naive_utc(),
        state: ReviewState::Assigned.as_str().to_owned(),
        conflict_confirmed_at: None,
        declined_reason: None,
        scores: scores_json(&empty)?,
        comments: comments_json(&empty)?,
        overall_comment: None,
        confidential_comment: None,
        recommendation: None,
        submitted_at: None,
        reminder_sent_at: None,
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(assignments::table).values(&row).execute(conn)?;
    let event = AuditEvent::new(actor, "assignment.created", "proposal", target.id)
        .with("assignment_id", id.clone())
        .with("evaluator_id", evaluator_id);
    audit::append(conn, &event, now)?;
    if let Some(mail) =
        review_mail(MailTemplate::ReviewAssigned, contact(conn, evaluator_id)?, &target.content.title, due_at, link)
    {
        enqueue(conn, &mail, now)?;
    }
    Ok(id)
}

/// The scores of the submitted reviews of one version of a proposal.
pub(crate) fn submitted_scores(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
) -> Result<Vec<domain::scoring::ReviewScores>, StoreError> {
    Ok(submitted(conn, proposal, version)?
        .into_iter()
        .filter_map(|a| {
            a.content
                .complete_scores()
                .map(|scores| domain::scoring::ReviewScores { evaluator: a.evaluator_id, scores })
        })
        .collect())
}

/// The submitted reviews of one version of a proposal, in submission order.
pub(crate) fn submitted(conn: &mut DbConnection, proposal: &str, version: i32) -> Result<Vec<Assignment>, StoreError> {
    let rows: Vec<AssignmentRow> = assignments::table
        .filter(assignments::proposal_id.eq(proposal))
        .filter(assignments::proposal_version.eq(version))
        .filter(assignments::state.eq(ReviewState::Submitted.as_str()))
        .order((assignments::submitted_at.asc(), assignments::id.asc()))
        .select(AssignmentRow::as_select())
        .load(conn)?;
    rows.into_iter().map(AssignmentRow::into_assignment).collect()
}

/// Whether any review of the challenge's proposals is submitted: the rubric is then frozen.
pub(crate) fn challenge_has_submitted_reviews(conn: &mut DbConnection, challenge_id: &str) -> Result<bool, StoreError> {
    let of_challenge = proposals::table.filter(proposals::challenge_id.eq(challenge_id)).select(proposals::id);
    let count: i64 = assignments::table
        .filter(assignments::proposal_id.eq_any(of_challenge))
        .filter(assignments::state.eq(ReviewState::Submitted.as_str()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The evaluator's access to a proposal: `Some(true)` when assigned and cleared of conflicts,
/// `Some(false)` when assigned but not yet cleared, `None` when not assigned.
pub(crate) fn evaluator_access(
    conn: &mut DbConnection,
    evaluator: UserId,
    proposal: &str,
) -> Result<Option<bool>, StoreError> {
    let confirmed: Vec<Option<NaiveDateTime>> = assignments::table
        .filter(assignments::proposal_id.eq(proposal))
        .filter(assignments::evaluator_id.eq(evaluator.to_string()))
        .filter(assignments::state.ne(ReviewState::Declined.as_str()))
        .select(assignments::conflict_confirmed_at)
        .load(conn)?;
    Ok(if confirmed.is_empty() { None } else { Some(confirmed.iter().any(Option::is_some)) })
}

impl Store {
    /// Assigns an evaluator to the current version of a proposal under review (hub managers), with a
    /// due date; emails the evaluator.
    ///
    /// # Errors
    /// `NotFound`; `Conflict` (not under review, a conflict of interest, already assigned);
    /// `Invalid` (not an evaluator, due date in the past).
    pub fn assignment_create(
        &self,
        actor: &Actor,
        proposal: ProposalId,
        evaluator: UserId,
        due_at: DateTime<Utc>,
        link: &str,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let target = load_visible(conn, actor, proposal)?;
            if target.state != ProposalState::UnderReview {
                return Err(DomainError::conflict(
                    "not_under_review",
                    format!("a proposal in state `{}` cannot be assigned", target.state),
                )
                .into());
            }
            if due_at <= utc(now) {
                return Err(DomainError::invalid("due_at", "in_the_past", "must be in the future").into());
            }
            let evaluator_id = evaluator.to_string();
            let is_evaluator: i64 = user_roles::table
                .filter(user_roles::user_id.eq(&evaluator_id))
                .filter(user_roles::role.eq(Role::Evaluator.as_str()))
                .count()
                .get_result(conn)?;
            if is_evaluator == 0 {
                return Err(DomainError::invalid("evaluator_id", "not_an_evaluator", "no evaluator has this id").into());
            }
            let (evaluator_organization, evaluator_tax_code): (String, String) = users::table
                .inner_join(organizations::table)
                .filter(users::id.eq(&evaluator_id))
                .select((organizations::id, organizations::tax_code))
                .first(conn)?;
            let proposal_tax_code: String = organizations::table
                .find(target.organization_id.to_string())
                .select(organizations::tax_code)
                .first(conn)?;
            let mut team: BTreeSet<UserId> = target.team.clone();
            team.insert(target.created_by);
            let facts = ConflictFacts {
                evaluator_organization: parse_stored("organizations.id", &evaluator_organization)?,
                evaluator_tax_code,
                proposal_organization: target.organization_id,
                proposal_tax_code,
                proposal_team: team,
            };
            if let Some(conflict) = conflict_of_interest(evaluator, &facts) {
                return Err(DomainError::conflict("conflict_of_interest", conflict).into());
            }
            let already: i64 = assignments::table
                .filter(assignments::proposal_id.eq(target.id.to_string()))
                .filter(assignments::proposal_version.eq(target.version))
                .filter(assignments::evaluator_id.eq(&evaluator_id))
                .count()
                .get_result(conn)?;
            if already > 0 {
                return Err(DomainError::conflict(
                    "already_assigned",
                    "this evaluator is already assigned to this version",
                )
                .into());
            }
            let id = insert_assignment(conn, Some(actor.user_id), &target, &evaluator_id, due_at, link, now)?;
            let assignment = load_assignment(conn, &id)?;
            view(conn, assignment, true)
        })
    }

    /// The assignments of a proposal (hub managers), with evaluator names.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn assignments_list(&self, actor: &Actor, proposal: ProposalId) -> Result<Vec<ReviewView>, StoreError> {
        self.db.read(|conn| {
            load_visible(conn, actor, proposal)?;
            let rows: Vec<AssignmentRow> = assignments::table
                .filter(assignments::proposal_id.eq(proposal.to_string()))
                .order(assignments::id.asc())
                .select(AssignmentRow::as_select())
                .load(conn)?;
            rows.into_iter().map(|r| view(conn, r.into_assignment()?, true)).collect()
        })
    }

    /// Removes an assignment that has no submitted review (hub managers).
    ///
    /// # Errors
    /// `NotFound`; `Conflict` when its review is submitted.
    pub fn assignment_delete(&self, actor: &Actor, proposal: ProposalId, id: AssignmentId) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            load_visible(conn, actor, proposal)?;
            let assignment = load_assignment(conn, &id.to_string())?;
            if assignment.proposal_id != proposal {
                return Err(StoreError::not_found("assignment"));
            }
            if assignment.state == ReviewState::Submitted {
                return Err(
                    DomainError::conflict("review_submitted", "an assignment with a submitted review stays").into()
                );
            }
            diesel::delete(assignments::table.find(id.to_string())).execute(conn)?;
            let event = AuditEvent::new(Some(actor.user_id), "assignment.removed", "proposal", proposal)
                .with("assignment_id", id.to_string());
            audit::append(conn, &event, now)?;
            Ok(())
        })
    }

    /// The evaluator's queue: their assignments, most recent first.
    ///
    /// # Errors
    /// When the database fails.
    pub fn reviews_queue(
        &self,
        actor: &Actor,
        state: Option<ReviewState>,
        page: &PageRequest,
    ) -> Result<Page<ReviewView>, StoreError> {
        self.db.read(|conn| {
            let mut query = assignments::table
                .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
                .select(AssignmentRow::as_select())
                .order(assignments::id.desc())
                .into_boxed();
            if let Some(state) = state {
                query = query.filter(assignments::state.eq(state.as_str()));
            }
            if let Some(after) = &page.after {
                query = query.filter(assignments::id.lt(after.clone()));
            }
            let rows: Vec<AssignmentRow> = query.limit(i64::from(page.limit) + 1).load(conn)?;
            let items =
                rows.into_iter().map(|r| view(conn, r.into_assignment()?, true)).collect::<Result<Vec<_>, _>>()?;
            Ok(Page::from_overfetch(items, page.limit, |v: &ReviewView| v.assignment.id.to_string()))
        })
    }

    /// A review: its evaluator's, or any for hub managers.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn review_get(&self, actor: &Actor, id: AssignmentId) -> Result<ReviewView, StoreError> {
        self.db.read(|conn| {
            let assignment = load_own(conn, actor, id)?;
            view(conn, assignment, true)
        })
    }

    /// Saves the evaluator's draft (replacing it).
    ///
    /// # Errors
    /// `NotFound`, `Forbidden` before the conflict check, `Conflict` once submitted or declined.
    pub fn review_save(
        &self,
        actor: &Actor,
        id: AssignmentId,
        content: ReviewContent,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_own(conn, actor, id)?;
            let next = current.decide(actor, ReviewAction::SaveDraft, None)?;
            let changed = diesel::update(
                assignments::table.find(id.to_string()).filter(assignments::revision.eq(current.revision)),
            )
            .set((
                assignments::state.eq(next.as_str()),
                assignments::scores.eq(scores_json(&content)?),
                assignments::comments.eq(comments_json(&content)?),
                assignments::overall_comment.eq(&content.overall_comment),
                assignments::confidential_comment.eq(&content.confidential_comment),
                assignments::recommendation.eq(content.recommendation.map(|r| r.as_str())),
                assignments::revision.eq(current.revision + 1),
                assignments::updated_at.eq(now),
            ))
            .execute(conn)?;
            if changed != 1 {
                return Err(
                    DomainError::conflict("concurrent_change", "the review changed meanwhile; read it again").into()
                );
            }
            let assignment = load_assignment(conn, &id.to_string())?;
            view(conn, assignment, true)
        })
    }

    /// Confirms no conflict, declines, or submits. Of concurrent submissions exactly one wins.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict`, `Invalid` (see [`Assignment::decide`]).
    pub fn review_act(
        &self,
        actor: &Actor,
        id: AssignmentId,
        action: ReviewAction,
        reason: Option<&str>,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_own(conn, actor, id)?;
            let next = current.decide(actor, action, reason)?;
            let mine = assignments::table.find(id.to_string()).filter(assignments::revision.eq(current.revision));
            let changed = match action {
                ReviewAction::ConfirmNoConflict => diesel::update(mine)
                    .set((
                        assignments::conflict_confirmed_at.eq(now),
                        assignments::revision.eq(current.revision + 1),
                        assignments::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                ReviewAction::Decline => diesel::update(mine)
                    .set((
                        assignments::state.eq(next.as_str()),
                        assignments::declined_reason.eq(reason.map(str::trim)),
                        assignments::revision.eq(current.revision + 1),
                        assignments::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                ReviewAction::Submit | ReviewAction::SaveDraft => diesel::update(mine)
                    .set((
                        assignments::state.eq(next.as_str()),
                        assignments::submitted_at.eq(now),
                        assignments::revision.eq(current.revision + 1),
                        assignments::updated_at.eq(now),
                    ))
                    .execute(conn)?,
            };
            if changed != 1 {
                return Err(DomainError::conflict(
                    "invalid_transition",
                    "the review changed meanwhile (submitted twice?)",
                )
                .into());
            }
            let event =
                AuditEvent::new(Some(actor.user_id), "review.moved", "assignment", id).with("action", action.as_str());
            audit::append(conn, &event, now)?;
            let assignment = load_assignment(conn, &id.to_string())?;
            view(conn, assignment, true)
        })
    }

    /// The reviews of a proposal, under the blind rules: hub managers read every one with names and
    /// confidential comments; an evaluator reads the submitted ones, anonymised and without confidential
    /// comments, only after submitting their own (except their own, always); anyone else nothing.
    ///
    /// # Errors
    /// `NotFound` when the proposal is not visible; `Forbidden` for an evaluator who has not submitted.
    pub fn proposal_reviews(&self, actor: &Actor, proposal: ProposalId) -> Result<Vec<ReviewView>, StoreError> {
        self.db.read(|conn| {
            load_visible(conn, actor, proposal)?;
            let base = assignments::table
                .filter(assignments::proposal_id.eq(proposal.to_string()))
                .order(assignments::id.asc());
            if actor.has_role(Role::HubManager) {
                let rows: Vec<AssignmentRow> = base.select(AssignmentRow::as_select()).load(conn)?;
                return rows.into_iter().map(|r| view(conn, r.into_assignment()?, true)).collect();
            }
            let mine: i64 = assignments::table
                .filter(assignments::proposal_id.eq(proposal.to_string()))
                .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
                .filter(assignments::state.eq(ReviewState::Submitted.as_str()))
                .count()
                .get_result(conn)?;
            if mine == 0 {
                if evaluator_access(conn, actor.user_id, &proposal.to_string())?.is_some() {
                    return Err(
                        DomainError::Forbidden("submit your own review before reading the others".to_owned()).into()
                    );
                }
                return Err(StoreError::not_found("proposal"));
            }
            let rows: Vec<AssignmentRow> = base
                .filter(assignments::state.eq(ReviewState::Submitted.as_str()))
                .select(AssignmentRow::as_select())
                .load(conn)?;
            rows.into_iter()
                .map(|r| {
                    let mut assignment = r.into_assignment()?;
                    let own = assignment.evaluator_id == actor.user_id;
                    if !own {
                        assignment.content.confidential_comment = None;
                    }
                    view(conn, assignment, own)
                })
                .collect()
        })
    }

    /// Writes the "due soon" reminder of every open review due within `window`, once each.
    /// Returns how many were written.
    ///
    /// # Errors
    /// When the database fails.
    pub fn reviews_remind_due(&self, window: chrono::Duration, link_base: &str) -> Result<usize, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let due: Vec<(String, String, NaiveDateTime, String)> = assignments::table
                .inner_join(proposals::table)
                .filter(assignments::state.eq_any([ReviewState::Assigned.as_str(), ReviewState::InProgress.as_str()]))
                .filter(assignments::reminder_sent_at.is_null())
                .filter(assignments::due_at.gt(now))
                .filter(assignments::due_at.le(now + window))
                .select((assignments::id, assignments::evaluator_id, assignments::due_at, proposals::title))
                .load(conn)?;
            let mut written = 0;
            for (id, evaluator, due_at, title) in due {
                let claimed =
                    diesel::update(assignments::table.find(&id).filter(assignments::reminder_sent_at.is_null()))
                        .set(assignments::reminder_sent_at.eq(now))
                        .execute(conn)?;
                if claimed != 1 {
                    continue;
                }
                let link = format!("{link_base}/reviews/{id}");
                if let Some(mail) =
                    review_mail(MailTemplate::ReviewDueSoon, contact(conn, &evaluator)?, &title, utc(due_at), &link)
                {
                    enqueue(conn, &mail, now)?;
                    written += 1;
                }
            }
            Ok(written)
        })
    }
}

/// One review as the proposer's team reads it: no identity, no confidential comment.
#[derive(Debug, Clone, PartialEq)]
pub struct AnonymousReview {
    /// "Evaluator 1" … "Evaluator n", in submission order.
    pub label: String,
    /// Score per pillar, in pillar order.
    pub scores: [f64; 4],
    /// Comments to the proposer, by pillar.
    pub comments: BTreeMap<Pillar, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
}

/// The decision and the anonymised reviews behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    /// `decide_accept` or `decide_reject`.
    pub decision: String,
    /// The hub's rationale.
    pub rationale: Option<String>,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The version decided on.
    pub version: i32,
    /// The challenge's settings the scores are read against.
    pub settings: domain::EvaluationSettings,
    /// The aggregate of the submitted reviews.
    pub aggregate: Option<domain::scoring::Aggregate>,
    /// The reviews.
    pub reviews: Vec<AnonymousReview>,
}

impl Store {
    /// The feedback on a decided proposal, for its organisation's proposers and hub managers.
    ///
    /// # Errors
    /// `NotFound` for anyone else; `Conflict` (`not_decided`) before the decision.
    pub fn proposal_feedback(&self, actor: &Actor, proposal: ProposalId) -> Result<Feedback, StoreError> {
        self.db.read(|conn| {
            let target = load_visible(conn, actor, proposal)?;
            let own = actor.has_role(Role::Proposer) && actor.organization_id == target.organization_id;
            if !own && !actor.has_role(Role::HubManager) {
                return Err(StoreError::not_found("proposal"));
            }
            let decision: Option<(String, Option<String>, i32, NaiveDateTime)> = crate::schema::proposal_history::table
                .filter(crate::schema::proposal_history::proposal_id.eq(proposal.to_string()))
                .filter(crate::schema::proposal_history::action.eq_any(["decide_accept", "decide_reject"]))
                .order(crate::schema::proposal_history::id.desc())
                .select((
                    crate::schema::proposal_history::action,
                    crate::schema::proposal_history::note,
                    crate::schema::proposal_history::version,
                    crate::schema::proposal_history::occurred_at,
                ))
                .first(conn)
                .optional()?;
            let Some((decision, note, version, decided_at)) = decision else {
                return Err(
                    DomainError::conflict("not_decided", "the feedback is available once the hub has decided").into()
                );
            };
            let challenge = crate::challenges::load_challenge(conn, &target.challenge_id.to_string())?;
            let reviews = submitted(conn, &proposal.to_string(), version)?;
            let scores: Vec<domain::scoring::ReviewScores> = reviews
                .iter()
                .filter_map(|a| {
                    a.content
                        .complete_scores()
                        .map(|scores| domain::scoring::ReviewScores { evaluator: a.evaluator_id, scores })
                })
                .collect();
            let aggregate = domain::scoring::aggregate(&scores, &challenge.content.evaluation);
            // The override reason is for the hub's record; the team reads the rationale.
            let rationale = note.map(|n| n.split("\n\nOverride:").next().unwrap_or_default().trim().to_owned());
            Ok(Feedback {
                decision,
                rationale,
                decided_at: utc(decided_at),
                version,
                settings: challenge.content.evaluation,
                aggregate,
                reviews: reviews
                    .into_iter()
                    .enumerate()
                    .map(|(i, a)| AnonymousReview {
                        label: format!("Evaluator {}", i + 1),
                        scores: a.content.scores.map(|s| s.map_or(0.0, HalfPoints::value)),
                        comments: a.content.comments,
                        overall_comment: a.content.overall_comment,
                    })
                    .collect(),
            })
        })
    }
}

/// A proposal in a challenge's ranking, with its submitted reviews of the current version.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingRow {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization_id: String,
    /// Its state.
    pub state: ProposalState,
    /// Its version.
    pub version: i32,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The submitted reviews of that version.
    pub reviews: Vec<domain::scoring::ReviewScores>,
}

impl Store {
    /// The proposals of a challenge under review or decided, with the scores of their submitted
    /// reviews (hub managers), and the challenge's settings.
    ///
    /// # Errors
    /// `NotFound` for an unknown challenge.
    pub fn challenge_ranking_rows(
        &self,
        actor: &Actor,
        challenge: &str,
    ) -> Result<(domain::Challenge, Vec<RankingRow>), StoreError> {
        self.db.read(|conn| {
            let challenge = crate::challenges::resolve_visible(conn, Some(actor), challenge)?;
            let ranked_states = ["under_review", "accepted", "rejected", "promoted"];
            let rows: Vec<(String, String, String, String, i32, Option<NaiveDateTime>)> = proposals::table
                .filter(proposals::challenge_id.eq(challenge.id.to_string()))
                .filter(proposals::state.eq_any(ranked_states))
                .order(proposals::id.asc())
                .select((
                    proposals::id,
                    proposals::title,
                    proposals::organization_id,
                    proposals::state,
                    proposals::version,
                    proposals::submitted_at,
                ))
                .load(conn)?;
            let of_challenge =
                proposals::table.filter(proposals::challenge_id.eq(challenge.id.to_string())).select(proposals::id);
            let reviews: Vec<(String, i32, String, String)> = assignments::table
                .filter(assignments::proposal_id.eq_any(of_challenge))
                .filter(assignments::state.eq(ReviewState::Submitted.as_str()))
                .select((
                    assignments::proposal_id,
                    assignments::proposal_version,
                    assignments::evaluator_id,
                    assignments::scores,
                ))
                .load(conn)?;
            let mut by_proposal: BTreeMap<(String, i32), Vec<domain::scoring::ReviewScores>> = BTreeMap::new();
            for (proposal, version, evaluator, scores) in reviews {
                let halves: Vec<Option<i32>> =
                    serde_json::from_str(&scores).map_err(|e| StoreError::internal("assignments.scores", e))?;
                let parsed: Option<Vec<HalfPoints>> =
                    halves.into_iter().map(|h| h.and_then(|h| HalfPoints::from_halves(h).ok())).collect();
                let Some([a, b, c, d]) = parsed.and_then(|p| <[HalfPoints; 4]>::try_from(p).ok()) else { continue };
                by_proposal.entry((proposal, version)).or_default().push(domain::scoring::ReviewScores {
                    evaluator: parse_stored("assignments.evaluator_id", &evaluator)?,
                    scores: [a, b, c, d],
                });
            }
            let rows = rows
                .into_iter()
                .map(|(id, title, organization_id, state, version, submitted_at)| {
                    let reviews = by_proposal.remove(&(id.clone(), version)).unwrap_or_default();
                    Ok(RankingRow {
                        proposal_id: parse_stored("proposals.id", &id)?,
                        title,
                        organization_id,
                        state: parse_stored("proposals.state", &state)?,
                        version,
                        submitted_at: submitted_at.map(utc),
                        reviews,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok((challenge, rows))
        })
    }
}
