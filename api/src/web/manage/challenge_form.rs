//! The challenge form as a browser sends it, read into the API's own request (so that the same rules
//! judge it), and the form's values and errors to show again. Its annex rows: [`super::challenge_annexes`].

use domain::{Challenge, DomainError, FieldError, Locale, Pillar};
use serde::Deserialize;
use serde::de::value::MapDeserializer;

use super::challenge_annexes::AnnexRows;
use crate::routes::challenges::{ChallengeRequest, EvaluationRequest};
use crate::web::Tr;
use crate::web::fields::FieldErrors;
use crate::web::proposals::{euro, parse_euro};

/// The form's fields, as typed (the evaluation's by pillar key).
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ChallengeForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub title_it: String,
    #[serde(default)]
    pub title_en: String,
    #[serde(default)]
    pub description_it: String,
    #[serde(default)]
    pub description_en: String,
    #[serde(default)]
    pub sponsor_id: String,
    /// The responsible officer's account (hub managers' desk only; empty: whoever opens it).
    #[serde(default)]
    pub responsible_id: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default, rename = "weight-security_sovereignty")]
    pub weight_security: String,
    #[serde(default, rename = "weight-growth_development")]
    pub weight_growth: String,
    #[serde(default, rename = "weight-talent_skills")]
    pub weight_talent: String,
    #[serde(default, rename = "weight-effectiveness_sustainability")]
    pub weight_effectiveness: String,
    #[serde(default, rename = "threshold-security_sovereignty")]
    pub threshold_security: String,
    #[serde(default, rename = "threshold-growth_development")]
    pub threshold_growth: String,
    #[serde(default, rename = "threshold-talent_skills")]
    pub threshold_talent: String,
    #[serde(default, rename = "threshold-effectiveness_sustainability")]
    pub threshold_effectiveness: String,
    #[serde(default)]
    pub overall_threshold: String,
    #[serde(default)]
    pub min_reviews: String,
    /// When its proposals need a consensus report: `when_needed` or `always`.
    #[serde(default)]
    pub consensus: String,
    /// Notice of the grounds before a rejection (art. 10-bis): a ticked box sends a value.
    #[serde(default)]
    pub notice_of_grounds: String,
    /// The term for observations, in days.
    #[serde(default)]
    pub notice_days: String,
    /// The term for a request for review, in days.
    #[serde(default)]
    pub redress_days: String,
    /// The team's response to the reviews: a ticked box sends a value.
    #[serde(default)]
    pub response: String,
    /// The term for the response, in days.
    #[serde(default)]
    pub response_days: String,
    /// Whether the team reads the reviews' scores: a ticked box sends a value.
    #[serde(default)]
    pub response_scores: String,
    /// What it can fund in all, in euro as written in the visitor's language (empty: no budget).
    #[serde(default)]
    pub budget: String,
    /// Its administrations asked for opinions: a ticked box sends a value, an unticked one nothing.
    #[serde(default)]
    pub sponsor_opinions: String,
    /// The revision read (edits only).
    #[serde(default)]
    pub revision: String,
    /// The annexes it asks for, one row each (read by [`Posted`]: their fields are numbered).
    #[serde(skip)]
    pub annexes: AnnexRows,
}

/// The form as posted: its fields by name, and its numbered annex rows.
#[derive(Debug)]
pub struct Posted(pub ChallengeForm);

impl<'de> Deserialize<'de> for Posted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pairs = Vec::<(String, String)>::deserialize(deserializer)?;
        let named = pairs.iter().filter(|(name, _)| !AnnexRows::is_row_field(name));
        let fields = MapDeserializer::<_, serde::de::value::Error>::new(named.map(|(k, v)| (k.as_str(), v.as_str())));
        let mut form = ChallengeForm::deserialize(fields).map_err(serde::de::Error::custom)?;
        form.annexes = AnnexRows::posted(&pairs);
        Ok(Self(form))
    }
}

/// A day as a date input shows it, in Rome.
fn day(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Rome).format("%Y-%m-%d").to_string()
}

/// A number on the 0–5 scale as the form shows it.
fn half(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

impl ChallengeForm {
    /// The form of a new challenge: the hub's default settings, opening today.
    pub fn blank(now: chrono::DateTime<chrono::Utc>) -> Self {
        let defaults = domain::EvaluationSettings::default();
        let mut form = Self { opens_at: day(&now), annexes: AnnexRows::blank(), ..Self::default() };
        form.set_evaluation(&defaults);
        form
    }

    /// The form of `challenge` as it is, its amounts written as `tr`'s language writes them.
    pub fn of(challenge: &Challenge, tr: Tr) -> Self {
        let c = &challenge.content;
        let mut form = Self {
            slug: c.slug.clone(),
            title_it: c.title_it.clone(),
            title_en: c.title_en.clone().unwrap_or_default(),
            description_it: c.description_it.clone(),
            description_en: c.description_en.clone().unwrap_or_default(),
            sponsor_id: c.sponsor_id.to_string(),
            responsible_id: c.responsible_id.map(|r| r.to_string()).unwrap_or_default(),
            tags: c.tags.iter().cloned().collect::<Vec<_>>().join(", "),
            opens_at: day(&c.opens_at),
            closes_at: c.closes_at.as_ref().map(day).unwrap_or_default(),
            revision: challenge.revision.to_string(),
            sponsor_opinions: if c.sponsor_opinions { "on".to_owned() } else { String::new() },
            budget: c.budget_cents.map(|b| euro(tr, b)).unwrap_or_default(),
            annexes: AnnexRows::of(&c.annexes, tr),
            ..Self::default()
        };
        form.set_evaluation(&c.evaluation);
        form
    }

    fn set_evaluation(&mut self, e: &domain::EvaluationSettings) {
        let [ws, wg, wt, we] = e.weights.map(|w| w.to_string());
        let [ts, tg, tt, te] = e.thresholds.map(|t| half(t.value()));
        (self.weight_security, self.weight_growth, self.weight_talent, self.weight_effectiveness) = (ws, wg, wt, we);
        (self.threshold_security, self.threshold_growth, self.threshold_talent, self.threshold_effectiveness) =
            (ts, tg, tt, te);
        self.overall_threshold = half(e.overall_threshold.value());
        self.min_reviews = e.min_reviews.to_string();
        self.consensus = e.consensus.as_str().to_owned();
        self.notice_of_grounds = if e.notice.required { "on".to_owned() } else { String::new() };
        self.notice_days = e.notice.days.to_string();
        self.redress_days = e.redress_days.to_string();
        self.response = if e.response.allowed { "on".to_owned() } else { String::new() };
        self.response_days = e.response.days.to_string();
        self.response_scores = if e.response.scores { "on".to_owned() } else { String::new() };
    }

    /// The weight typed for `pillar`.
    pub fn weight(&self, pillar: Pillar) -> &str {
        match pillar {
            Pillar::SecuritySovereignty => &self.weight_security,
            Pillar::GrowthDevelopment => &self.weight_growth,
            Pillar::TalentSkills => &self.weight_talent,
            Pillar::EffectivenessSustainability => &self.weight_effectiveness,
        }
    }

    /// The threshold typed for `pillar`.
    pub fn threshold(&self, pillar: Pillar) -> &str {
        match pillar {
            Pillar::SecuritySovereignty => &self.threshold_security,
            Pillar::GrowthDevelopment => &self.threshold_growth,
            Pillar::TalentSkills => &self.threshold_talent,
            Pillar::EffectivenessSustainability => &self.threshold_effectiveness,
        }
    }

    /// The API's request for these fields (`evaluation` left out when it is frozen), or the fields
    /// that are not even numbers or dates.
    ///
    /// # Errors
    /// `validation_failed` naming the inputs that cannot be read.
    pub fn request(&self, with_evaluation: bool, locale: Locale) -> Result<ChallengeRequest, DomainError> {
        let mut wrong = Vec::new();
        let optional = |text: &str| Some(text.trim()).filter(|t| !t.is_empty()).map(str::to_owned);
        let opens_at = match super::start_of(&self.opens_at) {
            Ok(at) => Some(at),
            Err(_) if self.opens_at.trim().is_empty() => None,
            Err(_) => {
                wrong.push(domain::FieldError::new("opens_at", "invalid_type", "must be a date"));
                None
            }
        };
        let closes_at = match optional(&self.closes_at) {
            None => None,
            Some(text) => match super::due_at(&text) {
                Ok(at) => Some(at),
                Err(_) => {
                    wrong.push(domain::FieldError::new("closes_at", "invalid_type", "must be a date"));
                    None
                }
            },
        };
        let budget_cents = match self.budget.trim() {
            "" => Some(None),
            text => parse_euro(text, locale).map(Some).or_else(|| {
                wrong.push(domain::FieldError::new("budget_cents", "not_a_number", "is not an amount in euro"));
                None
            }),
        };
        let evaluation = with_evaluation.then(|| {
            let mut e = EvaluationRequest::default();
            for pillar in Pillar::ALL {
                let key = pillar.key();
                match self.weight(pillar).trim().parse::<i64>() {
                    Ok(w) => _ = e.weights.insert(key.to_owned(), w),
                    Err(_) => wrong.push(domain::FieldError::new(format!("weight-{key}"), "not_a_number", "a number")),
                }
                match self.threshold(pillar).trim().replace(',', ".").parse::<f64>() {
                    Ok(t) => _ = e.thresholds.insert(key.to_owned(), t),
                    Err(_) => {
                        wrong.push(domain::FieldError::new(format!("threshold-{key}"), "not_a_number", "a number"));
                    }
                }
            }
            match self.overall_threshold.trim().replace(',', ".").parse::<f64>() {
                Ok(t) => e.overall_threshold = Some(t),
                Err(_) => wrong.push(domain::FieldError::new("overall_threshold", "not_a_number", "a number")),
            }
            match self.min_reviews.trim().parse::<i64>() {
                Ok(n) => e.min_reviews = Some(n),
                Err(_) => wrong.push(domain::FieldError::new("min_reviews", "not_a_number", "a number")),
            }
            e.consensus = Some(self.consensus.clone()).filter(|c| !c.is_empty());
            e.notice_of_grounds = Some(!self.notice_of_grounds.trim().is_empty());
            e.response = Some(!self.response.trim().is_empty());
            e.response_with_scores = Some(!self.response_scores.trim().is_empty());
            let mut days = |field: &'static str, typed: &str| match typed.trim() {
                "" => None,
                days => {
                    days.parse::<i64>().map_err(|_| wrong.push(FieldError::new(field, "not_a_number", "a number"))).ok()
                }
            };
            e.redress_days = days("redress_days", &self.redress_days);
            e.notice_days = days("notice_days", &self.notice_days);
            e.response_days = days("response_days", &self.response_days);
            e
        });
        let annexes = self.annexes.request(&mut wrong);
        if !wrong.is_empty() {
            return Err(DomainError::Invalid(wrong));
        }
        let tags: Vec<String> =
            self.tags.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        Ok(ChallengeRequest {
            slug: optional(&self.slug),
            title_it: Some(self.title_it.clone()),
            title_en: Some(optional(&self.title_en)),
            description_it: Some(self.description_it.clone()),
            description_en: Some(optional(&self.description_en)),
            sponsor_id: optional(&self.sponsor_id),
            tags: Some(tags),
            opens_at,
            closes_at: Some(closes_at),
            evaluation,
            sponsor_opinions: Some(self.asks_opinions()),
            responsible_id: optional(&self.responsible_id),
            budget_cents,
            annexes,
        })
    }

    /// Whether the box asking the administrations for opinions is ticked.
    pub fn asks_opinions(&self) -> bool {
        !self.sponsor_opinions.trim().is_empty()
    }
}

/// The input a domain field path belongs to.
pub fn input_id(field: &str) -> String {
    let field = field.strip_prefix("evaluation.").unwrap_or(field);
    if let Some(key) = field.strip_prefix("weights.") {
        return format!("weight-{key}");
    }
    if field == "budget_cents" {
        return "budget".to_owned();
    }
    if field == "weights" {
        return "weight-security_sovereignty".to_owned();
    }
    if let Some(key) = field.strip_prefix("thresholds.") {
        return format!("threshold-{key}");
    }
    field.split('[').next().unwrap_or(field).to_owned()
}

/// The errors of a refused form, each beside its input (an annex's beside its row's, in `annexes`).
pub fn errors(tr: Tr, fields: &[domain::FieldError], annexes: &AnnexRows) -> FieldErrors {
    FieldErrors(
        fields
            .iter()
            .map(|f| {
                annexes.error(tr, f).unwrap_or_else(|| (input_id(&f.field), crate::web::fields::message(tr, f.code)))
            })
            .collect(),
    )
}
