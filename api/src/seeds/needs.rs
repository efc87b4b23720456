//! `needs.toml`: the administrations' needs, stated by their officers, co-signed, and triaged by the
//! demo hub manager (merged, turned into a challenge, closed) through the same rules as the API. A need
//! already there (same administration and title) is left as it is.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::{NeedId, NeedInput, Note, Organization, Role, User};
use persistence::{NeedFilter, Store};
use serde::Deserialize;

use super::funnel::{actor, blocking};
use super::read;
use crate::routes::needs::{closed_mail, converted_mail, merged_mail};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CosignerSeed {
    organization: String,
    note: Option<String>,
    population: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NeedSeed {
    key: String,
    organization: String,
    title: String,
    description: String,
    pillars: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    urgency: String,
    population: i64,
    budget_min_eur: Option<i64>,
    budget_max_eur: Option<i64>,
    public: bool,
    #[serde(default)]
    cosigners: Vec<CosignerSeed>,
    merged_into: Option<String>,
    challenge: Option<String>,
    closed: Option<String>,
}

#[derive(Debug, Deserialize)]
struct NeedsFile {
    need: Vec<NeedSeed>,
}

/// The first officer of the administration `key`.
pub(super) fn officer_of(
    key: &str,
    organizations: &HashMap<String, Organization>,
    users: &HashMap<String, User>,
) -> anyhow::Result<domain::Actor> {
    let org = organizations.get(key).ok_or_else(|| anyhow!("unknown organization `{key}`"))?;
    let mut officers: Vec<&User> =
        users.values().filter(|u| u.organization_id == org.id && u.roles.contains(&Role::Administration)).collect();
    officers.sort_by(|a, b| a.email.cmp(&b.email));
    officers.first().map(|u| actor(u)).ok_or_else(|| anyhow!("`{key}` has no officer in users.toml"))
}

/// The page of need `id`.
fn page(public_url: &url::Url, id: NeedId) -> String {
    let mut url = public_url.clone();
    url.set_path(&format!("/needs/{id}"));
    url.to_string()
}

/// Loads `needs.toml`.
///
/// # Errors
/// The first invalid entry, named by its key.
pub async fn load(
    store: &Store,
    dir: Option<&Path>,
    organizations: &HashMap<String, Organization>,
    users: &HashMap<String, User>,
    public_url: &url::Url,
) -> anyhow::Result<()> {
    let file: NeedsFile = toml::from_str(&read(dir, "needs.toml")?).context("needs.toml")?;
    let manager = users
        .values()
        .filter(|u| u.roles.contains(&Role::HubManager))
        .min_by(|a, b| a.email.cmp(&b.email))
        .map(actor)
        .ok_or_else(|| anyhow!("needs.toml: no hub manager in users.toml"))?;
    let mut ids = HashMap::new();
    for seed in file.need {
        let context = |e: &dyn std::fmt::Display| anyhow!("needs.toml `{}`: {e}", seed.key);
        let author = officer_of(&seed.organization, organizations, users).map_err(|e| context(&e))?;
        let content = domain::NeedContent::parse(NeedInput {
            title: Some(seed.title.clone()),
            description: Some(seed.description.clone()),
            pillars: Some(seed.pillars.clone()),
            tags: Some(seed.tags.clone()),
            urgency: Some(seed.urgency.clone()),
            population: Some(seed.population),
            budget_min_eur: seed.budget_min_eur,
            budget_max_eur: seed.budget_max_eur,
            public: Some(seed.public),
        })
        .map_err(|e| context(&e))?;
        let (store_, who) = (store.clone(), author.clone());
        let filter = NeedFilter {
            organization_id: Some(author.organization_id.to_string()),
            q: Some(seed.title.clone()),
            ..NeedFilter::default()
        };
        let existing =
            blocking(move || store_.needs_list(Some(&who), &filter, &domain::PageRequest { after: None, limit: 10 }))
                .await?
                .items
                .into_iter()
                .find(|s| s.need.content.title == seed.title);
        if let Some(found) = existing {
            ids.insert(seed.key.clone(), found.need.id);
            continue;
        }
        let (store_, who) = (store.clone(), author.clone());
        let id = blocking(move || store_.need_create(&who, &content)).await.map_err(|e| context(&e))?.need.id;
        ids.insert(seed.key.clone(), id);
        for cosigner in &seed.cosigners {
            let signer = officer_of(&cosigner.organization, organizations, users).map_err(|e| context(&e))?;
            let note = Note::parse("note", cosigner.note.as_deref(), 2000).map_err(|e| context(&e))?;
            let (store_, population) = (store.clone(), cosigner.population);
            blocking(move || store_.need_cosign(&signer, id, note.as_ref(), population))
                .await
                .map_err(|e| context(&e))?;
        }
        if let Some(into) = &seed.merged_into {
            let into =
                *ids.get(into).ok_or_else(|| context(&format!("merged_into `{into}` comes later or is unknown")))?;
            let (store_, who) = (store.clone(), manager.clone());
            let link = page(public_url, into);
            blocking(move || store_.need_merge(&who, id, into, merged_mail(link))).await.map_err(|e| context(&e))?;
        }
        if let Some(slug) = &seed.challenge {
            let (store_, who, slug) = (store.clone(), manager.clone(), slug.clone());
            let hub = public_url.clone();
            blocking(move || {
                let challenge = store_.challenge_get(Some(&who), &slug)?;
                store_.need_convert(&who, id, challenge.id, converted_mail(hub))
            })
            .await
            .map_err(|e| context(&e))?;
        }
        if let Some(reason) = &seed.closed {
            let reason = Note::parse("reason", Some(reason), 2000)
                .map_err(|e| context(&e))?
                .ok_or_else(|| context(&"empty reason"))?;
            let (store_, who) = (store.clone(), manager.clone());
            let link = page(public_url, id);
            blocking(move || store_.need_close(&who, id, &reason, closed_mail(reason.clone(), link)))
                .await
                .map_err(|e| context(&e))?;
        }
    }
    Ok(())
}
