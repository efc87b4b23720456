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
    comments: String,
    overall_comment: Option<String>,
    confidential_comment: Option<String>,
    recommendation: Option<String>,
    submitted_at: Option<NaiveDateTime>,
    reminder_sent_at: Option<NaiveDateTime>,
    revision: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    score_security_sovereignty: Option<i32>,
    score_growth_development: Option<i32>,
    score_talent_skills: Option<i32>,
    score_effectiveness_sustainability: Option<i32>,
}

/// A review's scores as stored: half points per pillar, in pillar order.
fn score_columns(content: &ReviewContent) -> [Option<i32>; 4] {
    content.scores.map(|s| s.map(HalfPoints::halves))
}

fn comments_json(content: &ReviewContent) -> Result<String, StoreError> {
    let comments: BTreeMap<&str, &String> = content.comments.iter().map(|(k, v)| (k.key(), v)).collect();
    serde_json::to_string(&comments).map_err(|e| StoreError::internal("assignments.comments", e))
}

impl AssignmentRow {
    fn into_assignment(self) -> Result<Assignment, StoreError> {
        let halves = [
            self.score_security_sovereignty,
            self.score_growth_development,
            self.score_talent_skills,
            self.score_effectiveness_sustainability,
        ];
        let mut scores = [None; 4];
        for (slot, value) in scores.iter_mut().zip(halves) {
            *slot = value
                .map(HalfPoints::from_halves)
                .transpose()
                .map_err(|e| StoreError::internal("assignments.score_*", e))?;
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

/// Loads an assignment for its evaluator to work on. A hub manager reads every review but writes none:
/// for them it exists, so the answer is 403, not 404.
fn load_to_work_on(conn: &mut DbConnection, actor: &Actor, id: AssignmentId) -> Result<Assignment, StoreError> {
    let assignment = load_own(conn, actor, id)?;
    if assignment.evaluator_id != actor.user_id {
        return Err(DomainError::Forbidden("only the assigned evaluator works on a review".to_owned()).into());
    }
    Ok(assignment)
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
#[expect(clippy::too_many_arguments, reason = "the facts of one assignment, and the audit key that records it")]
pub(crate) fn insert_assignment(
    conn: &mut DbConnection,
    key: &audit::AuditKey,
    actor: Option<UserId>,
    target: &domain::Proposal,
    evaluator_id: &str,
    due_at: DateTime<Utc>,
    link: &str,
    now: NaiveDateTime,
) -> Result<String, StoreError> {
    let id = AssignmentId::new().to_string();
    let empty = ReviewContent::default();
    let [security, growth, talent, effectiveness] = score_columns(&empty);
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
        comments: comments_json(&empty)?,
        overall_comment: None,
        confidential_comment: None,
        recommendation: None,
        submitted_at: None,
        reminder_sent_at: None,
        revision: 1,
        created_at: now,
        updated_at: now,
        score_security_sovereignty: security,
        score_growth_development: growth,
        score_talent_skills: talent,
        score_effectiveness_sustainability: effectiveness,
    };
    diesel::insert_into(assignments::table).values(&row).execute(conn)?;
    let event = AuditEvent::new(actor, "assignment.created", "proposal", target.id)
        .with("assignment_id", id.clone())
        .with("evaluator_id", evaluator_id);
    audit::append(conn, key, &event, now)?;
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
            let id = insert_assignment(
                conn,
                &self.audit_key,
                Some(actor.user_id),
                &target,
                &evaluator_id,
                due_at,
                link,
                now,
            )?;
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
            audit::append(conn, &self.audit_key, &event, now)?;
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
    /// `NotFound`; `Forbidden` for a hub manager or before the conflict check; `Conflict` once submitted or
    /// declined.
    pub fn review_save(
        &self,
        actor: &Actor,
        id: AssignmentId,
        content: ReviewContent,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_to_work_on(conn, actor, id)?;
            let next = current.decide(actor, ReviewAction::SaveDraft, None)?;
            let [security, growth, talent, effectiveness] = score_columns(&content);
            let changed = diesel::update(
                assignments::table.find(id.to_string()).filter(assignments::revision.eq(current.revision)),
            )
            .set((
                assignments::state.eq(next.as_str()),
                assignments::score_security_sovereignty.eq(security),
                assignments::score_growth_development.eq(growth),
                assignments::score_talent_skills.eq(talent),
                assignments::score_effectiveness_sustainability.eq(effectiveness),
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
    /// `NotFound`; `Forbidden` for a hub manager (who reads reviews, never writes them); `Forbidden`,
    /// `Conflict`, `Invalid` (see [`Assignment::decide`]).
    pub fn review_act(
        &self,
        actor: &Actor,
        id: AssignmentId,
        action: ReviewAction,
        reason: Option<&str>,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let current = load_to_work_on(conn, actor, id)?;
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
            audit::append(conn, &self.audit_key, &event, now)?;
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
        self.db.write_untracked(|conn| {
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

/// A proposal in a challenge's ranking, with the sums of its submitted reviews of the current version.
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
    /// The sums of the submitted reviews of that version.
    pub sums: domain::scoring::ScoreSums,
}

/// A challenge's ranking input: its proposals with their sums, and each evaluator's total.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingInput {
    /// The challenge (its settings weigh the scores).
    pub challenge: domain::Challenge,
    /// Its proposals under review or decided, by id.
    pub rows: Vec<RankingRow>,
    /// Σ of each evaluator's submitted scores in the challenge, in half points.
    pub totals: BTreeMap<UserId, i64>,
}

/// The states whose proposals are ranked.
const RANKED: &str = "'under_review', 'accepted', 'rejected', 'promoted'";

/// The join from a proposal to its complete submitted reviews of the current version.
const SUBMITTED: &str = "a.proposal_id = p.id AND a.proposal_version = p.version AND a.state = 'submitted' \
    AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL \
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL";

/// One proposal with the aggregates of its submitted reviews, grouped in SQL.
#[derive(QueryableByName)]
struct SumsRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    title: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    organization_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    state: String,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    version: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    submitted_at: Option<NaiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    reviews: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_1: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_2: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_3: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    sum_4: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_1: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_2: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_3: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    min_4: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_1: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_2: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_3: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    max_4: Option<i32>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    evaluators: Option<String>,
}

/// One evaluator's total over their submitted reviews in a challenge.
#[derive(QueryableByName)]
struct TotalRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    evaluator_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    total: i64,
}

impl SumsRow {
    fn into_row(self) -> Result<RankingRow, StoreError> {
        let evaluators = self
            .evaluators
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|e| !e.is_empty())
            .map(|e| parse_stored("assignments.evaluator_id", e))
            .collect::<Result<Vec<UserId>, StoreError>>()?;
        let some = |v: [Option<i32>; 4]| v.map(|x| x.unwrap_or(0));
        Ok(RankingRow {
            proposal_id: parse_stored("proposals.id", &self.id)?,
            title: self.title,
            organization_id: self.organization_id,
            state: parse_stored("proposals.state", &self.state)?,
            version: self.version,
            submitted_at: self.submitted_at.map(utc),
            sums: domain::scoring::ScoreSums {
                reviews: u32::try_from(self.reviews).map_err(|e| StoreError::internal("ranking count", e))?,
                sum: [self.sum_1, self.sum_2, self.sum_3, self.sum_4].map(|x| x.unwrap_or(0)),
                min: some([self.min_1, self.min_2, self.min_3, self.min_4]),
                max: some([self.max_1, self.max_2, self.max_3, self.max_4]),
                evaluators,
            },
        })
    }
}

impl Store {
    /// A challenge's proposals under review or decided with the sums of their submitted reviews, and
    /// each evaluator's total, all grouped in SQL (hub managers): two aggregate queries, whatever the
    /// number of reviews.
    ///
    /// # Errors
    /// `NotFound` for an unknown challenge.
    pub fn challenge_ranking_input(&self, actor: &Actor, challenge: &str) -> Result<RankingInput, StoreError> {
        use diesel::sql_types::Text;
        self.db.snapshot(|conn| {
            let challenge = crate::challenges::resolve_visible(conn, Some(actor), challenge)?;
            let id = challenge.id.to_string();
            // Grouped by the primary key alone: the other proposal columns depend on it (PostgreSQL
            // accepts them, SQLite takes them from the group's row) and the scan in key order needs no sort.
            let per_proposal = format!(
                "SELECT p.id, p.title, p.organization_id, p.state, p.version, p.submitted_at, COUNT(a.id) AS reviews, \
                 SUM(a.score_security_sovereignty) AS sum_1, SUM(a.score_growth_development) AS sum_2, \
                 SUM(a.score_talent_skills) AS sum_3, SUM(a.score_effectiveness_sustainability) AS sum_4, \
                 MIN(a.score_security_sovereignty) AS min_1, MIN(a.score_growth_development) AS min_2, \
                 MIN(a.score_talent_skills) AS min_3, MIN(a.score_effectiveness_sustainability) AS min_4, \
                 MAX(a.score_security_sovereignty) AS max_1, MAX(a.score_growth_development) AS max_2, \
                 MAX(a.score_talent_skills) AS max_3, MAX(a.score_effectiveness_sustainability) AS max_4, \
                 string_agg(a.evaluator_id, ',') AS evaluators \
                 FROM proposals p LEFT JOIN assignments a ON {SUBMITTED} \
                 WHERE p.challenge_id = $1 AND p.state IN ({RANKED}) \
                 GROUP BY p.id ORDER BY p.id"
            );
            let rows = diesel::sql_query(per_proposal)
                .bind::<Text, _>(&id)
                .load::<SumsRow>(conn)?
                .into_iter()
                .map(SumsRow::into_row)
                .collect::<Result<Vec<_>, StoreError>>()?;
            let per_evaluator = format!(
                "SELECT a.evaluator_id, SUM(a.score_security_sovereignty + a.score_growth_development \
                 + a.score_talent_skills + a.score_effectiveness_sustainability) AS total \
                 FROM proposals p JOIN assignments a ON {SUBMITTED} \
                 WHERE p.challenge_id = $1 AND p.state IN ({RANKED}) GROUP BY a.evaluator_id"
            );
            let totals = diesel::sql_query(per_evaluator)
                .bind::<Text, _>(&id)
                .load::<TotalRow>(conn)?
                .into_iter()
                .map(|t| Ok((parse_stored("assignments.evaluator_id", &t.evaluator_id)?, t.total)))
                .collect::<Result<BTreeMap<_, _>, StoreError>>()?;
            Ok(RankingInput { challenge, rows, totals })
        })
    }
}
