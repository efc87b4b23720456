//! Adoption and reuse (CAD art. 68–69): an administration declares that it adopts a catalogue service
//! (planned, in use, discontinued); the service's provider and its adopters form its reuse community,
//! whose members write to each other through the hub.

use chrono::{DateTime, NaiveDate, Utc};

use crate::actor::Actor;
use crate::catalogue::{ServiceId, ServiceState};
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, UserId};
use crate::named::named_enum;
use crate::need::require_officer;
use crate::text::{Note, clean_text};

named_enum!(
    /// Where an administration is with a service it adopts.
    AdoptionState, "state", "unknown_state" {
        /// It means to adopt it.
        Planned = "planned",
        /// It uses it.
        InUse = "in_use",
        /// It used it and no longer does.
        Discontinued = "discontinued",
    }
);

impl AdoptionState {
    /// Whether an administration in this state belongs to the service's reuse community.
    pub fn in_community(self) -> bool {
        matches!(self, Self::Planned | Self::InUse)
    }
}

/// The longest note on an adoption, in characters.
pub const NOTE_MAX: usize = 2_000;

/// An adoption as an officer declares it, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionContent {
    /// Where the administration is with it.
    pub state: AdoptionState,
    /// When it started using it, or means to.
    pub started_on: Option<NaiveDate>,
    /// When it stopped (a discontinued adoption only).
    pub ended_on: Option<NaiveDate>,
    /// What it adds (how it uses the service, what it changed).
    pub note: Option<Note>,
    /// Whether the public sees it among the adopters (community members always do).
    pub listed: bool,
}

/// An adoption as given.
#[derive(Debug, Clone, Default)]
pub struct AdoptionInput {
    /// The state's name.
    pub state: Option<String>,
    /// `YYYY-MM-DD`.
    pub started_on: Option<String>,
    /// `YYYY-MM-DD`.
    pub ended_on: Option<String>,
    /// The note.
    pub note: Option<String>,
    /// Listed publicly (default: yes).
    pub listed: Option<bool>,
}

fn parse_date(field: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .map(Some)
        .ok_or_else(|| FieldError::new(field, "invalid_date", "must be a date, YYYY-MM-DD"))
}

impl AdoptionContent {
    /// Validates a declaration on `today`, reporting every problem at once: the state is required; a
    /// discontinued adoption says when it ended, and only it has an end; an adoption in use or ended
    /// started no later than today, ended no later than today, and not before it started.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with a field error per broken rule.
    pub fn parse(input: AdoptionInput, today: NaiveDate) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let state = match input.state.as_deref() {
            Some(s) => v.check(s.parse::<AdoptionState>()),
            None => {
                v.push(FieldError::new("state", "required", "is required"));
                None
            }
        };
        let started_on = v.check(parse_date("started_on", input.started_on.as_deref())).flatten();
        let ended = parse_date("ended_on", input.ended_on.as_deref());
        let ended_unreadable = ended.is_err();
        let ended_on = v.check(ended).flatten();
        let note = v.check(Note::parse("note", input.note.as_deref(), NOTE_MAX)).flatten();
        if let Some(state) = state {
            if state == AdoptionState::Discontinued && ended_on.is_none() && !ended_unreadable {
                v.push(FieldError::new("ended_on", "required", "say when the administration stopped using it"));
            }
            if state != AdoptionState::Discontinued && ended_on.is_some() {
                v.push(FieldError::new("ended_on", "not_allowed", "only a discontinued adoption has an end"));
            }
            if state != AdoptionState::Planned && started_on.is_some_and(|d| d > today) {
                v.push(FieldError::new("started_on", "in_the_future", "a service in use started no later than today"));
            }
        }
        if ended_on.is_some_and(|d| d > today) {
            v.push(FieldError::new("ended_on", "in_the_future", "must be no later than today"));
        }
        if let (Some(start), Some(end)) = (started_on, ended_on)
            && end < start
        {
            v.push(FieldError::new("ended_on", "before_start", "must not be before started_on"));
        }
        v.finish()?;
        let state = state.ok_or_else(|| DomainError::invalid("state", "required", "is required"))?;
        Ok(Self { state, started_on, ended_on, note, listed: input.listed.unwrap_or(true) })
    }
}

/// An administration's adoption of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    /// The service.
    pub service_id: ServiceId,
    /// The administration.
    pub organization_id: OrganizationId,
    /// Its name.
    pub organization_name: String,
    /// What it declares.
    pub content: AdoptionContent,
    /// The officer who last declared it.
    pub declared_by: UserId,
    /// First declared.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Whether `actor` may declare `next` for their administration about a service in `state` provided by
/// `provider`, given what it declared before (`previous`): an officer of another administration than the
/// provider; a published service for a new adoption or one planned or in use again; a deprecated or
/// retired service only to record that it was discontinued (or to correct an existing declaration's
/// dates and note without taking it up again).
///
/// # Errors
/// `Forbidden` for who is not an officer; `Conflict`: `own_service` (the provider), `service_not_adoptable`
/// (a draft, or a deprecated or retired service taken up anew).
pub fn adopting(
    actor: &Actor,
    provider: OrganizationId,
    state: ServiceState,
    previous: Option<AdoptionState>,
    next: AdoptionState,
) -> Result<(), DomainError> {
    require_officer(actor)?;
    if actor.organization_id == provider {
        return Err(DomainError::conflict("own_service", "the provider does not adopt its own service"));
    }
    let allowed = match state {
        ServiceState::Published => true,
        ServiceState::Draft => false,
        // Not for new adoptions: an adopter may record that it stopped, or correct what it declared.
        ServiceState::Deprecated | ServiceState::Retired => {
            next == AdoptionState::Discontinued || previous == Some(next)
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(DomainError::conflict(
            "service_not_adoptable",
            format!("a {state} service is not open to new adoptions; only a discontinued one may be recorded"),
        ))
    }
}

/// The names publiccode.yml's `usedBy` lists: the administrations that use the service now and let the
/// public know it, in the order given.
pub fn used_by(adoptions: &[Adoption]) -> Vec<String> {
    adoptions
        .iter()
        .filter(|a| a.content.state == AdoptionState::InUse && a.content.listed)
        .map(|a| a.organization_name.clone())
        .collect()
}

/// The most messages one person relays through the hub in [`MESSAGE_WINDOW_HOURS`].
pub const MESSAGES_PER_WINDOW: usize = 5;
/// The window of [`MESSAGES_PER_WINDOW`], in hours.
pub const MESSAGE_WINDOW_HOURS: i64 = 24;
/// A message's subject, in characters.
pub const SUBJECT: (usize, usize) = (3, 150);
/// A message's body, in characters.
pub const BODY: (usize, usize) = (10, 5_000);

/// A message between members of a reuse community, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityMessage {
    /// One line.
    pub subject: String,
    /// The text.
    pub body: String,
}

impl CommunityMessage {
    /// Validates subject and body.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] on `subject` and `body`.
    pub fn parse(subject: Option<&str>, body: Option<&str>) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let required = |v: &mut Validation, field: &str| v.push(FieldError::new(field, "required", "is required"));
        let subject = match subject {
            Some(s) => v.check(clean_text("subject", s, SUBJECT.0, SUBJECT.1, false)),
            None => {
                required(&mut v, "subject");
                None
            }
        };
        let body = match body {
            Some(b) => v.check(clean_text("body", b, BODY.0, BODY.1, true)),
            None => {
                required(&mut v, "body");
                None
            }
        };
        v.finish()?;
        match (subject, body) {
            (Some(subject), Some(body)) => Ok(Self { subject, body }),
            _ => Err(DomainError::invalid("body", "required", "is required")),
        }
    }
}

#[cfg(test)]
mod tests;
