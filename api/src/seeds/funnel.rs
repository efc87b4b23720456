//! Seeded challenges and proposals: created and moved through the same domain rules and store
//! methods as the API, as the demo users who would make them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, anyhow};
use domain::challenge::OpinionContent;
use domain::proposal::NOTE_MAX;
use domain::{
    Actor, ChallengeAction, ChallengeContent, ChallengeInput, ChallengeState, Credential, DomainError, EvaluationInput,
    Note, Organization, PageRequest, ProposalAction, ProposalContent, ProposalInput, User,
};
use persistence::{ProposalFilter, Store, StoreError};
use serde::Deserialize;

use super::read;

mod reviews;

use reviews::{ReviewsFile, load_reviews};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChallengeSeed {
    key: String,
    slug: String,
    sponsor: String,
    state: String,
    title_it: String,
    title_en: Option<String>,
    description_it: String,
    description_en: Option<String>,
    tags: Vec<String>,
    opens_at: chrono::DateTime<chrono::Utc>,
    closes_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    weights: BTreeMap<String, i64>,
    #[serde(default)]
    thresholds: BTreeMap<String, f64>,
    overall_threshold: Option<f64>,
    min_reviews: Option<i64>,
    /// `when_needed` (the default) or `always`.
    #[serde(default)]
    consensus: Option<String>,
    /// The sponsor's officer who drafted it (email); the hub manager otherwise. A challenge `in_review`
    /// was drafted by one, and proposed.
    #[serde(default)]
    drafted_by: Option<String>,
    /// The hub's note when it returned the officer's proposed draft (state `draft`).
    #[serde(default)]
    returned_note: Option<String>,
    /// Whether it asks its administrations for opinions on proposals under review.
    #[serde(default)]
    sponsor_opinions: bool,
    /// What it can fund in all (euro cents): the managers read the proposed portfolio.
    #[serde(default)]
    budget_cents: Option<i64>,
    /// Whether the team answers the reviews before the decision, within how many days, and whether it
    /// reads their scores.
    #[serde(default)]
    response: Option<bool>,
    #[serde(default)]
    response_days: Option<i64>,
    #[serde(default)]
    response_with_scores: Option<bool>,
    /// The annexes it asks proposals for.
    #[serde(default)]
    annexes: Vec<super::annexes::AnnexRuleSeed>,
}

/// An administration's opinion on a proposal under review, given by `by` (an officer's email).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpinionSeed {
    by: String,
    verdict: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveSeed {
    action: String,
    by: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalSeed {
    key: String,
    challenge: String,
    organization: String,
    author: String,
    title: String,
    summary: String,
    description: String,
    trl: i64,
    budget_cents: Option<i64>,
    tags: Vec<String>,
    self_assessment: BTreeMap<String, String>,
    /// How it differs from the catalogue's similar services, when it has any.
    #[serde(default)]
    reuse_assessment: Option<String>,
    moves: Vec<MoveSeed>,
    /// Given after the moves, while it is under review.
    #[serde(default)]
    opinions: Vec<OpinionSeed>,
    /// Files attached before the moves.
    #[serde(default)]
    annexes: Vec<super::annexes::AnnexSeed>,
}

#[derive(Debug, Deserialize)]
struct ChallengesFile {
    challenge: Vec<ChallengeSeed>,
}

#[derive(Debug, Deserialize)]
struct ProposalsFile {
    proposal: Vec<ProposalSeed>,
}

/// The actor a seeded user acts as.
pub(crate) fn actor(user: &User) -> Actor {
    Actor {
        user_id: user.id,
        organization_id: user.organization_id,
        is_org_owner: user.is_org_owner,
        roles: user.roles.clone(),
        email_verified: true,
        credential: Credential::Session,
    }
}

pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> anyhow::Result<T> {
    Ok(tokio::task::spawn_blocking(f).await??)
}

/// Loads `challenges.toml` and `proposals.toml`; returns the proposals created, by key. Existing challenges (by slug) and proposals (by
/// organisation and title) are left as they are.
///
/// # Errors
/// The first invalid entry, named by file and key.
pub async fn load(
    store: &Store,
    dir: Option<&Path>,
    organizations: &HashMap<String, Organization>,
    users: &HashMap<String, User>,
    public_url: &url::Url,
    annexes: &std::sync::Arc<crate::annexes::Annexes>,
) -> anyhow::Result<HashMap<String, domain::ProposalId>> {
    let challenges: ChallengesFile = toml::from_str(&read(dir, "challenges.toml")?).context("challenges.toml")?;
    let proposals: ProposalsFile = toml::from_str(&read(dir, "proposals.toml")?).context("proposals.toml")?;
    // The demo's hub manager decides: of several, the first by address (a second handles redress).
    let manager = users
        .values()
        .filter(|u| u.roles.contains(&domain::Role::HubManager))
        .min_by(|a, b| a.email.cmp(&b.email))
        .map(actor)
        .ok_or_else(|| anyhow!("users.toml: the demo data needs a hub_manager"))?;

    // The open call, which the first migration opened, names the demo's hub manager as its responsible
    // officer (the challenges below get whoever opens them).
    let (store_, manager_) = (store.clone(), manager.clone());
    blocking(move || {
        let open_call = store_.challenge_get(Some(&manager_), domain::challenge::OPEN_CALL_SLUG)?;
        if open_call.content.responsible_id.is_none() {
            let named = ChallengeInput { responsible_id: Some(manager_.user_id), ..ChallengeInput::default() };
            store_.challenge_update(&manager_, domain::challenge::OPEN_CALL_SLUG, open_call.revision, named)?;
        }
        Ok(())
    })
    .await
    .map_err(|e| anyhow!("the open call's responsible officer: {e}"))?;

    let mut by_key = HashMap::from([("open-call".to_owned(), domain::challenge::OPEN_CALL_SLUG.to_owned())]);
    let mut to_close = Vec::new();
    for seed in challenges.challenge {
        let context = |e: &dyn std::fmt::Display| anyhow!("challenges.toml `{}`: {e}", seed.key);
        by_key.insert(seed.key.clone(), seed.slug.clone());
        let state: ChallengeState = seed.state.parse().map_err(|e| context(&e))?;
        let (store_, manager_, slug) = (store.clone(), manager.clone(), seed.slug.clone());
        if blocking(move || match store_.challenge_get(Some(&manager_), &slug) {
            Ok(_) => Ok(true),
            Err(StoreError::Domain(DomainError::NotFound(_))) => Ok(false),
            Err(e) => Err(e),
        })
        .await?
        {
            continue;
        }
        let sponsor = organizations.get(&seed.sponsor).ok_or_else(|| context(&"unknown sponsor key"))?;
        let content = ChallengeContent::create(ChallengeInput {
            slug: Some(seed.slug.clone()),
            title_it: Some(seed.title_it),
            title_en: Some(seed.title_en),
            description_it: Some(seed.description_it),
            description_en: Some(seed.description_en),
            sponsor_id: Some(sponsor.id),
            tags: Some(seed.tags),
            opens_at: Some(seed.opens_at),
            closes_at: Some(seed.closes_at),
            evaluation: Some(EvaluationInput {
                weights: seed.weights.into_iter().collect(),
                thresholds: seed.thresholds.into_iter().collect(),
                overall_threshold: seed.overall_threshold,
                min_reviews: seed.min_reviews,
                consensus: seed.consensus,
                notice_of_grounds: None,
                notice_days: None,
                redress_days: None,
                response: seed.response,
                response_days: seed.response_days,
                response_with_scores: seed.response_with_scores,
            }),
            sponsor_opinions: Some(seed.sponsor_opinions),
            responsible_id: None,
            budget_cents: seed.budget_cents.map(Some),
            annexes: Some(seed.annexes.into_iter().map(Into::into).collect()),
        })
        .map_err(|e| context(&e))?;
        let author = match &seed.drafted_by {
            Some(email) => users.get(email).map(actor).ok_or_else(|| context(&"unknown `drafted_by`"))?,
            None => manager.clone(),
        };
        let (store_, author_) = (store.clone(), author.clone());
        let created = blocking(move || store_.challenge_create(&author_, content, ChallengeState::Draft))
            .await
            .map_err(|e| context(&e))?;
        // The moves that lead to `state`: an officer's draft is proposed first (and returned, with a note).
        let mut moves = Vec::new();
        if seed.drafted_by.is_some() && (state != ChallengeState::Draft || seed.returned_note.is_some()) {
            moves.push((author.clone(), ChallengeAction::Propose, None));
        }
        if let Some(note) = &seed.returned_note {
            let note = domain::Note::parse("returned_note", Some(note), crate::routes::challenges::NOTE_MAX)
                .map_err(|e| context(&e.message))?;
            moves.push((manager.clone(), ChallengeAction::Return, note));
        }
        if matches!(state, ChallengeState::Open | ChallengeState::Closed) {
            moves.push((manager.clone(), ChallengeAction::Open, None));
        }
        for (by, action, note) in moves {
            let (store_, id) = (store.clone(), created.id.to_string());
            let mail = crate::routes::challenges::review_mail(public_url);
            blocking(move || store_.challenge_act(&by, &id, action, note, mail)).await.map_err(|e| context(&e))?;
        }
        if state == ChallengeState::Closed {
            to_close.push(created.id.to_string());
        }
    }

    let mut created = HashMap::new();
    for seed in proposals.proposal {
        let context = |e: &dyn std::fmt::Display| anyhow!("proposals.toml `{}`: {e}", seed.key);
        let author = users.get(&seed.author).map(actor).ok_or_else(|| context(&"unknown author"))?;
        let organization = organizations.get(&seed.organization).ok_or_else(|| context(&"unknown organization key"))?;
        if organization.id != author.organization_id {
            return Err(context(&"the author is not a member of the organization"));
        }
        let challenge = by_key.get(&seed.challenge).cloned().ok_or_else(|| context(&"unknown challenge key"))?;
        let (store_, author_, title) = (store.clone(), author.clone(), seed.title.clone());
        let existing = blocking(move || {
            let filter = ProposalFilter { q: Some(title.clone()), ..ProposalFilter::default() };
            let page = store_.proposals_list(&author_, &filter, &PageRequest { after: None, limit: 100 })?;
            Ok(page.items.into_iter().any(|p| p.content.title == title))
        })
        .await?;
        if existing {
            continue;
        }
        let content = ProposalContent::create(ProposalInput {
            title: Some(seed.title),
            summary: Some(Some(seed.summary)),
            description: Some(Some(seed.description)),
            trl: Some(Some(seed.trl)),
            budget_cents: Some(seed.budget_cents),
            tags: Some(seed.tags),
            self_assessment: Some(seed.self_assessment.into_iter().map(|(k, v)| (k, Some(v))).collect()),
            reuse_assessment: Some(seed.reuse_assessment),
        })
        .map_err(|e| context(&e))?;
        let (store_, author_) = (store.clone(), author.clone());
        let (proposal, _) =
            blocking(move || store_.proposal_create(&author_, &challenge, content, Vec::new(), None)).await?;
        created.insert(seed.key.clone(), proposal.id);
        super::annexes::attach(annexes, store, &author, proposal.id, seed.annexes).await.map_err(|e| context(&e))?;
        let mut link = public_url.clone();
        link.set_path(&format!("/proposals/{}", proposal.id));
        for step in seed.moves {
            let action: ProposalAction = step.action.parse().map_err(|e| context(&e))?;
            let by = match &step.by {
                Some(email) => users.get(email).map(actor).ok_or_else(|| context(&format!("unknown user {email}")))?,
                None => author.clone(),
            };
            let note = Note::parse("note", step.note.as_deref(), NOTE_MAX).map_err(|e| context(&e.message))?;
            let (store_, link_, id) = (store.clone(), link.to_string(), proposal.id);
            blocking(move || store_.proposal_act(&by, id, action, note, &link_)).await.map_err(|e| context(&e))?;
        }
        for opinion in seed.opinions {
            let by =
                users.get(&opinion.by).map(actor).ok_or_else(|| context(&format!("unknown user {}", opinion.by)))?;
            let content =
                OpinionContent::parse(Some(&opinion.verdict), Some(&opinion.text)).map_err(|e| context(&e))?;
            let (store_, id) = (store.clone(), proposal.id);
            blocking(move || store_.opinion_give(&by, id, content)).await.map_err(|e| context(&e))?;
        }
    }

    let reviews: ReviewsFile = toml::from_str(&read(dir, "reviews.toml")?).context("reviews.toml")?;
    load_reviews(store, reviews, &created, users, &manager, public_url).await?;

    for id in to_close {
        let (store_, manager_) = (store.clone(), manager.clone());
        let mail = crate::routes::challenges::review_mail(public_url);
        blocking(move || store_.challenge_act(&manager_, &id, ChallengeAction::Close, None, mail)).await?;
    }
    Ok(created)
}
