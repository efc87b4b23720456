//! `adoptions.toml`: the administrations that adopt the published services, each declared by the
//! administration's officer through the same rules (and the same email to the provider) as the API. An
//! adoption already there is left as it is.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::adoption::AdoptionInput;
use domain::{AdoptionContent, Organization, User};
use persistence::Store;
use serde::Deserialize;

use super::funnel::blocking;
use super::needs::officer_of;
use super::read;
use crate::routes::adoptions::declared_mail;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdoptionSeed {
    service: String,
    organization: String,
    state: String,
    started_on: Option<String>,
    ended_on: Option<String>,
    note: Option<String>,
    listed: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct AdoptionsFile {
    adoption: Vec<AdoptionSeed>,
}

/// Loads `adoptions.toml`; `today` is the day the dates are checked against.
///
/// # Errors
/// The first invalid entry, named by its service and administration.
pub async fn load(
    store: &Store,
    dir: Option<&Path>,
    organizations: &HashMap<String, Organization>,
    users: &HashMap<String, User>,
    public_url: &url::Url,
) -> anyhow::Result<()> {
    let file: AdoptionsFile = toml::from_str(&read(dir, "adoptions.toml")?).context("adoptions.toml")?;
    let today = store.now().with_timezone(&chrono_tz::Europe::Rome).date_naive();
    for seed in file.adoption {
        let context =
            |e: &dyn std::fmt::Display| anyhow!("adoptions.toml `{}` by `{}`: {e}", seed.service, seed.organization);
        let officer = officer_of(&seed.organization, organizations, users).map_err(|e| context(&e))?;
        let content = AdoptionContent::parse(
            AdoptionInput {
                state: Some(seed.state.clone()),
                started_on: seed.started_on.clone(),
                ended_on: seed.ended_on.clone(),
                note: seed.note.clone(),
                listed: seed.listed,
            },
            today,
        )
        .map_err(|e| context(&e))?;
        let (store_, who, slug) = (store.clone(), officer.clone(), seed.service.clone());
        if blocking(move || store_.service_adopters(Some(&who), &slug)).await.map_err(|e| context(&e))?.own.is_some() {
            continue;
        }
        let mut link = public_url.clone();
        link.set_path(&format!("/catalogue/{}/community", seed.service));
        let mail = declared_mail(link.to_string(), content.state);
        let (store_, slug) = (store.clone(), seed.service.clone());
        blocking(move || store_.adoption_declare(&officer, &slug, content, mail)).await.map_err(|e| context(&e))?;
    }
    Ok(())
}
