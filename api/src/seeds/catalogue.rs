//! Seeded catalogue services: promoted from seeded accepted proposals or written by the catalogue team,
//! completed and moved through their lifecycle with the same store methods as the API, by the demo
//! catalogue editor. Services already there (by slug) are left as they are.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::catalogue::{Contact, ServiceAction, ServiceContent, ServiceInput, ServiceState};
use domain::{Organization, ProposalId, Role, User};
use persistence::Store;
use serde::Deserialize;

use super::funnel::{actor, blocking};
use super::read;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSeed {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    affiliation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceSeed {
    key: String,
    slug: String,
    /// Promote this seeded proposal (which must be accepted) instead of writing the service directly.
    from_proposal: Option<String>,
    /// The provider organisation's key (direct services).
    provider: Option<String>,
    name: String,
    short_description_it: String,
    long_description_it: String,
    short_description_en: Option<String>,
    long_description_en: Option<String>,
    #[serde(default)]
    features_it: Vec<String>,
    #[serde(default)]
    features_en: Vec<String>,
    service_model: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    license: Option<String>,
    repository_url: Option<String>,
    landing_url: Option<String>,
    version: Option<String>,
    #[serde(default)]
    contacts: Vec<ContactSeed>,
    #[serde(default)]
    platforms: Vec<String>,
    development_status: Option<String>,
    /// `YYYY-MM-DD`, in the past: the current version's release.
    release_date: Option<String>,
    #[serde(default)]
    supports: Vec<String>,
    state: String,
    deprecation_reason: Option<String>,
    /// The key of the service that replaces it.
    replacement: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CatalogueFile {
    service: Vec<ServiceSeed>,
}

impl ServiceSeed {
    fn input(&self, provider: Option<&Organization>) -> ServiceInput {
        ServiceInput {
            slug: Some(self.slug.clone()),
            name: Some(self.name.clone()),
            short_description_it: Some(self.short_description_it.clone()),
            long_description_it: Some(self.long_description_it.clone()),
            short_description_en: Some(self.short_description_en.clone()),
            long_description_en: Some(self.long_description_en.clone()),
            features_it: Some(self.features_it.clone()),
            features_en: Some(self.features_en.clone()),
            service_model: Some(self.service_model.clone()),
            tags: Some(self.tags.clone()),
            provider_id: provider.map(|p| p.id),
            license: Some(self.license.clone()),
            repository_url: Some(self.repository_url.clone()),
            landing_url: Some(self.landing_url.clone()),
            version: Some(self.version.clone()),
            contacts: Some(
                self.contacts
                    .iter()
                    .map(|c| Contact {
                        name: c.name.clone(),
                        email: c.email.clone(),
                        phone: c.phone.clone(),
                        affiliation: c.affiliation.clone(),
                    })
                    .collect(),
            ),
            platforms: Some(self.platforms.clone()),
            development_status: Some(self.development_status.clone()),
            release_date: Some(self.release_date.clone()),
            supports: Some(self.supports.clone()),
        }
    }
}

/// Loads `catalogue.toml`.
///
/// # Errors
/// The first invalid entry, named by key.
pub async fn load(
    store: &Store,
    dir: Option<&Path>,
    organizations: &HashMap<String, Organization>,
    users: &HashMap<String, User>,
    proposals: &HashMap<String, ProposalId>,
    public_url: &url::Url,
) -> anyhow::Result<()> {
    let file: CatalogueFile = toml::from_str(&read(dir, "catalogue.toml")?).context("catalogue.toml")?;
    let editor = users
        .values()
        .find(|u| u.roles.contains(&Role::CatalogueEditor))
        .map(actor)
        .ok_or_else(|| anyhow!("users.toml: the demo catalogue needs a catalogue_editor"))?;
    let link = |path: String| {
        let mut url = public_url.clone();
        url.set_path(&path);
        url.to_string()
    };
    let mut created: HashMap<String, String> = HashMap::new();
    let mut deprecations = Vec::new();
    for seed in &file.service {
        let context = |e: &dyn std::fmt::Display| anyhow!("catalogue.toml `{}`: {e}", seed.key);
        let (store_, slug) = (store.clone(), seed.slug.clone());
        if blocking(move || Ok(store_.service_id_of(&slug).is_ok())).await? {
            continue;
        }
        let service = match (&seed.from_proposal, &seed.provider) {
            (Some(key), None) => {
                // Proposals that were already there were promoted with them.
                let Some(proposal) = proposals.get(key).copied() else { continue };
                let (store_, editor_, page) = (store.clone(), editor.clone(), link(format!("/proposals/{proposal}")));
                let promoted = blocking(move || store_.proposal_promote(&editor_, proposal, &page))
                    .await
                    .map_err(|e| context(&e))?;
                let (store_, editor_, input) = (store.clone(), editor.clone(), seed.input(None));
                let slug = promoted.content.slug.clone();
                blocking(move || store_.service_update(&editor_, &slug, promoted.revision, input))
                    .await
                    .map_err(|e| context(&e))?
            }
            (None, Some(provider)) => {
                let provider = organizations.get(provider).ok_or_else(|| context(&"unknown provider key"))?;
                let content = ServiceContent::create(seed.input(Some(provider))).map_err(|e| context(&e))?;
                let (store_, editor_) = (store.clone(), editor.clone());
                blocking(move || store_.service_create(&editor_, content)).await.map_err(|e| context(&e))?
            }
            _ => return Err(context(&"give either `from_proposal` or `provider`")),
        };
        let state: ServiceState = seed.state.parse().map_err(|e| context(&e))?;
        let mut moves = Vec::new();
        if state != ServiceState::Draft {
            moves.push(ServiceAction::Publish);
        }
        if state == ServiceState::Retired {
            moves.push(ServiceAction::Retire);
        }
        if state == ServiceState::Deprecated {
            deprecations.push(seed);
        }
        for action in moves {
            let (store_, editor_, slug, page) =
                (store.clone(), editor.clone(), seed.slug.clone(), link(format!("/catalogue/{}", seed.slug)));
            blocking(move || store_.service_act(&editor_, &slug, None, action, &page))
                .await
                .map_err(|e| context(&e))?;
        }
        created.insert(seed.key.clone(), service.id.to_string());
    }
    // Deprecations last: their replacements are published by now.
    for seed in deprecations {
        let context = |e: &dyn std::fmt::Display| anyhow!("catalogue.toml `{}`: {e}", seed.key);
        let replacement = match &seed.replacement {
            Some(key) => {
                let id = created.get(key).ok_or_else(|| context(&format!("unknown replacement `{key}`")))?;
                Some(id.parse().map_err(|e| context(&e))?)
            }
            None => None,
        };
        let (min, max) = domain::catalogue::DEPRECATION_REASON;
        let reason = domain::Note::parse_within("reason", seed.deprecation_reason.as_deref(), min, max)
            .map_err(|e| context(&e.message))?;
        let action = ServiceAction::deprecate(reason, replacement).map_err(|e| context(&e))?;
        let (store_, editor_, slug, page) =
            (store.clone(), editor.clone(), seed.slug.clone(), link(format!("/catalogue/{}", seed.slug)));
        blocking(move || store_.service_act(&editor_, &slug, None, action, &page)).await.map_err(|e| context(&e))?;
    }
    Ok(())
}
