//! `webhooks.toml`: the demo's webhook endpoints, each registered by its organisation's owner through the same
//! rules and store method as `POST /api/v1/webhooks`, with a secret of its own that is generated and never
//! printed, then paused by that owner when the seed says so (the demo's hosts do not exist). An endpoint
//! already there (the same organisation and URL) is left as it is.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::webhook::{EndpointContent, Owner};
use domain::{PageRequest, User};
use persistence::{EndpointPatch, Store};
use serde::Deserialize;

use super::funnel::{actor, blocking};
use super::read;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointSeed {
    owner: String,
    url: String,
    description: Option<String>,
    events: Vec<String>,
    #[serde(default = "enabled")]
    enabled: bool,
}

const fn enabled() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct WebhooksFile {
    #[serde(default)]
    endpoint: Vec<EndpointSeed>,
}

/// Loads `webhooks.toml`.
///
/// # Errors
/// The first invalid entry, named by its URL: an unknown owner, one who does not own their organisation, a
/// wrong URL or event.
pub async fn load(store: &Store, dir: Option<&Path>, users: &HashMap<String, User>) -> anyhow::Result<()> {
    let file: WebhooksFile = toml::from_str(&read(dir, "webhooks.toml")?).context("webhooks.toml")?;
    for seed in file.endpoint {
        let context = |e: &dyn std::fmt::Display| anyhow!("webhooks.toml `{}`: {e}", seed.url);
        let owner = users.get(&seed.owner).ok_or_else(|| context(&format!("unknown owner `{}`", seed.owner)))?;
        let who = actor(owner);
        let content =
            EndpointContent::parse(&seed.url, seed.description.as_deref(), &seed.events).map_err(|e| context(&e))?;
        // The organisation's endpoints, every page: is this URL among them?
        let (store_, who_, url) = (store.clone(), who.clone(), content.url.as_str().to_owned());
        // (An admin's list holds every organisation's: only this one's count.)
        let mine = Owner::Organization(who.organization_id);
        let existing = blocking(move || {
            let mut after = None;
            loop {
                let page = store_.webhook_list(&who_, &PageRequest { after, limit: 100 })?;
                if page.items.iter().any(|e| e.owner == mine && e.content.url.as_str() == url) {
                    return Ok(true);
                }
                match page.next_cursor {
                    Some(next) => after = Some(next),
                    None => return Ok(false),
                }
            }
        })
        .await
        .map_err(|e| context(&e))?;
        if existing {
            continue;
        }
        let (store_, who_) = (store.clone(), who.clone());
        let secret = crate::webhooks::new_secret();
        let created =
            blocking(move || store_.webhook_create(&who_, false, content, &secret)).await.map_err(|e| context(&e))?;
        if !seed.enabled {
            let (store_, id) = (store.clone(), created.id);
            let patch = EndpointPatch { content: None, enabled: Some(false) };
            blocking(move || store_.webhook_update(&who, id, patch)).await.map_err(|e| context(&e))?;
        }
    }
    Ok(())
}
