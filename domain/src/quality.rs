//! Review quality (issue 19; PRODUCT.md "Procedure"): hub managers and the version's rapporteur rate each
//! submitted review with HotCRP's set of labels and an optional note to its evaluator; the hub flags on
//! its own the reviews far shorter than the challenge's norm, far from the final consensus, or whose
//! recommendation contradicts their own scores; each evaluator has a quality record, which automatic
//! assignment may use to break ties.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::challenge::EvaluationSettings;
use crate::error::{DomainError, FieldError};
use crate::ids::UserId;
use crate::named::named_enum;
use crate::pillar::HalfPoints;
use crate::review::{Assignment, Recommendation, ReviewState};
use crate::scoring::CONSENSUS_GAP;
use crate::text::clean_text;

named_enum!(
    /// What a rater says of a review (HotCRP's set).
    RatingLabel, "labels", "unknown_label" {
        /// Useful to the panel and to the team.
        Helpful = "helpful",
        /// Too short for what the proposal needed.
        TooShort = "too_short",
        /// Vague: no concrete reasons.
        Vague = "vague",
        /// Narrow: misses parts of the proposal or of the pillars.
        Narrow = "narrow",
        /// The scores and the comments say different things.
        Inconsistent = "inconsistent",
        /// Disrespectful in tone.
        Disrespectful = "disrespectful",
    }
);

impl RatingLabel {
    /// Whether the label finds fault.
    pub fn is_fault(self) -> bool {
        self != Self::Helpful
    }
}

/// The longest note to the evaluator, in characters.
pub const RATING_NOTE_MAX: usize = 2_000;

/// A rating as given: its labels and the note to the evaluator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingContent {
    /// At least one label; `helpful` never with a fault.
    pub labels: BTreeSet<RatingLabel>,
    /// A note to the evaluator.
    pub note: Option<String>,
}

impl RatingContent {
    /// Parses the labels and the note as sent.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] on `labels` (`required`, `unknown_label`, `contradictory`: helpful and a
    /// fault together) or on `note` (too long, control characters).
    pub fn parse(labels: &[String], note: Option<&str>) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let mut parsed = BTreeSet::new();
        for label in labels {
            match label.parse::<RatingLabel>() {
                Ok(label) => {
                    parsed.insert(label);
                }
                Err(e) => errors.push(e),
            }
        }
        if labels.is_empty() {
            errors.push(FieldError::new("labels", "required", "give at least one label"));
        } else if labels.len() > RatingLabel::ALL.len() {
            errors.push(FieldError::new("labels", "too_many", "at most one of each label"));
        } else if parsed.contains(&RatingLabel::Helpful) && parsed.iter().any(|l| l.is_fault()) {
            errors.push(FieldError::new("labels", "contradictory", "a helpful review is not also faulted"));
        }
        let note = note.filter(|n| !n.trim().is_empty()).map(|n| clean_text("note", n, 1, RATING_NOTE_MAX, true));
        let note = match note.transpose() {
            Ok(note) => note,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if errors.is_empty() { Ok(Self { labels: parsed, note }) } else { Err(DomainError::Invalid(errors)) }
    }
}

/// A rating of one review by one rater.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// Who rated.
    pub rater: UserId,
    /// What they said.
    pub content: RatingContent,
    /// When (last changed).
    pub at: DateTime<Utc>,
}

/// Who may rate `review`: a hub manager who reads the version's reviews (`reads_reviews`: free of the
/// blind rule and of the proposal's side), or the rapporteur of the version's consensus report — never
/// its own evaluator. The review must be submitted.
///
/// # Errors
/// `Forbidden` for anyone else and for the review's evaluator; `Conflict` `not_submitted`.
pub fn may_rate(
    actor: &Actor,
    review: &Assignment,
    rapporteur: Option<UserId>,
    reads_reviews: bool,
) -> Result<(), DomainError> {
    if review.evaluator_id == actor.user_id {
        return Err(DomainError::Forbidden("an evaluator does not rate their own review".to_owned()));
    }
    let manager = actor.has_role(Role::HubManager) && reads_reviews;
    if !manager && rapporteur != Some(actor.user_id) {
        return Err(DomainError::Forbidden("hub managers and the version's rapporteur rate the reviews".to_owned()));
    }
    if review.state != ReviewState::Submitted {
        return Err(DomainError::conflict("not_submitted", "only a submitted review is rated"));
    }
    Ok(())
}

named_enum!(
    /// What the hub notices on its own in a submitted review.
    ReviewFlag, "flag", "unknown_flag" {
        /// Its comments are far shorter than the challenge's norm.
        Short = "short",
        /// Some pillar's score is far from the final consensus.
        FarFromConsensus = "far_from_consensus",
        /// Its recommendation contradicts its own scores against the thresholds.
        RecommendationAtOdds = "recommendation_at_odds",
    }
);

/// A challenge's norm only stands on this many submitted reviews.
pub const NORM_MIN_REVIEWS: usize = 5;
/// A review is short under this fraction of the norm.
pub const SHORT_FRACTION: f64 = 1.0 / 3.0;

/// What the team reads of a review, in characters: the comments per pillar and the overall comment (the
/// confidential comment is the hub's).
pub fn written_length(review: &Assignment) -> usize {
    let comments: usize = review.content.comments.values().map(|c| c.chars().count()).sum();
    comments + review.content.overall_comment.as_deref().map_or(0, |c| c.chars().count())
}

/// The challenge's norm: the median written length of its submitted reviews, once there are
/// [`NORM_MIN_REVIEWS`] of them.
pub fn norm(lengths: &[usize]) -> Option<usize> {
    if lengths.len() < NORM_MIN_REVIEWS {
        return None;
    }
    let mut sorted = lengths.to_vec();
    sorted.sort_unstable();
    Some(sorted[sorted.len() / 2])
}

/// The flags on a submitted review, given the challenge's `norm`, the final consensus's agreed scores on
/// its version, if any, and the challenge's thresholds.
pub fn flags(
    review: &Assignment,
    norm: Option<usize>,
    agreed: Option<&[HalfPoints; 4]>,
    settings: &EvaluationSettings,
) -> BTreeSet<ReviewFlag> {
    let mut found = BTreeSet::new();
    if review.state != ReviewState::Submitted {
        return found;
    }
    #[expect(clippy::cast_precision_loss, reason = "lengths of text")]
    if norm.is_some_and(|n| (written_length(review) as f64) < n as f64 * SHORT_FRACTION) {
        found.insert(ReviewFlag::Short);
    }
    let Some(scores) = review.content.complete_scores() else { return found };
    if let Some(agreed) = agreed
        && scores.iter().zip(agreed).any(|(s, a)| (s.value() - a.value()).abs() >= CONSENSUS_GAP)
    {
        found.insert(ReviewFlag::FarFromConsensus);
    }
    let means = scores.map(HalfPoints::value);
    let passes = crate::scoring::weighted(&means, settings) >= settings.overall_threshold.value()
        && means.iter().zip(settings.thresholds).all(|(m, t)| *m >= t.value());
    let at_odds = match review.content.recommendation {
        Some(Recommendation::Accept) => !passes,
        Some(Recommendation::Reject) => passes,
        _ => false,
    };
    if at_odds {
        found.insert(ReviewFlag::RecommendationAtOdds);
    }
    found
}

/// One submitted review as an evaluator's record reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFacts {
    /// Whether it was submitted by its due date.
    pub on_time: bool,
    /// The labels its ratings gave, each once per rating.
    pub labels: Vec<RatingLabel>,
    /// The hub's flags on it.
    pub flags: BTreeSet<ReviewFlag>,
    /// The mean absolute distance of its scores from the final consensus's, where there is one.
    pub consensus_distance: Option<f64>,
}

/// An evaluator's quality record, for hub managers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QualityRecord {
    /// Reviews submitted.
    pub submitted: usize,
    /// Of which by their due date.
    pub on_time: usize,
    /// Ratings' labels received, by label.
    pub labels: BTreeMap<RatingLabel, usize>,
    /// The hub's flags, by flag.
    pub flags: BTreeMap<ReviewFlag, usize>,
    /// Mean offset of their totals from their co-reviewers' (calibration), where known.
    pub leniency: Option<f64>,
    /// Mean distance of their scores from the final consensus, over the reviews that have one.
    pub consensus_distance: Option<f64>,
}

impl QualityRecord {
    /// The record of an evaluator's submitted reviews, with their `leniency` from the calibration.
    pub fn of(reviews: &[ReviewFacts], leniency: Option<f64>) -> Self {
        let mut record = Self { submitted: reviews.len(), leniency, ..Self::default() };
        let mut distances = Vec::new();
        for review in reviews {
            record.on_time += usize::from(review.on_time);
            for label in &review.labels {
                *record.labels.entry(*label).or_default() += 1;
            }
            for flag in &review.flags {
                *record.flags.entry(*flag).or_default() += 1;
            }
            distances.extend(review.consensus_distance);
        }
        #[expect(clippy::cast_precision_loss, reason = "counts of reviews")]
        let mean = (!distances.is_empty()).then(|| distances.iter().sum::<f64>() / distances.len() as f64);
        record.consensus_distance = mean;
        record
    }

    /// How much the record recommends the evaluator, for breaking ties in automatic assignment: the share
    /// on time, plus the helpful ratings' share, minus the share of faults (ratings' and the hub's flags).
    /// An evaluator with no review yet scores 0, between good and poor records.
    #[expect(clippy::cast_precision_loss, reason = "counts of reviews")]
    pub fn merit(&self) -> f64 {
        if self.submitted == 0 {
            return 0.0;
        }
        let n = self.submitted as f64;
        let helpful = self.labels.get(&RatingLabel::Helpful).copied().unwrap_or(0) as f64;
        let faults: usize = self.labels.iter().filter(|(l, _)| l.is_fault()).map(|(_, c)| c).sum::<usize>()
            + self.flags.values().sum::<usize>();
        (self.on_time as f64 / n) + (helpful / n) - (faults as f64 / n) - 0.5
    }
}

/// The mean absolute distance of `scores` from `agreed`.
pub fn distance(scores: &[HalfPoints; 4], agreed: &[HalfPoints; 4]) -> f64 {
    scores.iter().zip(agreed).map(|(s, a)| (s.value() - a.value()).abs()).sum::<f64>() / 4.0
}

#[cfg(test)]
mod tests;
