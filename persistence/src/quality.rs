//! Review quality (issue 19): the ratings of a submitted review by hub managers and the version's
//! rapporteur, the hub's flags on it, and each evaluator's record ([`record`]). The rules are
//! [`domain::quality`]'s; a rating is written with its audit entry and the evaluator's email in one
//! transaction.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::quality::{Rating, RatingContent, RatingLabel, ReviewFlag, may_rate};
use domain::review::{Assignment, AssignmentId, ReviewState};
use domain::{Actor, AuditEvent, OutgoingMail, Proposal, Role, UserId, mails};

use crate::Store;
use crate::audit;
use crate::blind::ReviewFilter;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::outbox::enqueue;
use crate::proposals::load_proposal;
use crate::reviews::{AssignmentRow, load_assignment};
use crate::rows::{load_user, parse_stored, utc};
use crate::schema::{assignments, proposals, review_ratings, users};
use crate::stored::Named;

mod record;

pub use record::EvaluatorQuality;
pub(crate) use record::records;

/// A rating as stored: its labels as comma-separated names.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = review_ratings)]
struct RatingRow {
    rater_id: String,
    labels: String,
    note: Option<String>,
    rated_at: NaiveDateTime,
}

impl RatingRow {
    fn into_rating(self) -> Result<Rating, StoreError> {
        let labels = self
            .labels
            .split(',')
            .map(|l| l.parse::<RatingLabel>().map_err(|e| StoreError::Corrupt(format!("review_ratings.labels: {e}"))))
            .collect::<Result<BTreeSet<_>, _>>()?;
        Ok(Rating {
            rater: parse_stored("review_ratings.rater_id", &self.rater_id)?,
            content: RatingContent { labels, note: self.note },
            at: utc(self.rated_at),
        })
    }
}

/// The ratings of the reviews `ids`, oldest first.
pub(crate) fn ratings_of(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<(String, Rating)>, StoreError> {
    let rows: Vec<(String, RatingRow)> = review_ratings::table
        .filter(review_ratings::assignment_id.eq_any(ids))
        .order((review_ratings::rated_at.asc(), review_ratings::rater_id.asc()))
        .select((review_ratings::assignment_id, RatingRow::as_select()))
        .load(conn)?;
    rows.into_iter().map(|(id, row)| Ok((id, row.into_rating()?))).collect()
}

/// The written lengths of the submitted reviews of the challenge `challenge`'s proposals: its norm's sample.
pub(crate) fn lengths_in_challenge(conn: &mut DbConnection, challenge: &str) -> Result<Vec<usize>, StoreError> {
    let of_challenge = proposals::table.filter(proposals::challenge_id.eq(challenge)).select(proposals::id);
    let rows: Vec<AssignmentRow> = assignments::table
        .filter(assignments::proposal_id.eq_any(of_challenge))
        .filter(assignments::state.eq(Named(ReviewState::Submitted)))
        .select(AssignmentRow::as_select())
        .load(conn)?;
    rows.into_iter().map(|r| Ok(domain::quality::written_length(&r.into_assignment()?))).collect()
}

/// The hub's flags on `review` of `proposal`.
fn flags_of(
    conn: &mut DbConnection,
    review: &Assignment,
    proposal: &Proposal,
) -> Result<BTreeSet<ReviewFlag>, StoreError> {
    let challenge = crate::challenges::load_challenge(conn, &proposal.challenge_id.to_string())?;
    let norm = domain::quality::norm(&lengths_in_challenge(conn, &challenge.id.to_string())?);
    let agreed = crate::consensus::final_agreed(conn, &proposal.id.to_string(), review.proposal_version)?;
    Ok(domain::quality::flags(review, norm, agreed.as_ref().map(|a| &a.scores), &challenge.content.evaluation))
}

/// A review's ratings and flags as one reader reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingsView {
    /// The review.
    pub review: AssignmentId,
    /// Its proposal.
    pub proposal: domain::ProposalId,
    /// The hub's flags on it.
    pub flags: BTreeSet<ReviewFlag>,
    /// Its ratings, oldest first, each with its rater's name — none for the evaluator, who reads them
    /// unsigned.
    pub ratings: Vec<(Rating, Option<String>)>,
    /// Whether the reader may rate it (and replace their own rating).
    pub may_rate: bool,
}

/// What deciding who reads and who rates a review needs.
struct Subject {
    review: Assignment,
    proposal: Proposal,
    /// Whether the reader is a hub manager who reads the version's reviews.
    reads: bool,
    /// The rapporteur of the version's consensus report.
    rapporteur: Option<UserId>,
}

fn subject(conn: &mut DbConnection, actor: &Actor, id: AssignmentId) -> Result<Subject, StoreError> {
    let review = load_assignment(conn, &id.to_string())?;
    let proposal = load_proposal(conn, &review.proposal_id.to_string())?;
    let reads = actor.has_role(Role::HubManager)
        && ReviewFilter::load(conn, actor, &proposal)?.sight(review.proposal_version).reads_others();
    let report = crate::consensus::report_of(conn, &proposal.id.to_string(), review.proposal_version)?;
    Ok(Subject { review, proposal, reads, rapporteur: report.map(|r| r.rapporteur) })
}

impl Subject {
    /// Whether `actor` reads its ratings: its evaluator (unsigned), the hub managers who read the version's
    /// reviews and its rapporteur.
    fn readable_by(&self, actor: &Actor) -> bool {
        self.review.evaluator_id == actor.user_id || self.reads || self.rapporteur == Some(actor.user_id)
    }
}

fn view(conn: &mut DbConnection, actor: &Actor, s: &Subject) -> Result<RatingsView, StoreError> {
    let signed = s.review.evaluator_id != actor.user_id;
    let mut ratings = Vec::new();
    for (_, rating) in ratings_of(conn, &[s.review.id.to_string()])? {
        let name = if signed {
            users::table.find(rating.rater.to_string()).select(users::display_name).first(conn).optional()?
        } else {
            None
        };
        ratings.push((rating, name));
    }
    Ok(RatingsView {
        review: s.review.id,
        proposal: s.proposal.id,
        flags: flags_of(conn, &s.review, &s.proposal)?,
        ratings,
        may_rate: may_rate(actor, &s.review, s.rapporteur, s.reads).is_ok(),
    })
}

impl Store {
    /// The ratings and flags of review `id`: for its evaluator (unsigned), the hub managers who read the
    /// version's reviews and its rapporteur.
    ///
    /// # Errors
    /// `NotFound` for anyone else.
    pub fn review_ratings(&self, actor: &Actor, id: AssignmentId) -> Result<RatingsView, StoreError> {
        self.db.read(|conn| {
            let s = subject(conn, actor, id)?;
            if !s.readable_by(actor) {
                return Err(StoreError::not_found("review"));
            }
            view(conn, actor, &s)
        })
    }

    /// Rates review `id` (a hub manager who reads the version's reviews, or its rapporteur), replacing the
    /// rater's earlier rating; the audit entry, and the evaluator's email linking their review under
    /// `link_base` the first time. Whether the rating is new.
    ///
    /// # Errors
    /// `NotFound` for a reader who may not read the review; `Forbidden`, `Conflict` (`not_submitted`):
    /// [`domain::quality::may_rate`].
    pub fn review_rate(
        &self,
        actor: &Actor,
        id: AssignmentId,
        content: RatingContent,
        link_base: &str,
    ) -> Result<(RatingsView, bool), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let s = subject(conn, actor, id)?;
            if !s.readable_by(actor) {
                return Err(StoreError::not_found("review"));
            }
            may_rate(actor, &s.review, s.rapporteur, s.reads)?;
            let (key, rater) = (id.to_string(), actor.user_id.to_string());
            let labels: Vec<&str> = content.labels.iter().map(|l| l.as_str()).collect();
            let labels = labels.join(",");
            let mine = review_ratings::table.find((&key, &rater));
            let created = mine.count().get_result::<i64>(conn)? == 0;
            if created {
                diesel::insert_into(review_ratings::table)
                    .values((
                        review_ratings::assignment_id.eq(&key),
                        review_ratings::rater_id.eq(&rater),
                        review_ratings::labels.eq(&labels),
                        review_ratings::note.eq(content.note.as_deref()),
                        review_ratings::rated_at.eq(now),
                    ))
                    .execute(conn)?;
            } else {
                diesel::update(mine)
                    .set((
                        review_ratings::labels.eq(&labels),
                        review_ratings::note.eq(content.note.as_deref()),
                        review_ratings::rated_at.eq(now),
                    ))
                    .execute(conn)?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "review.rated", "assignment", &key)
                .with("labels", labels.clone())
                .with("created", created.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let evaluator = load_user(conn, &s.review.evaluator_id.to_string())?;
            if created && evaluator.left_at.is_none() {
                let who = crate::accounts::recipient(&evaluator)?;
                let content = mails::ReviewRated {
                    display_name: who.display_name,
                    title: s.proposal.content.title.clone(),
                    link: format!("{link_base}/reviews/{key}"),
                };
                enqueue(conn, &OutgoingMail::new(who.email, who.locale, content), now)?;
            }
            Ok((view(conn, actor, &s)?, created))
        })
    }
}
