//! Assignments: hub managers assign evaluators to the current version of a proposal under review
//! (separation of duties first), list and remove them; open assignments close when the proposal
//! leaves review at their version.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::duties::{Duty, check_assignee};
use domain::review::{Assignment, AssignmentId, ClosingReason, ReviewContent, ReviewState};
use domain::{Actor, AuditEvent, DomainError, OutgoingMail, Proposal, ProposalId, ProposalState, Role, UserId, mails};

use crate::Store;
use crate::audit::{self, AuditKey};
use crate::blind::ReviewFilter;
use crate::db::DbConnection;
use crate::duties::{authorize_duty, parties, person};
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::load_visible;
use crate::reviews::{
    AssignmentRow, ReviewView, addressed, comments_json, contact, load_assignment, proposal_rows, score_columns, view,
};
use crate::rows::utc;
use crate::schema::{assignments, user_roles};
use crate::stored::{Named, named};

/// Inserts an assignment of `evaluator_id` to the current version of `target`, with its audit row and
/// the evaluator's email, which links the review's own page under `link` (the evaluators' queue,
/// `…/reviews`); in the caller's transaction. Returns its id.
#[expect(clippy::too_many_arguments, reason = "the facts of one assignment")]
pub(crate) fn insert_assignment(
    conn: &mut DbConnection,
    key: &AuditKey,
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
        state: ReviewState::Assigned,
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
        cancelled_reason: None,
    };
    diesel::insert_into(assignments::table).values(row).execute(conn)?;
    let event = AuditEvent::new(actor, "assignment.created", "proposal", target.id)
        .with("assignment_id", id.clone())
        .with("evaluator_id", evaluator_id);
    audit::append(conn, key, &event, now)?;
    let to = contact(conn, evaluator_id)?;
    if let Some((email, locale)) = addressed(&to) {
        let title = target.content.title.clone();
        let link = format!("{}/{id}", link.trim_end_matches('/'));
        let content = mails::ReviewAssigned { display_name: to.name, title, due: due_at, link };
        enqueue(conn, &OutgoingMail::new(email, locale, content), now)?;
    }
    Ok(id)
}

/// Closes the open assignments of `proposal` (any version) for `reason`, in the caller's transaction:
/// each becomes `cancelled` with its reason, an audit row and an email to its evaluator, linking to
/// the review's own page (the evaluator may not read the proposal: one who had not yet confirmed
/// having no conflict never could). `link` is the proposal's page; the hub's address is its part
/// before `/proposals/`. Returns how many closed.
pub(crate) fn close_open(
    conn: &mut DbConnection,
    key: &AuditKey,
    actor: Option<UserId>,
    proposal: &Proposal,
    reason: ClosingReason,
    link: &str,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    let open: Vec<(String, String)> = assignments::table
        .filter(assignments::proposal_id.eq(proposal.id.to_string()))
        .filter(assignments::state.eq_any(named([ReviewState::Assigned, ReviewState::InProgress])))
        .order(assignments::id.asc())
        .select((assignments::id, assignments::evaluator_id))
        .load(conn)?;
    let base = link.find("/proposals/").map_or(link, |at| &link[..at]);
    for (id, evaluator) in &open {
        diesel::update(assignments::table.find(id))
            .set((
                assignments::state.eq(Named(ReviewState::Cancelled)),
                assignments::cancelled_reason.eq(reason.as_str()),
                assignments::revision.eq(assignments::revision + 1),
                assignments::updated_at.eq(now),
            ))
            .execute(conn)?;
        let event = AuditEvent::new(actor, "assignment.cancelled", "proposal", proposal.id)
            .with("assignment_id", id.clone())
            .with("evaluator_id", evaluator.clone())
            .with("reason", reason.as_str());
        audit::append(conn, key, &event, now)?;
        let to = contact(conn, evaluator)?;
        if let Some((email, locale)) = addressed(&to) {
            let title = proposal.content.title.clone();
            let link = format!("{base}/reviews/{id}");
            let content = mails::ReviewCancelled { display_name: to.name, title, reason, link };
            enqueue(conn, &OutgoingMail::new(email, locale, content), now)?;
        }
    }
    Ok(open.len())
}

impl Store {
    /// Assigns an evaluator to the current version of a proposal under review (hub managers), with a
    /// due date; emails the evaluator.
    ///
    /// # Errors
    /// `NotFound`; `Forbidden` (separation of duties: the actor is on the proposal's side, or assigns
    /// themself); `Conflict` (not under review, a conflict of interest, already assigned); `Invalid`
    /// (not an evaluator, due date in the past).
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
            // A decision in flight finishes first: no review opens on a proposal it is closing.
            crate::locks::proposal(conn, &proposal.to_string(), crate::locks::Hold::Share)?;
            let target = load_visible(conn, actor, proposal)?;
            authorize_duty(conn, actor, Duty::Assign, &target)?;
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
                .filter(user_roles::role.eq(Named(Role::Evaluator)))
                .count()
                .get_result(conn)?;
            if is_evaluator == 0 {
                return Err(DomainError::invalid("evaluator_id", "not_an_evaluator", "no evaluator has this id").into());
            }
            let candidate = person(conn, evaluator)?;
            check_assignee(actor.user_id, &candidate, &parties(conn, &target)?)?;
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

    /// The assignments of a proposal (hub managers), with evaluator names; the content of reviews the
    /// reader may not read (the blind rule) is left out.
    ///
    /// # Errors
    /// `NotFound`.
    pub fn assignments_list(&self, actor: &Actor, proposal: ProposalId) -> Result<Vec<ReviewView>, StoreError> {
        self.db.read(|conn| {
            let target = load_visible(conn, actor, proposal)?;
            let filter = ReviewFilter::load(conn, actor, &target)?;
            let rows = proposal_rows(conn, proposal)?;
            rows.into_iter()
                .map(|r| {
                    let assignment = r.into_assignment()?;
                    // A review the reader may not read is listed without its content.
                    let shown = match filter.reveal(assignment.clone()) {
                        Some(revealed) => revealed.review,
                        None => Assignment { content: ReviewContent::default(), ..assignment },
                    };
                    view(conn, shown, true)
                })
                .collect()
        })
    }

    /// Removes an assignment that has no submitted review (hub managers).
    ///
    /// # Errors
    /// `NotFound`; `Conflict` when its review is submitted.
    pub fn assignment_delete(&self, actor: &Actor, proposal: ProposalId, id: AssignmentId) -> Result<(), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            // After a submission in flight: the removal reads the review's state as it commits.
            crate::locks::proposal(conn, &proposal.to_string(), crate::locks::Hold::Share)?;
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
            let unsubmitted = assignments::state.ne(crate::stored::Named(ReviewState::Submitted));
            if diesel::delete(assignments::table.find(id.to_string()).filter(unsubmitted)).execute(conn)? != 1 {
                return Err(
                    DomainError::conflict("review_submitted", "an assignment with a submitted review stays").into()
                );
            }
            let event = AuditEvent::new(Some(actor.user_id), "assignment.removed", "proposal", proposal)
                .with("assignment_id", id.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            Ok(())
        })
    }
}
