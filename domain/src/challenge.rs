//! Challenges: needs posted by public administrations, with their submission window and the
//! evaluation settings their proposals are scored with.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::error::{DomainError, FieldError, Validation};
use crate::ids::OrganizationId;
use crate::pillar::{HalfPoints, Pillar};
use crate::text::clean_text;

crate::ids::id_type!(
    /// Identifies a challenge.
    ChallengeId,
    "challenge"
);

/// The permanent "open call" challenge, created by the first migration and always open.
pub const OPEN_CALL_SLUG: &str = "open-call";

/// Where a challenge is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeState {
    /// Being written; only hub managers see it.
    Draft,
    /// Published; accepts submissions inside its window.
    Open,
    /// No longer accepts submissions.
    Closed,
    /// Kept for the record.
    Archived,
}

impl ChallengeState {
    /// Every state.
    pub const ALL: [Self; 4] = [Self::Draft, Self::Open, Self::Closed, Self::Archived];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }

    /// Whether anonymous users may see a challenge in this state.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Open | Self::Closed)
    }
}

impl FromStr for ChallengeState {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| FieldError::new("state", "unknown_state", format!("unknown challenge state `{s}`")))
    }
}

impl fmt::Display for ChallengeState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a hub manager does to a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeAction {
    /// Publish it.
    Open,
    /// Stop submissions.
    Close,
    /// Put it away.
    Archive,
}

impl ChallengeAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Close => "close",
            Self::Archive => "archive",
        }
    }

    /// The state this action leads to from `from`, if allowed.
    pub fn apply(self, from: ChallengeState) -> Result<ChallengeState, DomainError> {
        match (from, self) {
            (ChallengeState::Draft, Self::Open) => Ok(ChallengeState::Open),
            (ChallengeState::Open, Self::Close) => Ok(ChallengeState::Closed),
            (ChallengeState::Closed, Self::Archive) => Ok(ChallengeState::Archived),
            (from, action) => Err(DomainError::conflict(
                "invalid_transition",
                format!("a challenge in state `{from}` cannot be asked to `{}`", action.as_str()),
            )),
        }
    }
}

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
}

impl Default for EvaluationSettings {
    fn default() -> Self {
        Self {
            weights: [25; 4],
            thresholds: [HalfPoints::THREE; 4],
            overall_threshold: HalfPoints::THREE,
            min_reviews: 3,
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
        let sum: u32 = next.weights.iter().map(|w| u32::from(*w)).sum();
        if sum != 100 {
            v.push(FieldError::new("evaluation.weights", "must_sum_to_100", format!("must sum to 100, not {sum}")));
        }
        v.finish()?;
        Ok(next)
    }
}

/// The editable content of a challenge, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeContent {
    /// URL name: lowercase letters, digits and hyphens.
    pub slug: String,
    /// Title in Italian.
    pub title_it: String,
    /// Title in English.
    pub title_en: Option<String>,
    /// Description in Italian (Markdown).
    pub description_it: String,
    /// Description in English (Markdown).
    pub description_en: Option<String>,
    /// The sponsoring administration.
    pub sponsor_id: OrganizationId,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Submissions open at.
    pub opens_at: DateTime<Utc>,
    /// Submissions close at (never, for the open call).
    pub closes_at: Option<DateTime<Utc>>,
    /// Evaluation settings.
    pub evaluation: EvaluationSettings,
}

/// Parses a slug.
///
/// # Errors
/// A [`FieldError`] on `slug`.
pub fn parse_slug(raw: &str) -> Result<String, FieldError> {
    let slug = raw.trim();
    let valid = (3..=80).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if valid {
        Ok(slug.to_owned())
    } else {
        Err(FieldError::new("slug", "invalid_slug", "must be 3 to 80 lowercase letters, digits and single hyphens"))
    }
}

/// The most tags (or platforms) a list has.
pub const TAGS_MAX: usize = 20;

/// Parses a list of tags: each 1 to 40 lowercase letters, digits and hyphens; at most [`TAGS_MAX`].
///
/// # Errors
/// A [`FieldError`] naming the first bad tag.
pub fn parse_tags(raw: &[String]) -> Result<BTreeSet<String>, FieldError> {
    crate::text::at_most("tags", raw.len(), TAGS_MAX)?;
    let mut tags = BTreeSet::new();
    for (i, tag) in raw.iter().enumerate() {
        let tag = tag.trim().to_lowercase();
        let valid = (1..=40).contains(&tag.len())
            && tag.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(FieldError::new(
                format!("tags[{i}]"),
                "invalid_tag",
                "must be 1 to 40 lowercase letters, digits or hyphens",
            ));
        }
        tags.insert(tag);
    }
    Ok(tags)
}

/// A challenge's content as given, before validation.
#[derive(Debug, Clone, Default)]
pub struct ChallengeInput {
    /// Slug.
    pub slug: Option<String>,
    /// Italian title.
    pub title_it: Option<String>,
    /// English title (`Some(None)` clears it).
    pub title_en: Option<Option<String>>,
    /// Italian description.
    pub description_it: Option<String>,
    /// English description.
    pub description_en: Option<Option<String>>,
    /// Sponsor.
    pub sponsor_id: Option<OrganizationId>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Opening time.
    pub opens_at: Option<DateTime<Utc>>,
    /// Closing time (`Some(None)`: never).
    pub closes_at: Option<Option<DateTime<Utc>>>,
    /// Evaluation settings.
    pub evaluation: Option<EvaluationInput>,
}

fn optional_text(field: &str, raw: Option<String>, max: usize, multiline: bool) -> Result<Option<String>, FieldError> {
    raw.filter(|t| !t.trim().is_empty()).map(|t| clean_text(field, &t, 1, max, multiline)).transpose()
}

impl ChallengeContent {
    /// Validates a new challenge (every required field present).
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each missing or wrong field.
    pub fn create(input: ChallengeInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let required = |v: &mut Validation, field: &str, present: bool| {
            if !present {
                v.push(FieldError::new(field, "required", "is required"));
            }
        };
        required(&mut v, "slug", input.slug.is_some());
        required(&mut v, "title_it", input.title_it.is_some());
        required(&mut v, "description_it", input.description_it.is_some());
        required(&mut v, "sponsor_id", input.sponsor_id.is_some());
        required(&mut v, "opens_at", input.opens_at.is_some());
        v.finish()?;
        let base = Self {
            slug: String::new(),
            title_it: String::new(),
            title_en: None,
            description_it: String::new(),
            description_en: None,
            sponsor_id: OrganizationId::new(),
            tags: BTreeSet::new(),
            opens_at: DateTime::<Utc>::MIN_UTC,
            closes_at: None,
            evaluation: EvaluationSettings::default(),
        };
        base.edit(input)
    }

    /// Applies an edit: given fields replace the current ones; the result is validated whole.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong field.
    pub fn edit(&self, input: ChallengeInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut next = self.clone();
        if let Some(slug) = input.slug.and_then(|s| v.check(parse_slug(&s))) {
            next.slug = slug;
        }
        if let Some(title) = input.title_it.and_then(|t| v.check(clean_text("title_it", &t, 3, 200, false))) {
            next.title_it = title;
        }
        if let Some(title) = input.title_en {
            next.title_en = v.check(optional_text("title_en", title, 200, false)).flatten();
        }
        if let Some(text) =
            input.description_it.and_then(|t| v.check(clean_text("description_it", &t, 1, 20_000, true)))
        {
            next.description_it = text;
        }
        if let Some(text) = input.description_en {
            next.description_en = v.check(optional_text("description_en", text, 20_000, true)).flatten();
        }
        if let Some(sponsor) = input.sponsor_id {
            next.sponsor_id = sponsor;
        }
        if let Some(tags) = input.tags.and_then(|t| v.check(parse_tags(&t))) {
            next.tags = tags;
        }
        if let Some(opens_at) = input.opens_at {
            next.opens_at = opens_at;
        }
        if let Some(closes_at) = input.closes_at {
            next.closes_at = closes_at;
        }
        if let Some(closes_at) = next.closes_at
            && closes_at <= next.opens_at
        {
            v.push(FieldError::new("closes_at", "before_opening", "must be after opens_at"));
        }
        if let Some(evaluation) = &input.evaluation {
            match next.evaluation.with(evaluation) {
                Ok(settings) => next.evaluation = settings,
                Err(DomainError::Invalid(fields)) => fields.into_iter().for_each(|f| v.push(f)),
                Err(other) => return Err(other),
            }
        }
        v.finish()?;
        Ok(next)
    }

    /// Whether the window is open at `now`.
    pub fn window_contains(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && self.closes_at.is_none_or(|closes| now < closes)
    }
}

/// A challenge.
#[derive(Debug, Clone, PartialEq)]
pub struct Challenge {
    /// Id.
    pub id: ChallengeId,
    /// Content.
    pub content: ChallengeContent,
    /// State.
    pub state: ChallengeState,
    /// Revision, for ETags: every change increments it.
    pub revision: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl Challenge {
    /// Whether it accepts submissions at `now`: open, and inside its window.
    pub fn accepts_submissions(&self, now: DateTime<Utc>) -> bool {
        self.state == ChallengeState::Open && self.content.window_contains(now)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn input() -> ChallengeInput {
        ChallengeInput {
            slug: Some("telemedicina".to_owned()),
            title_it: Some("Telemedicina per le aree interne".to_owned()),
            description_it: Some("Servizi di televisita.".to_owned()),
            sponsor_id: Some(OrganizationId::new()),
            opens_at: Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().unwrap_or_default()),
            closes_at: Some(Some(Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).single().unwrap_or_default())),
            ..ChallengeInput::default()
        }
    }

    fn fields(error: DomainError) -> Vec<String> {
        match error {
            DomainError::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
            other => vec![other.to_string()],
        }
    }

    #[test]
    fn a_new_challenge_needs_its_fields_and_gets_the_defaults() {
        let missing = ChallengeContent::create(ChallengeInput::default()).map_err(fields);
        assert_eq!(
            missing,
            Err(vec![
                "slug".into(),
                "title_it".into(),
                "description_it".into(),
                "sponsor_id".into(),
                "opens_at".into()
            ])
        );
        let content = ChallengeContent::create(input()).expect("valid");
        assert_eq!(content.evaluation, EvaluationSettings::default());
        assert_eq!(content.evaluation.weights, [25; 4]);
    }

    #[test]
    fn evaluation_settings_are_validated_as_a_whole() {
        let content = ChallengeContent::create(input()).expect("valid");
        let unbalanced = EvaluationInput { weights: vec![("talent_skills".into(), 40)], ..EvaluationInput::default() };
        assert_eq!(content.evaluation.with(&unbalanced).map_err(fields), Err(vec!["evaluation.weights".into()]));
        let balanced = EvaluationInput {
            weights: vec![("talent_skills".into(), 40), ("growth_development".into(), 10)],
            thresholds: vec![("security_sovereignty".into(), 3.5)],
            overall_threshold: Some(2.5),
            min_reviews: Some(2),
        };
        let settings = content.evaluation.with(&balanced).expect("valid");
        assert_eq!(settings.weights, [25, 10, 40, 25]);
        assert_eq!(settings.thresholds[0].value(), 3.5);
        let wrong = EvaluationInput {
            weights: vec![("luck".into(), 10)],
            thresholds: vec![("talent_skills".into(), 3.2)],
            overall_threshold: Some(6.0),
            min_reviews: Some(0),
        };
        let errors = content.evaluation.with(&wrong).map_err(fields).expect_err("invalid");
        for field in [
            "evaluation.weights.luck",
            "evaluation.thresholds.talent_skills",
            "evaluation.overall_threshold",
            "evaluation.min_reviews",
        ] {
            assert!(errors.contains(&field.to_owned()), "{field} in {errors:?}");
        }
    }

    #[test]
    fn the_window_and_the_state_decide_submissions() {
        let content = ChallengeContent::create(input()).expect("valid");
        let closes = content.closes_at.expect("closes");
        let mut challenge = Challenge {
            id: ChallengeId::new(),
            content,
            state: ChallengeState::Open,
            revision: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        };
        assert!(challenge.accepts_submissions(closes - chrono::Duration::seconds(1)));
        assert!(!challenge.accepts_submissions(closes), "closes_at is excluded");
        assert!(!challenge.accepts_submissions(closes + chrono::Duration::seconds(1)));
        assert!(!challenge.accepts_submissions(challenge.content.opens_at - chrono::Duration::seconds(1)));
        challenge.state = ChallengeState::Draft;
        assert!(!challenge.accepts_submissions(closes - chrono::Duration::days(1)));
        let reversed = challenge
            .content
            .edit(ChallengeInput { closes_at: Some(Some(challenge.content.opens_at)), ..ChallengeInput::default() });
        assert_eq!(reversed.map_err(fields), Err(vec!["closes_at".into()]));
    }

    #[test]
    fn challenge_transitions() {
        use ChallengeAction as A;
        use ChallengeState as S;
        for from in S::ALL {
            for action in [A::Open, A::Close, A::Archive] {
                let expected = match (from, action) {
                    (S::Draft, A::Open) => Some(S::Open),
                    (S::Open, A::Close) => Some(S::Closed),
                    (S::Closed, A::Archive) => Some(S::Archived),
                    _ => None,
                };
                assert_eq!(action.apply(from).ok(), expected, "{from} {}", action.as_str());
            }
        }
    }

    #[test]
    fn slugs_and_tags() {
        assert!(parse_slug("open-call").is_ok());
        for bad in ["ab", "Open", "a--b", "-ab", "ab-", "a b", "àbc"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_tags(&["Cloud".into(), "cloud".into(), "open-data".into()]).map(|t| t.len()), Ok(2));
        assert_eq!(parse_tags(&["ok".into(), "not ok".into()]).map_err(|e| e.field), Err("tags[1]".to_owned()));
    }
}
