//! Reviews: the evaluator's queue, drafting, confirming, declining and submitting, and reading them
//! under the blind rule (every read goes through [`crate::blind::ReviewFilter`]); open reviews close
//! when their proposal leaves review at their version.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::Note;
use domain::blind::Revealed;
use domain::duties::Duty;
use domain::review::{Assignment, AssignmentId, Recommendation, ReviewAction, ReviewContent, ReviewState};
use domain::{
    Actor, AuditEvent, DomainError, Email, HalfPoints, Locale, OutgoingMail, Page, PageRequest, Pillar, Proposal,
    ProposalId, Role, mails,
};

use crate::Store;
use crate::audit;
use crate::blind::ReviewFilter;
use crate::db::DbConnection;
use crate::duties::authorize_duty;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::{load_proposal, load_visible};
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, proposals, users};
use crate::stored::{Named, named};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignments)]
pub(crate) struct AssignmentRow {
    pub(crate) id: String,
    pub(crate) proposal_id: String,
    pub(crate) proposal_version: i32,
    pub(crate) evaluator_id: String,
    pub(crate) assigned_by: Option<String>,
    pub(crate) due_at: NaiveDateTime,
    #[diesel(serialize_as = Named<ReviewState>)]
    pub(crate) state: ReviewState,
    pub(crate) conflict_confirmed_at: Option<NaiveDateTime>,
    pub(crate) declined_reason: Option<String>,
    pub(crate) comments: String,
    pub(crate) overall_comment: Option<String>,
    pub(crate) confidential_comment: Option<String>,
    #[diesel(serialize_as = Named<Option<Recommendation>>)]
    pub(crate) recommendation: Option<Recommendation>,
    pub(crate) submitted_at: Option<NaiveDateTime>,
    pub(crate) reminder_sent_at: Option<NaiveDateTime>,
    pub(crate) revision: i32,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) score_security_sovereignty: Option<i32>,
    pub(crate) score_growth_development: Option<i32>,
    pub(crate) score_talent_skills: Option<i32>,
    pub(crate) score_effectiveness_sustainability: Option<i32>,
    pub(crate) cancelled_reason: Option<String>,
}

/// A review's scores as stored: half points per pillar, in pillar order.
pub(crate) fn score_columns(content: &ReviewContent) -> [Option<i32>; 4] {
    content.scores.map(|s| s.map(HalfPoints::halves))
}

pub(crate) fn comments_json(content: &ReviewContent) -> Result<String, StoreError> {
    let comments: BTreeMap<&str, &String> = content.comments.iter().map(|(k, v)| (k.key(), v)).collect();
    serde_json::to_string(&comments).map_err(|e| StoreError::internal("assignments.comments", e))
}

impl AssignmentRow {
    pub(crate) fn into_assignment(self) -> Result<Assignment, StoreError> {
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
            state: self.state,
            conflict_confirmed_at: self.conflict_confirmed_at.map(utc),
            declined_reason: self.declined_reason,
            cancelled_reason: self.cancelled_reason,
            content: ReviewContent {
                scores,
                comments,
                overall_comment: self.overall_comment,
                confidential_comment: self.confidential_comment,
                recommendation: self.recommendation,
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

pub(crate) fn load_assignment(conn: &mut DbConnection, id: &str) -> Result<Assignment, StoreError> {
    assignments::table
        .find(id)
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| StoreError::not_found("review"))?
        .into_assignment()
}

/// Every assignment of a proposal, all versions, in the order they were made.
pub(crate) fn proposal_rows(conn: &mut DbConnection, proposal: ProposalId) -> Result<Vec<AssignmentRow>, StoreError> {
    Ok(assignments::table
        .filter(assignments::proposal_id.eq(proposal.to_string()))
        .order(assignments::id.asc())
        .select(AssignmentRow::as_select())
        .load(conn)?)
}

/// An assignment `actor` may read by its id under the blind rule, or `NotFound`: its evaluator's, or
/// any a hub manager free of the blind rule reads with its evaluator's name (others read anonymised
/// reviews only in the proposal's list).
fn load_readable(conn: &mut DbConnection, actor: &Actor, id: AssignmentId) -> Result<Revealed, StoreError> {
    let assignment = load_assignment(conn, &id.to_string())?;
    let proposal = load_proposal(conn, &assignment.proposal_id.to_string())?;
    ReviewFilter::load(conn, actor, &proposal)?
        .reveal(assignment)
        .filter(|r| r.named)
        .ok_or_else(|| StoreError::not_found("review"))
}

/// Loads an assignment for its evaluator to work on, with its proposal's (state, version), once the
/// evaluator is cleared to evaluate it (separation of duties). Whoever may read a review but is not its
/// evaluator gets 403, not 404.
fn load_to_work_on(
    conn: &mut DbConnection,
    actor: &Actor,
    id: AssignmentId,
    hold: crate::locks::Hold,
) -> Result<(Assignment, Proposal), StoreError> {
    // The proposal's row first: a decision in flight finishes before this review reads its state.
    let proposal_id: Option<String> =
        assignments::table.find(id.to_string()).select(assignments::proposal_id).first(conn).optional()?;
    if let Some(proposal_id) = proposal_id {
        crate::locks::proposal(conn, &proposal_id, hold)?;
    }
    let revealed = load_readable(conn, actor, id)?;
    let assignment = revealed.review;
    if assignment.evaluator_id != actor.user_id {
        return Err(DomainError::Forbidden("only the assigned evaluator works on a review".to_owned()).into());
    }
    let proposal = load_proposal(conn, &assignment.proposal_id.to_string())?;
    authorize_duty(conn, actor, Duty::Evaluate, &proposal)?;
    Ok((assignment, proposal))
}

pub(crate) fn view(conn: &mut DbConnection, assignment: Assignment, with_name: bool) -> Result<ReviewView, StoreError> {
    let proposal_title: String =
        proposals::table.find(assignment.proposal_id.to_string()).select(proposals::title).first(conn)?;
    let evaluator_name = if with_name {
        users::table.find(assignment.evaluator_id.to_string()).select(users::display_name).first(conn).optional()?
    } else {
        None
    };
    Ok(ReviewView { assignment, proposal_title, evaluator_name })
}

pub(crate) struct Contact {
    email: String,
    pub(crate) name: String,
    locale: String,
}

pub(crate) fn contact(conn: &mut DbConnection, user: &str) -> Result<Contact, StoreError> {
    let (email, name, locale) =
        users::table.find(user).select((users::email, users::display_name, users::locale)).first(conn)?;
    Ok(Contact { email, name, locale })
}

/// The evaluator's address and language, or `None` for an address that no longer parses (an erased
/// account): such an evaluator is not mailed.
pub(crate) fn addressed(to: &Contact) -> Option<(Email, Locale)> {
    let email = Email::parse(&to.email).ok()?;
    Some((email, to.locale.parse().unwrap_or_default()))
}

/// The submitted reviews of one version of a proposal with their aggregate: the one "submitted scores →
/// aggregate" step of the decision, the feedback and the promotion.
pub(crate) struct VersionScores {
    /// The submitted reviews, in submission order.
    pub(crate) reviews: Vec<Assignment>,
    /// How many of them are fully scored.
    pub(crate) scored: usize,
    /// Their aggregate under the challenge's settings (none without a scored review).
    pub(crate) aggregate: Option<domain::scoring::Aggregate>,
}

/// The submitted reviews of `version` of `proposal` and their aggregate under `settings`.
pub(crate) fn version_scores(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
    settings: &domain::EvaluationSettings,
) -> Result<VersionScores, StoreError> {
    let reviews = submitted(conn, proposal, version)?;
    let scores: Vec<domain::scoring::ReviewScores> = reviews
        .iter()
        .filter_map(|a| {
            a.content
                .complete_scores()
                .map(|scores| domain::scoring::ReviewScores { evaluator: a.evaluator_id, scores })
        })
        .collect();
    let aggregate = domain::scoring::aggregate(&scores, settings);
    Ok(VersionScores { reviews, scored: scores.len(), aggregate })
}

/// The submitted reviews of one version of a proposal, in submission order.
fn submitted(conn: &mut DbConnection, proposal: &str, version: i32) -> Result<Vec<Assignment>, StoreError> {
    let rows: Vec<AssignmentRow> = assignments::table
        .filter(assignments::proposal_id.eq(proposal))
        .filter(assignments::proposal_version.eq(version))
        .filter(assignments::state.eq(Named(ReviewState::Submitted)))
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
        .filter(assignments::state.eq(Named(ReviewState::Submitted)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

impl Store {
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
                query = query.filter(assignments::state.eq(Named(state)));
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

    /// A review as its reader may read it under the blind rule (its evaluator always).
    ///
    /// # Errors
    /// `NotFound`.
    pub fn review_get(&self, actor: &Actor, id: AssignmentId) -> Result<ReviewView, StoreError> {
        self.db.read(|conn| {
            let Revealed { review, named } = load_readable(conn, actor, id)?;
            view(conn, review, named)
        })
    }

    /// Saves the evaluator's draft (replacing it), if it is still at revision `expected` when one is
    /// given (the one the form or the client read: a second tab's older copy overwrites nothing).
    ///
    /// # Errors
    /// `NotFound`; `Forbidden` for a hub manager or before the conflict check; `PreconditionFailed`
    /// when the draft is no longer at `expected`; `Conflict` once submitted, declined or cancelled, or
    /// when the proposal is no longer under review at its version.
    pub fn review_save(
        &self,
        actor: &Actor,
        id: AssignmentId,
        content: ReviewContent,
        expected: Option<i32>,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let (current, proposal) = load_to_work_on(conn, actor, id, crate::locks::Hold::Share)?;
            let at = (proposal.state, proposal.version);
            if expected.is_some_and(|e| e != current.revision) {
                return Err(DomainError::PreconditionFailed(
                    "the review was saved elsewhere since it was read; read it again".to_owned(),
                )
                .into());
            }
            let next = current.decide(actor, ReviewAction::SaveDraft, None, at)?;
            let [security, growth, talent, effectiveness] = score_columns(&content);
            let changed = diesel::update(
                assignments::table.find(id.to_string()).filter(assignments::revision.eq(current.revision)),
            )
            .set((
                assignments::state.eq(Named(next)),
                assignments::score_security_sovereignty.eq(security),
                assignments::score_growth_development.eq(growth),
                assignments::score_talent_skills.eq(talent),
                assignments::score_effectiveness_sustainability.eq(effectiveness),
                assignments::comments.eq(comments_json(&content)?),
                assignments::overall_comment.eq(&content.overall_comment),
                assignments::confidential_comment.eq(&content.confidential_comment),
                assignments::recommendation.eq(content.recommendation.map(Named)),
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

    /// Confirms no conflict, declines, or submits. Of concurrent submissions exactly one wins. The
    /// submission that brings in the challenge's minimum of reviews opens the team's response where the
    /// challenge allows one ([`crate::responses`]; its emails link the pages under `link_base`).
    ///
    /// # Errors
    /// `NotFound`; `Forbidden` for a hub manager (who reads reviews, never writes them); `Forbidden`,
    /// `Conflict`, `Invalid` (see [`Assignment::decide`]).
    pub fn review_act(
        &self,
        actor: &Actor,
        id: AssignmentId,
        action: ReviewAction,
        reason: Option<Note>,
        link_base: &str,
    ) -> Result<ReviewView, StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            // A submission may complete the reviews the team's response waits for: submissions of one
            // proposal run one after the other, so that the last of them sees all the others.
            let hold =
                if action == ReviewAction::Submit { crate::locks::Hold::Update } else { crate::locks::Hold::Share };
            let (current, proposal) = load_to_work_on(conn, actor, id, hold)?;
            let at = (proposal.state, proposal.version);
            let next = current.decide(actor, action, reason.as_ref(), at)?;
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
                        assignments::state.eq(Named(next)),
                        assignments::declined_reason.eq(reason.as_ref().map(Note::as_str)),
                        assignments::revision.eq(current.revision + 1),
                        assignments::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                ReviewAction::Submit | ReviewAction::SaveDraft => diesel::update(mine)
                    .set((
                        assignments::state.eq(Named(next)),
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
            if action == ReviewAction::Submit {
                crate::responses::open_if_due(conn, &self.audit_key, &proposal, link_base, now)?;
            }
            let assignment = load_assignment(conn, &id.to_string())?;
            view(conn, assignment, true)
        })
    }

    /// The reviews of a proposal, version by version under the blind rule ([`domain::blind`]): a hub
    /// manager free of it reads every one with names and confidential comments; an evaluator reads the
    /// others' submitted reviews of a version, anonymised and without confidential comments, once their
    /// own review of that version is submitted; everyone reads their own.
    ///
    /// # Errors
    /// `NotFound` when the proposal is not visible; `Forbidden` for an evaluator (or hub manager) who
    /// may read none of the others' reviews yet.
    pub fn proposal_reviews(&self, actor: &Actor, proposal: ProposalId) -> Result<Vec<ReviewView>, StoreError> {
        self.db.read(|conn| {
            let target = load_visible(conn, actor, proposal)?;
            let filter = ReviewFilter::load(conn, actor, &target)?;
            let rows = proposal_rows(conn, proposal)?;
            let mut versions: Vec<i32> = rows.iter().map(|r| r.proposal_version).collect();
            versions.push(target.version);
            if !versions.iter().any(|v| filter.sight(*v).reads_others()) {
                if filter.is_assigned() || actor.has_role(Role::HubManager) {
                    return Err(
                        DomainError::Forbidden("submit your own review before reading the others".to_owned()).into()
                    );
                }
                return Err(StoreError::not_found("proposal"));
            }
            let mut shown = Vec::new();
            for row in rows {
                if let Some(Revealed { review, named }) = filter.reveal(row.into_assignment()?) {
                    shown.push(view(conn, review, named)?);
                }
            }
            Ok(shown)
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
                .filter(assignments::state.eq_any(named([ReviewState::Assigned, ReviewState::InProgress])))
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
                let to = contact(conn, &evaluator)?;
                if let Some((email, locale)) = addressed(&to) {
                    let due = utc(due_at);
                    let content = mails::ReviewDueSoon { display_name: to.name, title, due, link };
                    enqueue(conn, &OutgoingMail::new(email, locale, content), now)?;
                    written += 1;
                }
            }
            Ok(written)
        })
    }
}
