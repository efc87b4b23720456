//! Webhooks (issue 20): endpoints that organisations (for their own proposals, services and adoptions)
//! and admins (for the whole hub) register to be told what happened, signed per the Standard Webhooks
//! specification. This module decides what an endpoint is, which audited change raises which event and
//! for whom, who manages an endpoint, which addresses a delivery may reach, when a failed delivery is
//! tried again and when a dead endpoint is disabled. Delivering is the worker's, storing the store's.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::actor::{Actor, Role, Scope};
use crate::audit::AuditEvent;
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, id_type};
use crate::named::named_enum;

mod address;
#[cfg(test)]
mod tests;

pub use address::{AddressPolicy, Refusal};

id_type!(
    /// Identifies a webhook endpoint.
    EndpointId,
    "webhook endpoint"
);
id_type!(
    /// Identifies one delivery of an event to an endpoint.
    DeliveryId,
    "webhook delivery"
);

named_enum!(
    /// What an endpoint is told about. `webhook.ping` is sent on request to one endpoint, never subscribed to.
    EventType, "events", "unknown_event" {
        /// A proposal moved in the funnel (submitted, screened, revision requested, resubmitted, withdrawn,
        /// promoted, reopened), except by a decision.
        ProposalMoved = "proposal.moved",
        /// The hub decided a proposal: accepted or rejected.
        ProposalDecided = "proposal.decided",
        /// An evaluator submitted a review of a proposal.
        ReviewSubmitted = "review.submitted",
        /// The team was sent the grounds for a rejection (art. 10-bis L. 241/1990).
        NoticeIssued = "notice.issued",
        /// The team sent its observations on the grounds.
        NoticeAnswered = "notice.answered",
        /// The team asked for a review of the decision.
        RedressFiled = "redress.filed",
        /// A hub manager handled the request: rejected it, or reopened the evaluation.
        RedressHandled = "redress.handled",
        /// A catalogue service was published.
        ServicePublished = "service.published",
        /// A catalogue service was deprecated.
        ServiceDeprecated = "service.deprecated",
        /// A catalogue service was retired.
        ServiceRetired = "service.retired",
        /// An administration declared (or changed) its adoption of a service.
        AdoptionDeclared = "adoption.declared",
        /// A test event its owner asked for.
        Ping = "webhook.ping",
    }
);

impl EventType {
    /// Whether an endpoint may subscribe to it (every type but the ping).
    pub fn subscribable(self) -> bool {
        self != Self::Ping
    }
}

/// The most events one endpoint lists, and the longest URL and description.
pub const URL_MAX: usize = 2000;
/// See [`URL_MAX`].
pub const DESCRIPTION_MAX: usize = 200;

/// An endpoint's URL: absolute `https` or `http`, with a host, without credentials or fragment. Where it
/// may point is [`AddressPolicy`]'s to say, at registration and at each delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl {
    url: String,
    host: String,
}

impl EndpointUrl {
    /// Parses and checks a URL.
    ///
    /// # Errors
    /// `url` field errors: `invalid_url`, `unsupported_scheme`, `credentials_in_url`, `too_long`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let field = "url";
        let raw = raw.trim();
        if raw.chars().count() > URL_MAX {
            return Err(FieldError::new(field, "too_long", format!("at most {URL_MAX} characters")));
        }
        let url = url::Url::parse(raw)
            .map_err(|e| FieldError::new(field, "invalid_url", format!("is not an absolute URL: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(FieldError::new(field, "unsupported_scheme", "must be an https (or http) URL"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FieldError::new(field, "credentials_in_url", "must not carry a user name or password"));
        }
        if url.fragment().is_some() {
            return Err(FieldError::new(field, "invalid_url", "must not carry a fragment (#…)"));
        }
        if url.port() == Some(0) {
            return Err(FieldError::new(field, "invalid_url", "port 0 reaches no server"));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(FieldError::new(field, "invalid_url", "must name a host")),
        };
        // Stored as written out (each non-ASCII character as up to twelve) and read back through this check:
        // the limit holds for what is stored.
        let url = url.to_string();
        if url.len() > URL_MAX {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("at most {URL_MAX} characters once written out (a non-ASCII character takes up to twelve)"),
            ));
        }
        Ok(Self { url, host })
    }

    /// The URL, normalised.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host: a domain name (lower case) or an IP address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The address the host names, when it is an IP address rather than a domain name.
    pub fn ip(&self) -> Option<IpAddr> {
        self.host.parse().ok()
    }
}

/// What an endpoint's owner writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointContent {
    /// Where deliveries are posted.
    pub url: EndpointUrl,
    /// A note for its owner ("Protocollo dell'ateneo").
    pub description: String,
    /// What it is told about (at least one).
    pub events: BTreeSet<EventType>,
}

impl EndpointContent {
    /// Checks every field together.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each field wrong.
    pub fn parse(url: &str, description: Option<&str>, events: &[String]) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let url = v.check(EndpointUrl::parse(url));
        // One line of text as every name and title is: no control, invisible or bidirectional character.
        let description =
            v.check(crate::text::clean_text("description", description.unwrap_or_default(), 0, DESCRIPTION_MAX, false));
        let mut parsed = BTreeSet::new();
        for (i, name) in events.iter().enumerate() {
            match name.parse::<EventType>() {
                Ok(kind) if kind.subscribable() => {
                    parsed.insert(kind);
                }
                _ => v.push(FieldError::new(format!("events[{i}]"), "unknown_event", subscribable_names())),
            }
        }
        if events.is_empty() {
            v.push(FieldError::new("events", "required", "choose at least one event"));
        }
        v.finish()?;
        let url = url.ok_or_else(|| DomainError::invalid("url", "invalid_url", "is not a URL"))?;
        Ok(Self { url, description: description.unwrap_or_default(), events: parsed })
    }
}

fn subscribable_names() -> String {
    let names: Vec<&str> = EventType::ALL.iter().filter(|e| e.subscribable()).map(|e| e.as_str()).collect();
    format!("must be one of {}", names.join(", "))
}

named_enum!(
    /// Whether an endpoint is sent its events.
    EndpointState, "state", "unknown_state" {
        /// Sent its events.
        Active = "active",
        /// Sent nothing: its owner paused it, or the hub did after repeated failures. Events raised meanwhile
        /// are not queued for it.
        Disabled = "disabled",
    }
);

/// Whose an endpoint is: an organisation's (its proposals, services and adoptions) or the hub's (everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// An organisation's.
    Organization(OrganizationId),
    /// The hub's, registered by an admin.
    Hub,
}

impl Owner {
    /// Who may manage an endpoint of this owner: an admin (any endpoint), or the owner of the organisation.
    /// Through a token, `admin` for an admin and `webhooks` for an organisation's owner.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for anyone else (they may not know the endpoint exists); `Forbidden` for a
    /// token without the scope.
    pub fn check_manager(self, actor: &Actor) -> Result<(), DomainError> {
        if actor.has_role(Role::Admin) && actor.has_scope(Scope::Admin) {
            return Ok(());
        }
        match self {
            Self::Organization(org) if org == actor.organization_id && actor.is_org_owner => {
                actor.require_scope(Scope::Webhooks)
            }
            _ => Err(DomainError::NotFound(EndpointId::WHAT)),
        }
    }

    /// The owner a new endpoint by `actor` gets: the hub's when an admin asks for it, else the caller's
    /// organisation, which the caller must own.
    ///
    /// # Errors
    /// `Forbidden` for a caller who neither is an admin (for the hub) nor owns their organisation.
    pub fn for_new(actor: &Actor, hub: bool) -> Result<Self, DomainError> {
        if hub {
            actor.require(Role::Admin, Scope::Admin)?;
            return Ok(Self::Hub);
        }
        if !actor.is_org_owner {
            return Err(DomainError::Forbidden(
                "only the owner of an organisation registers its webhook endpoints".to_owned(),
            ));
        }
        actor.require_scope(Scope::Webhooks)?;
        Ok(Self::Organization(actor.organization_id))
    }

    /// Whether an event concerning `organizations` is this owner's to hear of.
    pub fn concerned(self, organizations: &BTreeSet<String>) -> bool {
        match self {
            Self::Hub => true,
            Self::Organization(org) => organizations.contains(&org.to_string()),
        }
    }
}

/// What an audited change is about, for the store to find whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A proposal: its organisation's.
    Proposal(String),
    /// A review (an assignment): its proposal's organisation's.
    Review(String),
    /// A catalogue service: its provider's and its adopters'.
    Service(String),
}

/// The event an audited change raises: its type, what it is about, another organisation concerned (the
/// adopter of an adoption), and its data (ids and states, never free text nor personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    /// The type.
    pub kind: EventType,
    /// What it is about.
    pub subject: Subject,
    /// Another organisation concerned.
    pub also: Option<String>,
    /// The event's data.
    pub data: BTreeMap<String, String>,
}

/// The event an audited change raises, if any: one home for "which change is which event".
pub fn raised(event: &AuditEvent) -> Option<Raised> {
    let detail = |key: &str| event.details.get(key).cloned();
    let mut data = BTreeMap::new();
    let mut keep = |key: &str| {
        if let Some(value) = detail(key) {
            data.insert(key.to_owned(), value);
        }
    };
    let proposal = || Subject::Proposal(event.target_id.clone());
    let (kind, subject) = match event.action {
        "proposal.moved" => {
            let action = detail("action").unwrap_or_default();
            let kind = match action.as_str() {
                "decide_accept" | "decide_reject" => EventType::ProposalDecided,
                _ => EventType::ProposalMoved,
            };
            for key in ["action", "from", "to"] {
                keep(key);
            }
            (kind, proposal())
        }
        "review.moved" if detail("action").as_deref() == Some("submit") => {
            (EventType::ReviewSubmitted, Subject::Review(event.target_id.clone()))
        }
        "proposal.grounds_notified" => {
            keep("due_at");
            (EventType::NoticeIssued, proposal())
        }
        "proposal.observations_sent" => (EventType::NoticeAnswered, proposal()),
        "proposal.redress_filed" => (EventType::RedressFiled, proposal()),
        "proposal.redress_handled" => {
            keep("outcome");
            (EventType::RedressHandled, proposal())
        }
        "service.state_changed" => {
            let kind = match detail("to").as_deref() {
                Some("published") => EventType::ServicePublished,
                Some("deprecated") => EventType::ServiceDeprecated,
                Some("retired") => EventType::ServiceRetired,
                _ => return None,
            };
            for key in ["slug", "from", "to"] {
                keep(key);
            }
            (kind, Subject::Service(event.target_id.clone()))
        }
        "adoption.declared" => {
            keep("organization_id");
            keep("state");
            (EventType::AdoptionDeclared, Subject::Service(event.target_id.clone()))
        }
        _ => return None,
    };
    keep("version");
    let also = if kind == EventType::AdoptionDeclared { detail("organization_id") } else { None };
    Some(Raised { kind, subject, also, data })
}

named_enum!(
    /// Where one delivery (an event to an endpoint) stands.
    DeliveryStatus, "status", "unknown_status" {
        /// Waiting for an attempt (the first, or a retry after a failure).
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
        /// Every attempt failed; its owner may redeliver it.
        Failed = "failed",
    }
);

/// The waits between attempts, after the Standard Webhooks' recommended schedule: at once, then after
/// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (eight attempts over about a day and a half).
const RETRY_SCHEDULE: [i64; 7] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];

/// The most attempts one delivery gets before it fails (a redelivery gets as many again).
pub const MAX_ATTEMPTS: i32 = RETRY_SCHEDULE.len() as i32 + 1;

/// How long to wait after `attempts` failed attempts before the next, or `None` when the delivery fails.
pub fn retry_delay(attempts: i32) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_SCHEDULE.get(index).map(|s| Duration::seconds(*s))
}

/// When the hub disables an endpoint that keeps failing: after `failures` failed attempts in a row
/// spanning at least `period` (an endpoint down for a night is not disabled by a burst of events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisablePolicy {
    /// Failed attempts in a row.
    pub failures: i32,
    /// How long the failures have lasted, from the first.
    pub period: Duration,
}

impl Default for DisablePolicy {
    fn default() -> Self {
        Self { failures: 15, period: Duration::days(3) }
    }
}

impl DisablePolicy {
    /// Whether an endpoint that has failed `failures` times in a row since `since` is disabled at `now`.
    pub fn disables(&self, failures: i32, since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        failures >= self.failures && since.is_some_and(|s| now - s >= self.period)
    }
}

/// How long the previous secret still signs deliveries after a rotation, by default, and at most.
pub const OVERLAP_DEFAULT_HOURS: i64 = 24;
/// See [`OVERLAP_DEFAULT_HOURS`].
pub const OVERLAP_MAX_HOURS: i64 = 7 * 24;

/// Checks the overlap asked for a rotation, in hours (0: the old secret stops at once).
///
/// # Errors
/// `overlap_hours` out of range (0 to a week).
pub fn overlap(hours: Option<i64>) -> Result<Duration, DomainError> {
    let hours = hours.unwrap_or(OVERLAP_DEFAULT_HOURS);
    if !(0..=OVERLAP_MAX_HOURS).contains(&hours) {
        return Err(DomainError::invalid(
            "overlap_hours",
            "out_of_range",
            format!("must be between 0 and {OVERLAP_MAX_HOURS} hours"),
        ));
    }
    Ok(Duration::hours(hours))
}
