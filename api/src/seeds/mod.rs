//! Demo data from `seeds/`: parsed through the same domain validation as API input, loaded
//! idempotently (organisations by tax code and name, users by email, challenges by slug, proposals
//! by organisation and title, webhook endpoints by organisation and URL).

mod adoptions;
mod annexes;
mod catalogue;
mod funnel;
mod needs;
pub mod rubric;
mod webhooks;

pub use annexes::sample_pdf;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::{DisplayName, Email, Locale, NewAccount, NewOrganization, Password, Role, User};
use persistence::Store;
use serde::Deserialize;

use crate::auth::passwords::Passwords;

/// The seeds compiled into the binary, used when no folder is given.
const EMBEDDED: [(&str, &str); 9] = [
    ("needs.toml", include_str!("../../../seeds/needs.toml")),
    ("adoptions.toml", include_str!("../../../seeds/adoptions.toml")),
    ("catalogue.toml", include_str!("../../../seeds/catalogue.toml")),
    ("reviews.toml", include_str!("../../../seeds/reviews.toml")),
    ("organizations.toml", include_str!("../../../seeds/organizations.toml")),
    ("users.toml", include_str!("../../../seeds/users.toml")),
    ("challenges.toml", include_str!("../../../seeds/challenges.toml")),
    ("proposals.toml", include_str!("../../../seeds/proposals.toml")),
    ("webhooks.toml", include_str!("../../../seeds/webhooks.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationSeed {
    key: String,
    name: String,
    kind: String,
    tax_code: String,
    ipa_code: Option<String>,
    /// A public administration an admin has not verified yet.
    #[serde(default)]
    pending: bool,
    #[expect(dead_code, reason = "shown by a later catalogue of organisations; kept in the files")]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserSeed {
    email: String,
    display_name: String,
    organization: String,
    roles: Vec<String>,
    locale: String,
    owner: bool,
    #[serde(default)]
    expertise: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct OrganizationsFile {
    organization: Vec<OrganizationSeed>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSeed {
    tag: String,
    label_it: String,
    label_en: Option<String>,
}

#[derive(Debug, Deserialize)]
struct UsersFile {
    /// The expertise vocabulary, before the evaluators who declare its terms.
    #[serde(default)]
    expertise: Vec<TermSeed>,
    user: Vec<UserSeed>,
}

/// A demo account as printed by `hub demo`.
#[derive(Debug, Clone)]
pub struct SeededUser {
    /// The user.
    pub user: User,
    /// Their organisation's name.
    pub organization: String,
}

pub(crate) fn read(dir: Option<&Path>, name: &str) -> anyhow::Result<String> {
    match dir {
        Some(dir) => {
            std::fs::read_to_string(dir.join(name)).with_context(|| format!("reading {}", dir.join(name).display()))
        }
        None => EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| (*s).to_owned())
            .ok_or_else(|| anyhow!("no seed {name}")),
    }
}

/// Loads the seeds of `dir` (or the embedded ones) into `store`; every demo account gets `password`.
///
/// # Errors
/// The first invalid entry, named by file and key, or a store failure.
pub async fn load(
    store: &Store,
    passwords: &Passwords,
    dir: Option<&Path>,
    password: &str,
    public_url: &url::Url,
    annexes: &std::sync::Arc<crate::annexes::Annexes>,
) -> anyhow::Result<Vec<SeededUser>> {
    let orgs: OrganizationsFile = toml::from_str(&read(dir, "organizations.toml")?).context("organizations.toml")?;
    let users: UsersFile = toml::from_str(&read(dir, "users.toml")?).context("users.toml")?;
    let password = Password::parse("HUB_DEMO_PASSWORD", password).map_err(|e| anyhow!("{e}"))?;

    let mut by_key = HashMap::new();
    for seed in orgs.organization {
        let org = NewOrganization::parse(&seed.name, &seed.kind, &seed.tax_code, seed.ipa_code.as_deref())
            .map_err(|e| anyhow!("organizations.toml `{}`: {e}", seed.key))?;
        let (store, pending) = (store.clone(), seed.pending);
        let created = tokio::task::spawn_blocking(move || store.organization_ensure(&org, pending)).await??;
        by_key.insert(seed.key, created);
    }

    for seed in users.expertise {
        let term = domain::ExpertiseTerm::parse(&seed.tag, Some(&seed.label_it), seed.label_en.as_deref())
            .map_err(|e| anyhow!("users.toml expertise `{}`: {e}", seed.tag))?;
        let store = store.clone();
        tokio::task::spawn_blocking(move || store.expertise_term_ensure(&term)).await??;
    }

    let hash = passwords.hash(password).await.map_err(|e| anyhow!("{e}"))?;
    let mut seeded = Vec::new();
    let mut by_email = HashMap::new();
    for seed in users.user {
        let context = |e: &dyn std::fmt::Display| anyhow!("users.toml `{}`: {e}", seed.email);
        let org = by_key.get(&seed.organization).ok_or_else(|| context(&"unknown organization key"))?.clone();
        let roles = seed
            .roles
            .iter()
            .map(|r| r.parse::<Role>())
            .collect::<Result<BTreeSet<_>, _>>()
            .map_err(|e| context(&e))?;
        let account = NewAccount {
            email: Email::parse(&seed.email).map_err(|e| context(&e))?,
            display_name: DisplayName::parse(&seed.display_name).map_err(|e| context(&e))?,
            password_hash: hash.clone(),
            locale: seed.locale.parse::<Locale>().map_err(|e| context(&e))?,
            expertise: domain::challenge::parse_tags(&seed.expertise).map_err(|e| context(&e))?,
        };
        let store = store.clone();
        let org_id = org.id;
        let owner = seed.owner;
        let user =
            tokio::task::spawn_blocking(move || store.user_provision(org_id, account, roles, owner, true)).await??;
        by_email.insert(user.email.clone(), user.clone());
        let organization = match org.administration_status() {
            Some(domain::AdministrationStatus::Pending) => format!("{} (awaiting verification)", org.name),
            _ => org.name,
        };
        seeded.push(SeededUser { user, organization });
    }
    let proposals = funnel::load(store, dir, &by_key, &by_email, public_url, annexes).await?;
    catalogue::load(store, dir, &by_key, &by_email, &proposals, public_url).await?;
    needs::load(store, dir, &by_key, &by_email, public_url).await?;
    adoptions::load(store, dir, &by_key, &by_email, public_url).await?;
    // Last: an endpoint registered before the funnel's moves would be sent their events.
    webhooks::load(store, dir, &by_email).await?;
    Ok(seeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_seeds_parse_and_validate() {
        let orgs: OrganizationsFile =
            toml::from_str(&read(None, "organizations.toml").expect("embedded")).expect("organizations.toml parses");
        let kinds: BTreeSet<String> = orgs.organization.iter().map(|o| o.kind.clone()).collect();
        assert_eq!(kinds.len(), 5, "every kind of organisation is seeded: {kinds:?}");
        for org in &orgs.organization {
            assert!(
                NewOrganization::parse(&org.name, &org.kind, &org.tax_code, org.ipa_code.as_deref()).is_ok(),
                "{}",
                org.key
            );
        }
        let users: UsersFile = toml::from_str(&read(None, "users.toml").expect("embedded")).expect("users.toml parses");
        for role in Role::ALL {
            assert!(users.user.iter().any(|u| u.roles.contains(&role.as_str().to_owned())), "a demo {role}");
        }
        let evaluators = users.user.iter().filter(|u| u.roles.iter().any(|r| r == Role::Evaluator.as_str())).count();
        assert_eq!(evaluators, 3);
        let pending: Vec<&str> = orgs.organization.iter().filter(|o| o.pending).map(|o| o.key.as_str()).collect();
        assert_eq!(pending, ["comune_castel_rupe"], "one administration waits for the demo admin");
        for officer in users.user.iter().filter(|u| u.roles.iter().any(|r| r == Role::Administration.as_str())) {
            let org = orgs.organization.iter().find(|o| o.key == officer.organization).expect("a seeded organisation");
            assert!(
                org.kind == "public_administration" && !org.pending,
                "{} is an officer of a verified one",
                officer.email
            );
        }
    }
}
