//! What an evaluator writes: scores by pillar, comments, a recommendation.

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::error::{DomainError, FieldError, Validation};
use crate::pillar::{HalfPoints, Pillar};
use crate::text::clean_text;

/// What the evaluator recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recommendation {
    /// Accept.
    Accept,
    /// Reject.
    Reject,
    /// Ask for a revision.
    Revise,
}

impl Recommendation {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Reject => "reject",
            Self::Revise => "revise",
        }
    }
}

impl FromStr for Recommendation {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "accept" => Ok(Self::Accept),
            "reject" => Ok(Self::Reject),
            "revise" => Ok(Self::Revise),
            other => Err(FieldError::new(
                "recommendation",
                "unknown_recommendation",
                format!("`{other}` is not accept, reject or revise"),
            )),
        }
    }
}

/// The content of a review, possibly incomplete while drafting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewContent {
    /// Score per pillar, in pillar order.
    pub scores: [Option<HalfPoints>; 4],
    /// Comment to the proposer per pillar.
    pub comments: BTreeMap<Pillar, String>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// Comment for the hub only.
    pub confidential_comment: Option<String>,
    /// Recommendation.
    pub recommendation: Option<Recommendation>,
}

/// A review draft as sent; `PUT` replaces the whole draft.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    /// Scores by pillar key (0–5 in half points; `None` leaves a pillar unscored).
    pub scores: Vec<(String, Option<f64>)>,
    /// Comments by pillar key.
    pub comments: Vec<(String, String)>,
    /// Overall comment to the proposer.
    pub overall_comment: Option<String>,
    /// Comment for the hub only.
    pub confidential_comment: Option<String>,
    /// `accept`, `reject` or `revise`.
    pub recommendation: Option<String>,
}

impl ReviewContent {
    /// Validates a draft, reporting every wrong field.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with paths such as `scores.talent_skills`.
    pub fn parse(input: ReviewInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut content = Self::default();
        for (key, score) in input.scores {
            let field = format!("scores.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) => {
                    content.scores[pillar.index()] = score.and_then(|s| v.check(HalfPoints::parse(&field, s)))
                }
            }
        }
        for (key, text) in input.comments {
            let field = format!("comments.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) => {
                    if !text.trim().is_empty()
                        && let Some(text) = v.check(clean_text(&field, &text, 1, 4000, true))
                    {
                        content.comments.insert(pillar, text);
                    }
                }
            }
        }
        let optional = |v: &mut Validation, field: &str, text: Option<String>| {
            text.filter(|t| !t.trim().is_empty()).and_then(|t| v.check(clean_text(field, &t, 1, 8000, true)))
        };
        content.overall_comment = optional(&mut v, "overall_comment", input.overall_comment);
        content.confidential_comment = optional(&mut v, "confidential_comment", input.confidential_comment);
        content.recommendation = input.recommendation.and_then(|r| v.check(r.parse()));
        v.finish()?;
        Ok(content)
    }

    /// What a submission still needs: every pillar scored, a comment for every score of 2 or less,
    /// an overall comment and a recommendation.
    pub fn missing_for_submission(&self) -> Vec<FieldError> {
        let mut missing = Vec::new();
        for pillar in Pillar::ALL {
            match self.scores[pillar.index()] {
                None => missing.push(FieldError::new(
                    format!("scores.{pillar}"),
                    "required_for_submission",
                    "every pillar needs a score",
                )),
                Some(score) if score.halves() <= 4 && !self.comments.contains_key(&pillar) => {
                    missing.push(FieldError::new(
                        format!("comments.{pillar}"),
                        "required_for_low_score",
                        "a score of 2 or less needs a comment",
                    ))
                }
                Some(_) => {}
            }
        }
        if self.overall_comment.is_none() {
            missing.push(FieldError::new("overall_comment", "required_for_submission", "is required to submit"));
        }
        if self.recommendation.is_none() {
            missing.push(FieldError::new("recommendation", "required_for_submission", "is required to submit"));
        }
        missing
    }

    /// The scores, when every pillar has one.
    pub fn complete_scores(&self) -> Option<[HalfPoints; 4]> {
        let [a, b, c, d] = self.scores;
        Some([a?, b?, c?, d?])
    }
}
