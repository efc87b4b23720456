//! Needs (*fabbisogni*): what a verified administration states it needs, before any challenge exists.
//! Other administrations co-sign it; hub managers merge duplicates, turn needs into a challenge (their
//! administrations become its co-sponsors) or close them with a reason.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role, Scope};
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::{OrganizationId, UserId};
use crate::named::named_enum;
use crate::pillar::Pillar;
use crate::text::clean_text;

crate::ids::id_type!(
    /// Identifies a need.
    NeedId,
    "need"
);

named_enum!(
    /// Where a need is in its life.
    NeedState, "state", "unknown_state" {
        /// Stated, open to co-signatures and to the hub's triage.
        Open = "open",
        /// A duplicate, merged into another need (its co-signers carried over).
        Merged = "merged",
        /// Turned into a challenge.
        Converted = "converted",
        /// Closed by the hub with a reason.
        Closed = "closed",
    }
);

named_enum!(
    /// How urgent the administration says the need is.
    Urgency, "urgency", "unknown_urgency" {
        /// Within a few years.
        Low = "low",
        /// Within a year or two.
        Medium = "medium",
        /// Now: a service is missing or failing.
        High = "high",
    }
);

/// The most people a need (or a co-signature) may say it serves: more than Italy's population.
pub const POPULATION_MAX: i64 = 100_000_000;
/// The largest budget, in euros.
pub const BUDGET_MAX: i64 = 1_000_000_000_000;

/// What an officer states, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedContent {
    /// Title, 5 to 200 characters.
    pub title: String,
    /// What is needed and why (Markdown), 20 to 10,000 characters.
    pub description: String,
    /// The pillars it concerns (at least one).
    pub pillars: BTreeSet<Pillar>,
    /// Tags, as a challenge's.
    pub tags: BTreeSet<String>,
    /// How urgent.
    pub urgency: Urgency,
    /// How many people (citizens or users) the administration serves with it.
    pub population: i64,
    /// The budget range the administration foresees, in euros (both ends or neither).
    pub budget: Option<(i64, i64)>,
    /// Whether everyone, anonymous visitors included, may read it.
    pub public: bool,
}

/// A need's content as given.
#[derive(Debug, Clone, Default)]
pub struct NeedInput {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Pillar keys.
    pub pillars: Option<Vec<String>>,
    /// Tags.
    pub tags: Option<Vec<String>>,
    /// Urgency name.
    pub urgency: Option<String>,
    /// People served.
    pub population: Option<i64>,
    /// Lowest budget, in euros.
    pub budget_min_eur: Option<i64>,
    /// Highest budget, in euros.
    pub budget_max_eur: Option<i64>,
    /// Public or not (default: public).
    pub public: Option<bool>,
}

/// Checks a number of people served.
///
/// # Errors
/// A [`FieldError`] on `field` outside 1..=[`POPULATION_MAX`].
pub fn parse_population(field: &str, value: i64) -> Result<i64, FieldError> {
    if (1..=POPULATION_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new(field, "out_of_range", format!("must be between 1 and {POPULATION_MAX}")))
    }
}

impl NeedContent {
    /// Validates every field, reporting all problems at once.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] with a field error per broken rule.
    pub fn parse(input: NeedInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let required = |v: &mut Validation, field: &str| v.push(FieldError::new(field, "required", "is required"));
        let title = match input.title {
            Some(t) => v.check(clean_text("title", &t, 5, 200, false)),
            None => {
                required(&mut v, "title");
                None
            }
        };
        let description = match input.description {
            Some(t) => v.check(clean_text("description", &t, 20, 10_000, true)),
            None => {
                required(&mut v, "description");
                None
            }
        };
        let pillars = match input.pillars {
            Some(keys) if keys.is_empty() => {
                v.push(FieldError::new("pillars", "required", "name at least one pillar"));
                None
            }
            Some(keys) => {
                let mut set = BTreeSet::new();
                for (i, key) in keys.iter().enumerate() {
                    match key.parse::<Pillar>() {
                        Ok(p) => {
                            set.insert(p);
                        }
                        Err(e) => v.push(FieldError { field: format!("pillars[{i}]"), ..e }),
                    }
                }
                Some(set)
            }
            None => {
                required(&mut v, "pillars");
                None
            }
        };
        let tags = v.check(crate::challenge::parse_tags(&input.tags.unwrap_or_default()));
        let urgency = match input.urgency {
            Some(u) => v.check(u.parse::<Urgency>()),
            None => {
                required(&mut v, "urgency");
                None
            }
        };
        let population = match input.population {
            Some(p) => v.check(parse_population("population", p)),
            None => {
                required(&mut v, "population");
                None
            }
        };
        let budget = match (input.budget_min_eur, input.budget_max_eur) {
            (None, None) => Some(None),
            (Some(min), Some(max)) if (0..=BUDGET_MAX).contains(&min) && (0..=BUDGET_MAX).contains(&max) => {
                if min <= max {
                    Some(Some((min, max)))
                } else {
                    v.push(FieldError::new("budget_max_eur", "below_minimum", "must not be below budget_min_eur"));
                    None
                }
            }
            (Some(_), Some(_)) => {
                v.push(FieldError::new("budget_max_eur", "out_of_range", format!("must be 0 to {BUDGET_MAX}")));
                None
            }
            (None, Some(_)) => {
                v.push(FieldError::new("budget_min_eur", "required", "give both ends of the range, or neither"));
                None
            }
            (Some(_), None) => {
                v.push(FieldError::new("budget_max_eur", "required", "give both ends of the range, or neither"));
                None
            }
        };
        v.finish()?;
        match (title, description, pillars, tags, urgency, population, budget) {
            (
                Some(title),
                Some(description),
                Some(pillars),
                Some(tags),
                Some(urgency),
                Some(population),
                Some(budget),
            ) => Ok(Self {
                title,
                description,
                pillars,
                tags,
                urgency,
                population,
                budget,
                public: input.public.unwrap_or(true),
            }),
            _ => Err(DomainError::invalid("need", "invalid", "is invalid")),
        }
    }
}

/// A need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// Id.
    pub id: NeedId,
    /// The administration that states it.
    pub organization_id: OrganizationId,
    /// The officer who wrote it.
    pub author_id: UserId,
    /// What it says.
    pub content: NeedContent,
    /// Where it is.
    pub state: NeedState,
    /// The need it was merged into.
    pub merged_into: Option<NeedId>,
    /// The challenge it became.
    pub challenge_id: Option<crate::challenge::ChallengeId>,
    /// Why the hub closed it.
    pub closed_reason: Option<String>,
    /// Stated at.
    pub created_at: DateTime<Utc>,
    /// Last changed at.
    pub updated_at: DateTime<Utc>,
    /// Counts its changes: its ETag, which an edit names (`If-Match`).
    pub revision: i32,
}

/// Whether `actor` is an officer of a verified administration acting for it (a token needs the scope
/// `administration`). The role is only held by members of a verified administration.
///
/// # Errors
/// `Forbidden` otherwise.
pub fn require_officer(actor: &Actor) -> Result<(), DomainError> {
    actor.require(Role::Administration, Scope::Administration)
}

/// Whether `actor` triages needs: a hub manager (a token needs `proposals:write`, as for challenges).
///
/// # Errors
/// `Forbidden` otherwise.
pub fn require_triage(actor: &Actor) -> Result<(), DomainError> {
    actor.require(Role::HubManager, Scope::ProposalsWrite)
}

impl Need {
    /// Whether `reader` may read it: a public need everyone; another one the officers of any
    /// administration, the members of its own, hub managers and admins.
    pub fn visible_to(&self, reader: Option<&Actor>) -> bool {
        self.content.public
            || reader.is_some_and(|a| {
                a.organization_id == self.organization_id
                    || a.has_role(Role::Administration)
                    || a.has_role(Role::HubManager)
                    || a.has_role(Role::Admin)
            })
    }

    /// Whether it is still open to co-signatures and triage.
    ///
    /// # Errors
    /// `Conflict(need_not_open)` otherwise.
    pub fn ensure_open(&self) -> Result<(), DomainError> {
        if self.state == NeedState::Open {
            Ok(())
        } else {
            Err(DomainError::conflict("need_not_open", format!("the need is {}, no longer open", self.state)))
        }
    }

    /// Whether `actor` may co-sign it for their administration: an officer of another one, while open.
    ///
    /// # Errors
    /// `Forbidden` for who is not an officer; `Conflict` (`own_need`, `need_not_open`).
    pub fn cosigning(&self, actor: &Actor) -> Result<(), DomainError> {
        require_officer(actor)?;
        if actor.organization_id == self.organization_id {
            return Err(DomainError::conflict("own_need", "an administration does not co-sign its own need"));
        }
        self.ensure_open()
    }

    /// Whether `actor` may edit what it says: an officer of the administration that stated it, while
    /// it is open.
    ///
    /// # Errors
    /// `Forbidden` for anyone else; `Conflict(need_not_open)` once merged, converted or closed.
    pub fn editing(&self, actor: &Actor) -> Result<(), DomainError> {
        require_officer(actor)?;
        if actor.organization_id != self.organization_id {
            return Err(DomainError::Forbidden(
                "only the officers of the administration that stated the need edit it".to_owned(),
            ));
        }
        self.ensure_open()
    }

    /// Whether an edit made on `revision` (the ETag its editor read) is made on the need as it is now.
    ///
    /// # Errors
    /// `PreconditionFailed` when it changed since.
    pub fn at_revision(&self, revision: i32) -> Result<(), DomainError> {
        if self.revision == revision {
            Ok(())
        } else {
            Err(DomainError::PreconditionFailed("the need changed since you read it; read it again".to_owned()))
        }
    }

    /// Whether `into` may absorb it: another need, open like this one.
    ///
    /// # Errors
    /// `Conflict` (`need_not_open`, `same_need`).
    pub fn merging_into(&self, into: &Self) -> Result<(), DomainError> {
        self.ensure_open()?;
        if self.id == into.id {
            return Err(DomainError::conflict("same_need", "a need is not merged into itself"));
        }
        into.ensure_open()
    }
}

/// A co-signature: another administration says "we need this too".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    /// The administration.
    pub organization_id: OrganizationId,
    /// Its name.
    pub organization_name: String,
    /// The officer who signed.
    pub user_id: UserId,
    /// What it adds.
    pub note: Option<String>,
    /// How many people it serves with it.
    pub population: Option<i64>,
    /// Signed at.
    pub created_at: DateTime<Utc>,
}

/// How many administrations a need concerns and how many people: its own and its co-signers'.
pub fn reach(need: &Need, cosignatures: &[Cosignature]) -> (usize, i64) {
    let people = cosignatures.iter().filter_map(|c| c.population).fold(need.content.population, i64::saturating_add);
    (1 + cosignatures.len(), people)
}

mod edit;

pub use edit::{NeedField, NeedPatch};

#[cfg(test)]
mod tests;
