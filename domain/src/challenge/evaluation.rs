//! How proposals to a challenge are evaluated: weights, thresholds, the reviews a decision needs.

use crate::consensus::ConsensusPolicy;
use crate::error::{DomainError, FieldError, Validation};
use crate::notice::NoticeRule;
use crate::pillar::{HalfPoints, Pillar};
use crate::response::ResponseRule;

/// How proposals to a challenge are evaluated: per-pillar weight (summing to 100) and threshold,
/// an overall threshold on the weighted score, and the reviews needed before a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationSettings {
    /// Weight per pillar, in pillar order, summing to 100.
    pub weights: [u8; 4],
    /// Threshold per pillar, in pillar order.
    pub thresholds: [HalfPoints; 4],
    /// Threshold of the weighted total.
    pub overall_threshold: HalfPoints,
    /// Submitted reviews needed before a decision.
    pub min_reviews: u8,
    /// When a proposal needs a consensus report before its decision.
    pub consensus: ConsensusPolicy,
    /// Whether a rejection after review needs a notice of the grounds first, and the term for the
    /// team's observations (L. 241/1990 art. 10-bis).
    pub notice: NoticeRule,
    /// Days after a rejection within which its team may ask for a review of the decision.
    pub redress_days: u8,
    /// Whether the team may answer the reviews before the consensus and the decision, within how many
    /// days, and whether it reads their scores.
    pub response: ResponseRule,
}

impl Default for EvaluationSettings {
    fn default() -> Self {
        Self {
            weights: [25; 4],
            thresholds: [HalfPoints::THREE; 4],
            overall_threshold: HalfPoints::THREE,
            min_reviews: 3,
            consensus: ConsensusPolicy::WhenNeeded,
            notice: NoticeRule::default(),
            redress_days: crate::redress::REDRESS_DAYS_DEFAULT,
            response: ResponseRule::default(),
        }
    }
}

/// Evaluation settings as given, before validation (pillar-keyed, numbers as sent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvaluationInput {
    /// Weights by pillar; missing pillars keep their current value.
    pub weights: Vec<(String, i64)>,
    /// Thresholds by pillar.
    pub thresholds: Vec<(String, f64)>,
    /// Overall threshold.
    pub overall_threshold: Option<f64>,
    /// Minimum reviews.
    pub min_reviews: Option<i64>,
    /// `when_needed` or `always`.
    pub consensus: Option<String>,
    /// Whether a rejection needs a notice of the grounds first.
    pub notice_of_grounds: Option<bool>,
    /// The term for observations, in days.
    pub notice_days: Option<i64>,
    /// The term for a request for review, in days.
    pub redress_days: Option<i64>,
    /// Whether the team may answer the reviews.
    pub response: Option<bool>,
    /// The term for the response, in days.
    pub response_days: Option<i64>,
    /// Whether the team reads the reviews' scores.
    pub response_with_scores: Option<bool>,
}

impl EvaluationSettings {
    /// Applies `input` on top of `self`, validating every field (paths under `evaluation`).
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field; weights must sum to 100.
    pub fn with(self, input: &EvaluationInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self;
        for (key, weight) in &input.weights {
            let field = format!("evaluation.weights.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not a pillar")),
                Ok(_) if !(0..=100).contains(weight) => {
                    v.push(FieldError::new(field, "out_of_range", "must be 0 to 100"))
                }
                Ok(pillar) => next.weights[pillar.index()] = *weight as u8,
            }
        }
        for (key, threshold) in &input.thresholds {
            let field = format!("evaluation.thresholds.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not a pillar")),
                Ok(pillar) => {
                    if let Some(value) = v.check(HalfPoints::parse(&field, *threshold)) {
                        next.thresholds[pillar.index()] = value;
                    }
                }
            }
        }
        if let Some(overall) = input.overall_threshold
            && let Some(value) = v.check(HalfPoints::parse("evaluation.overall_threshold", overall))
        {
            next.overall_threshold = value;
        }
        if let Some(min) = input.min_reviews {
            if (1..=20).contains(&min) {
                next.min_reviews = min as u8;
            } else {
                v.push(FieldError::new("evaluation.min_reviews", "out_of_range", "must be 1 to 20"));
            }
        }
        if let Some(policy) = &input.consensus
            && let Some(policy) = v.check(policy.parse::<ConsensusPolicy>())
        {
            next.consensus = policy;
        }
        if let Some(required) = input.notice_of_grounds {
            next.notice.required = required;
        }
        if let Some(days) = input.notice_days
            && let Some(days) = v.check(NoticeRule::parse_days("evaluation.notice_days", days))
        {
            next.notice.days = days;
        }
        if let Some(days) = input.redress_days
            && let Some(days) = v.check(crate::redress::parse_days("evaluation.redress_days", days))
        {
            next.redress_days = days;
        }
        if let Some(allowed) = input.response {
            next.response.allowed = allowed;
        }
        if let Some(days) = input.response_days
            && let Some(days) = v.check(ResponseRule::parse_days("evaluation.response_days", days))
        {
            next.response.days = days;
        }
        if let Some(scores) = input.response_with_scores {
            next.response.scores = scores;
        }
        let sum: u32 = next.weights.iter().map(|w| u32::from(*w)).sum();
        if sum != 100 {
            v.push(FieldError::new("evaluation.weights", "must_sum_to_100", format!("must sum to 100, not {sum}")));
        }
        v.finish()?;
        Ok(next)
    }
}
