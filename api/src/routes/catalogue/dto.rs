//! The catalogue's request and response bodies, and their translation to and from the domain.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::catalogue::publiccode::is_category;
use domain::catalogue::{Contact, Service, ServiceInput, ServiceModel, ServiceState};
use domain::{DomainError, HalfPoints, Pillar};
use persistence::{ServiceFilter, ServiceSort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::routes::double_option;

/// A maintenance contact.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Giulia Bianchi",
    "email": "giulia.bianchi@nuvolaverde.example",
    "phone": "+39 0832 123456",
    "affiliation": "Nuvola Verde S.r.l."
}))]
pub struct ContactDto {
    /// Full name.
    pub name: String,
    /// Email address.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Organisation or role.
    pub affiliation: Option<String>,
}

/// Another service, by slug and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceRef {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
}

/// A catalogue service.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0192f0d6-8192-73a3-84d5-e6f7a8b9cadb",
    "slug": "raccolta-rifiuti-iot",
    "name": "Raccolta rifiuti IoT",
    "state": "published",
    "short_description_it": "Percorsi di raccolta ottimizzati dai sensori di riempimento.",
    "short_description_en": "Collection routes optimised by fill-level sensors.",
    "long_description_it": "Il servizio raccoglie i dati dei sensori installati nei cassonetti e calcola ogni notte i percorsi dei mezzi di raccolta.",
    "long_description_en": null,
    "service_model": "saas",
    "tags": ["data-collection", "data-analytics", "rifiuti"],
    "categories": ["data-collection", "data-analytics"],
    "unexported_tags": ["rifiuti"],
    "provider_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "origin_proposal_id": "0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9",
    "scores": {
        "effectiveness_sustainability": 4.0,
        "growth_development": 3.5,
        "security_sovereignty": 4.5,
        "talent_skills": 3.5
    },
    "score": 3.9,
    "license": "EUPL-1.2",
    "repository_url": "https://github.com/nuvolaverde/raccolta-rifiuti",
    "landing_url": "https://nuvolaverde.example/raccolta",
    "version": "1.2.0",
    "development_status": "stable",
    "release_date": "2026-04-28",
    "supports": ["spid", "cie", "gdpr"],
    "platforms": ["web"],
    "features_it": ["Cruscotto dei cassonetti", "Percorsi ottimizzati"],
    "features_en": ["Bin dashboard", "Optimised routes"],
    "contacts": [
        {
            "name": "Giulia Bianchi",
            "email": "giulia.bianchi@nuvolaverde.example",
            "phone": "+39 0832 123456",
            "affiliation": "Nuvola Verde S.r.l."
        }
    ],
    "deprecation_reason": null,
    "replacement_id": null,
    "replacement": null,
    "published_at": "2026-05-04T10:00:00Z",
    "created_at": "2026-04-15T09:00:00Z",
    "updated_at": "2026-05-04T10:00:00Z"
}))]
pub struct ServiceDto {
    /// Id (UUID v7).
    pub id: String,
    /// URL name, stable once published.
    pub slug: String,
    /// `draft`, `published`, `deprecated` or `retired`.
    pub state: String,
    /// Name.
    pub name: String,
    /// Short description, Italian (at most 150 characters).
    pub short_description_it: String,
    /// Long description, Italian (Markdown).
    pub long_description_it: String,
    /// Short description, English.
    pub short_description_en: Option<String>,
    /// Long description, English.
    pub long_description_en: Option<String>,
    /// Key features, Italian.
    pub features_it: Vec<String>,
    /// Key features, English.
    pub features_en: Vec<String>,
    /// `iaas`, `paas`, `caas` or `saas`.
    pub service_model: Option<String>,
    /// Category tags.
    pub tags: Vec<String>,
    /// The provider organisation.
    pub provider_id: String,
    /// SPDX licence expression.
    pub license: Option<String>,
    /// Source repository.
    pub repository_url: Option<String>,
    /// Landing page.
    pub landing_url: Option<String>,
    /// Semantic version.
    pub version: Option<String>,
    /// Maintenance contacts.
    pub contacts: Vec<ContactDto>,
    /// Platforms.
    pub platforms: Vec<String>,
    /// `concept`, `development`, `beta`, `stable` or `obsolete`.
    pub development_status: Option<String>,
    /// The current version's release date (`YYYY-MM-DD`), publiccode.yml `releaseDate`.
    pub release_date: Option<String>,
    /// Supported platforms and rules (`spid`, `cie`, `anpr`, `pagopa`, `io`, `gdpr`): publiccode.yml
    /// `supports`, as `alias:<name>`.
    pub supports: Vec<String>,
    /// The tags publiccode.yml exports as `categories` (those of the standard's 0.7 list).
    pub categories: Vec<String>,
    /// The tags publiccode.yml does not export (not in the standard's list): shown on the hub only.
    pub unexported_tags: Vec<String>,
    /// The accepted proposal it was promoted from.
    pub origin_proposal_id: Option<String>,
    /// The pillar means at acceptance (promoted services), 0–5 in half points.
    pub scores: Option<BTreeMap<String, f64>>,
    /// The mean of `scores`.
    pub score: Option<f64>,
    /// Why it was deprecated.
    pub deprecation_reason: Option<String>,
    /// The service to adopt instead (deprecated services).
    pub replacement_id: Option<String>,
    /// The replacement's slug and name (on the service's own page).
    pub replacement: Option<ServiceRef>,
    /// First published.
    pub published_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Service> for ServiceDto {
    fn from(s: Service) -> Self {
        let score = s.score();
        let c = s.content;
        Self {
            id: s.id.to_string(),
            slug: c.slug,
            state: s.state.as_str().to_owned(),
            name: c.name,
            short_description_it: c.short_description_it,
            long_description_it: c.long_description_it,
            short_description_en: c.short_description_en,
            long_description_en: c.long_description_en,
            features_it: c.features_it,
            features_en: c.features_en,
            service_model: c.service_model.map(|m| m.as_str().to_owned()),
            categories: c.tags.iter().filter(|t| is_category(t)).cloned().collect(),
            unexported_tags: c.tags.iter().filter(|t| !is_category(t)).cloned().collect(),
            tags: c.tags.into_iter().collect(),
            provider_id: c.provider_id.to_string(),
            license: c.license,
            repository_url: c.repository_url,
            landing_url: c.landing_url,
            version: c.version,
            contacts: c
                .contacts
                .into_iter()
                .map(|c| ContactDto { name: c.name, email: c.email, phone: c.phone, affiliation: c.affiliation })
                .collect(),
            platforms: c.platforms.into_iter().collect(),
            development_status: c.development_status.map(|d| d.as_str().to_owned()),
            release_date: c.release_date.map(|d| d.format("%Y-%m-%d").to_string()),
            supports: c.supports.into_iter().collect(),
            origin_proposal_id: s.origin_proposal.map(|p| p.to_string()),
            scores: s.scores.map(|v| Pillar::ALL.iter().map(|p| (p.key().to_owned(), v[p.index()].value())).collect()),
            score,
            deprecation_reason: s.deprecation_reason,
            replacement_id: s.replacement.map(|r| r.to_string()),
            replacement: None,
            published_at: s.published_at,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

/// A service's fields. On creation `slug`, `name`, `short_description_it`, `long_description_it` and
/// `provider_id` are required; on `PATCH` every field is optional and `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "slug": "raccolta-rifiuti-iot",
    "name": "Raccolta rifiuti IoT",
    "short_description_it": "Percorsi di raccolta ottimizzati dai sensori di riempimento.",
    "long_description_it": "Il servizio raccoglie i dati dei sensori installati nei cassonetti e calcola ogni notte i percorsi dei mezzi di raccolta.",
    "service_model": "saas",
    "tags": ["data-collection", "data-analytics", "rifiuti"],
    "provider_id": "0192f0a1-3b4c-7d5e-8f60-718293a4b5c6",
    "license": "EUPL-1.2",
    "repository_url": "https://github.com/nuvolaverde/raccolta-rifiuti",
    "landing_url": "https://nuvolaverde.example/raccolta",
    "version": "1.2.0",
    "development_status": "stable",
    "release_date": "2026-04-28",
    "supports": ["spid", "cie", "gdpr"],
    "platforms": ["web"],
    "features_it": ["Cruscotto dei cassonetti", "Percorsi ottimizzati"],
    "contacts": [{"name": "Giulia Bianchi", "email": "giulia.bianchi@nuvolaverde.example"}]
}))]
pub struct ServiceRequest {
    /// URL name: lowercase letters, digits and hyphens; frozen once published.
    #[schema(example = "gateway-fhir-sovrano")]
    pub slug: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Short description, Italian (at most 150 characters).
    pub short_description_it: Option<String>,
    /// Long description, Italian (Markdown; at least 150 characters to publish).
    pub long_description_it: Option<String>,
    /// Short description, English.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub short_description_en: Option<Option<String>>,
    /// Long description, English.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub long_description_en: Option<Option<String>>,
    /// Key features, Italian (one line each, at most 30).
    pub features_it: Option<Vec<String>>,
    /// Key features, English.
    pub features_en: Option<Vec<String>>,
    /// `iaas`, `paas`, `caas` or `saas`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub service_model: Option<Option<String>>,
    /// Category tags; publishing needs one from the publiccode.yml category list.
    pub tags: Option<Vec<String>>,
    /// The provider organisation's id.
    pub provider_id: Option<String>,
    /// SPDX licence expression, e.g. `EUPL-1.2`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub license: Option<Option<String>>,
    /// Source repository URL.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub repository_url: Option<Option<String>>,
    /// Landing page URL.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub landing_url: Option<Option<String>>,
    /// Semantic version, e.g. `1.4.0`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub version: Option<Option<String>>,
    /// Maintenance contacts.
    pub contacts: Option<Vec<ContactDto>>,
    /// Platforms, e.g. `web`, `linux`, `kubernetes`.
    pub platforms: Option<Vec<String>>,
    /// `concept`, `development`, `beta`, `stable` or `obsolete`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub development_status: Option<Option<String>>,
    /// The current version's release date, `YYYY-MM-DD` (publiccode.yml `releaseDate`); required to
    /// publish.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub release_date: Option<Option<String>>,
    /// Supported platforms and rules, among `spid`, `cie`, `anpr`, `pagopa`, `io`, `gdpr`.
    pub supports: Option<Vec<String>>,
}

impl ServiceRequest {
    pub(super) fn into_input(self) -> Result<ServiceInput, DomainError> {
        let provider_id = self
            .provider_id
            .map(|s| {
                s.parse()
                    .map_err(|_| DomainError::invalid("provider_id", "unknown_organization", "no such organisation"))
            })
            .transpose()?;
        Ok(ServiceInput {
            slug: self.slug,
            name: self.name,
            short_description_it: self.short_description_it,
            long_description_it: self.long_description_it,
            short_description_en: self.short_description_en,
            long_description_en: self.long_description_en,
            features_it: self.features_it,
            features_en: self.features_en,
            service_model: self.service_model,
            tags: self.tags,
            provider_id,
            license: self.license,
            repository_url: self.repository_url,
            landing_url: self.landing_url,
            version: self.version,
            contacts: self.contacts.map(|cs| {
                cs.into_iter()
                    .map(|c| Contact { name: c.name, email: c.email, phone: c.phone, affiliation: c.affiliation })
                    .collect()
            }),
            platforms: self.platforms,
            development_status: self.development_status,
            release_date: self.release_date,
            supports: self.supports,
        })
    }
}

/// Filters and order of the catalogue.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Words to find in the name, descriptions, features and tags (each word also as a prefix).
    pub q: Option<String>,
    /// `iaas`, `paas`, `caas` or `saas`.
    pub service_model: Option<String>,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only by this provider organisation.
    pub provider_id: Option<String>,
    /// Only in this state (drafts and retired services: catalogue editors).
    pub state: Option<String>,
    /// Only services scoring at least this at acceptance (0–5): the mean of the pillars, or of `pillar`.
    pub min_score: Option<f64>,
    /// The pillar `min_score` applies to.
    pub pillar: Option<String>,
    /// `name` (default), `newest` or `score`.
    pub sort: Option<String>,
}

impl ServiceQuery {
    pub(crate) fn into_filter(self) -> Result<ServiceFilter, DomainError> {
        let sort = match self.sort.as_deref() {
            None | Some("name") => ServiceSort::Name,
            Some("newest") => ServiceSort::Newest,
            Some("score") => ServiceSort::Score,
            Some(_) => return Err(DomainError::invalid("sort", "unknown_sort", "must be name, newest or score")),
        };
        Ok(ServiceFilter {
            q: self.q,
            service_model: self.service_model.as_deref().map(str::parse::<ServiceModel>).transpose()?,
            tag: self.tag,
            provider_id: self.provider_id,
            state: self.state.as_deref().map(str::parse::<ServiceState>).transpose()?,
            min_score: self.min_score.map(|m| HalfPoints::parse("min_score", m)).transpose()?,
            pillar: self.pillar.as_deref().map(str::parse::<Pillar>).transpose()?,
            sort,
        })
    }
}

/// Why a service is deprecated, and what to adopt instead.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "reason": "Sostituito dalla versione regionale del servizio.",
    "replacement": "raccolta-rifiuti-puglia"
}))]
pub struct DeprecateRequest {
    /// Why (3 to 2,000 characters).
    pub reason: Option<String>,
    /// The replacement: a published service's slug or id.
    pub replacement: Option<String>,
}

/// One step of a service's history.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "action": "publish",
    "actor_name": "Elena Conti",
    "from_state": "draft",
    "to_state": "published",
    "note": null,
    "occurred_at": "2026-05-04T10:00:00Z"
}))]
pub struct ServiceHistoryDto {
    /// `created`, `promoted`, `edited`, `publish`, `deprecate` or `retire`.
    pub action: String,
    /// Who.
    pub actor_name: Option<String>,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: String,
    /// The deprecation reason.
    pub note: Option<String>,
    /// When.
    pub occurred_at: DateTime<Utc>,
}
