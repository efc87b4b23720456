//! Seeded assignments, reviews and decisions, replayed on the proposals the load created.

use std::collections::{BTreeMap, HashMap};

use anyhow::anyhow;
use domain::proposal::NOTE_MAX;
use domain::review::DECLINE_REASON_MAX;
use domain::{Actor, DomainError, Note, User};
use persistence::Store;
use serde::Deserialize;

use super::{actor, blocking};
use crate::routes::decisions::Decision;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewSeed {
    proposal: String,
    evaluator: String,
    state: String,
    #[serde(default)]
    scores: BTreeMap<String, f64>,
    #[serde(default)]
    comments: BTreeMap<String, String>,
    overall_comment: Option<String>,
    confidential_comment: Option<String>,
    recommendation: Option<String>,
    decline_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionSeed {
    proposal: String,
    decision: Decision,
    rationale: String,
    /// The notice of the grounds given before it (art. 10-bis), and the team's observations on it by
    /// `observer`, which a rejection answers with `observations_reply`.
    grounds: Option<String>,
    observations: Option<String>,
    observer: Option<String>,
    observations_reply: Option<String>,
    /// After a rejection, the team's request for review by `observer`, left pending.
    redress: Option<String>,
    /// Before the decision, the team's response to the reviews by `observer` (where the challenge allows
    /// one: the reviews' window is open).
    response: Option<String>,
}

/// A consensus report: the hub manager designates `rapporteur`, who drafts it; each of `positions` is
/// an evaluator's; `finalised` closes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsensusSeed {
    proposal: String,
    rapporteur: String,
    scores: BTreeMap<String, f64>,
    justifications: BTreeMap<String, String>,
    comment: Option<String>,
    #[serde(default)]
    positions: Vec<PositionSeed>,
    #[serde(default)]
    finalised: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PositionSeed {
    evaluator: String,
    stance: String,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct ReviewsFile {
    #[serde(default)]
    review: Vec<ReviewSeed>,
    #[serde(default)]
    consensus: Vec<ConsensusSeed>,
    #[serde(default)]
    decision: Vec<DecisionSeed>,
    #[serde(default)]
    rating: Vec<RatingSeed>,
}

/// A rating of a submitted review: `by` (a hub manager or the version's rapporteur) rates `evaluator`'s
/// review of `proposal`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingSeed {
    proposal: String,
    evaluator: String,
    by: String,
    labels: Vec<String>,
    note: Option<String>,
}

/// Replays the seeded assignments, reviews and decisions of the proposals created by this load.
pub(super) async fn load_reviews(
    store: &Store,
    file: ReviewsFile,
    created: &HashMap<String, domain::ProposalId>,
    users: &HashMap<String, User>,
    manager: &Actor,
    public_url: &url::Url,
) -> anyhow::Result<()> {
    use domain::review::{ReviewAction, ReviewContent, ReviewInput, ReviewState};
    let link = |path: &str| {
        let mut url = public_url.clone();
        url.set_path(path);
        url.to_string()
    };
    let mut reviews: HashMap<(String, String), domain::review::AssignmentId> = HashMap::new();
    for seed in file.review {
        // Reviews of proposals that were already there were loaded with them.
        let Some(proposal) = created.get(&seed.proposal).copied() else { continue };
        let context =
            |e: &dyn std::fmt::Display| anyhow!("reviews.toml `{}` by {}: {e}", seed.proposal, seed.evaluator);
        let evaluator = users.get(&seed.evaluator).map(actor).ok_or_else(|| context(&"unknown evaluator"))?;
        let due = store.now() + chrono::Duration::days(14);
        let (store_, manager_, evaluator_id, reviews_link) =
            (store.clone(), manager.clone(), evaluator.user_id, link("/reviews"));
        let review = blocking(move || store_.assignment_create(&manager_, proposal, evaluator_id, due, &reviews_link))
            .await
            .map_err(|e| context(&e))?;
        let id = review.assignment.id;
        reviews.insert((seed.proposal.clone(), seed.evaluator.clone()), id);
        let act = |action: ReviewAction, reason: Option<String>| {
            let (store_, evaluator_) = (store.clone(), evaluator.clone());
            async move {
                let reason = Note::parse("reason", reason.as_deref(), DECLINE_REASON_MAX).map_err(DomainError::from)?;
                let base = link("/");
                let base = base.trim_end_matches('/').to_owned();
                blocking(move || store_.review_act(&evaluator_, id, action, reason, &base)).await
            }
        };
        // The states a seed may leave a review in, by the evaluator's own moves.
        match seed.state.parse::<ReviewState>().map_err(|e| context(&e.message))? {
            ReviewState::Assigned => {}
            ReviewState::Declined => {
                act(ReviewAction::Decline, seed.decline_reason.clone()).await.map_err(|e| context(&e))?;
            }
            state @ (ReviewState::InProgress | ReviewState::Submitted) => {
                act(ReviewAction::ConfirmNoConflict, None).await.map_err(|e| context(&e))?;
                let content = ReviewContent::parse(ReviewInput {
                    scores: seed.scores.iter().map(|(k, v)| (k.clone(), Some(*v))).collect(),
                    comments: seed.comments.clone().into_iter().collect(),
                    overall_comment: seed.overall_comment.clone(),
                    confidential_comment: seed.confidential_comment.clone(),
                    recommendation: seed.recommendation.clone(),
                })
                .map_err(|e| context(&e))?;
                let (store_, evaluator_) = (store.clone(), evaluator.clone());
                blocking(move || store_.review_save(&evaluator_, id, content, None)).await.map_err(|e| context(&e))?;
                if state == ReviewState::Submitted {
                    act(ReviewAction::Submit, None).await.map_err(|e| context(&e))?;
                }
            }
            state @ ReviewState::Cancelled => return Err(context(&format!("a seed cannot leave a review `{state}`"))),
        }
    }
    for seed in file.consensus {
        let Some(proposal) = created.get(&seed.proposal).copied() else { continue };
        load_consensus(store, seed, proposal, users, manager, &link(&format!("/consensus/{proposal}"))).await?;
    }
    for seed in file.rating {
        let key = (seed.proposal.clone(), seed.evaluator.clone());
        let Some(id) = reviews.get(&key).copied() else { continue };
        let context =
            |e: &dyn std::fmt::Display| anyhow!("reviews.toml rating of `{}` by {}: {e}", seed.proposal, seed.by);
        let rater = users.get(&seed.by).map(actor).ok_or_else(|| context(&"unknown rater"))?;
        let content =
            domain::quality::RatingContent::parse(&seed.labels, seed.note.as_deref()).map_err(|e| context(&e))?;
        let (store_, base) = (store.clone(), link("/"));
        let base = base.trim_end_matches('/').to_owned();
        blocking(move || store_.review_rate(&rater, id, content, &base)).await.map_err(|e| context(&e))?;
    }
    for seed in file.decision {
        let Some(proposal) = created.get(&seed.proposal).copied() else { continue };
        let accept = match seed.decision {
            Decision::Accept => true,
            Decision::Reject => false,
            Decision::Unknown => return Err(anyhow!("reviews.toml decision on `{}`: unknown decision", seed.proposal)),
        };
        let (store_, manager_, feedback) =
            (store.clone(), manager.clone(), link(&format!("/proposals/{proposal}/feedback")));
        let context = |e: &dyn std::fmt::Display| anyhow!("reviews.toml decision on `{}`: {e}", seed.proposal);
        let text = |field: &str, text: Option<&String>| {
            Note::parse(field, text.map(String::as_str), NOTE_MAX).map_err(|e| context(&e.message))
        };
        let rationale = text("rationale", Some(&seed.rationale))?;
        let observer = || {
            let email = seed.observer.as_deref().unwrap_or_default();
            users.get(email).map(actor).ok_or_else(|| context(&format!("unknown observer {email}")))
        };
        if let Some(response) = text("response", seed.response.as_ref())? {
            let (store_, team, base) = (store.clone(), observer()?, link("/"));
            let base = base.trim_end_matches('/').to_owned();
            blocking(move || store_.response_send(&team, proposal, response, &base)).await.map_err(|e| context(&e))?;
        }
        if let Some(grounds) = text("grounds", seed.grounds.as_ref())? {
            let (store_, manager_, page) = (store.clone(), manager.clone(), link(&format!("/proposals/{proposal}")));
            blocking(move || store_.notice_give(&manager_, proposal, grounds, &page)).await.map_err(|e| context(&e))?;
        }
        if let Some(observations) = text("observations", seed.observations.as_ref())? {
            let observer = observer()?;
            let (store_, page) = (store.clone(), link(&format!("/manage/proposals/{proposal}/decide")));
            blocking(move || store_.notice_observe(&observer, proposal, observations, &page))
                .await
                .map_err(|e| context(&e))?;
        }
        let reply = text("observations_reply", seed.observations_reply.as_ref())?;
        blocking(move || store_.proposal_decide(&manager_, proposal, accept, rationale, None, reply, &feedback))
            .await
            .map_err(|e| context(&e))?;
        if let Some(statement) = text("redress", seed.redress.as_ref())? {
            let team = observer()?;
            let (store_, page) = (store.clone(), link(&format!("/manage/proposals/{proposal}")));
            blocking(move || store_.redress_file(&team, proposal, statement, &page)).await.map_err(|e| context(&e))?;
        }
    }
    Ok(())
}

/// Replays a seeded consensus report through the consensus rules.
async fn load_consensus(
    store: &Store,
    seed: ConsensusSeed,
    proposal: domain::ProposalId,
    users: &HashMap<String, User>,
    manager: &Actor,
    page: &str,
) -> anyhow::Result<()> {
    use domain::consensus::{Agreed, AgreedInput, Stance};
    let context = |e: &dyn std::fmt::Display| anyhow!("reviews.toml consensus on `{}`: {e}", seed.proposal);
    let person = |email: &str| users.get(email).map(actor).ok_or_else(|| context(&format!("unknown user {email}")));
    let rapporteur = person(&seed.rapporteur)?;
    let (store_, manager_, page_, chosen) = (store.clone(), manager.clone(), page.to_owned(), rapporteur.user_id);
    blocking(move || store_.consensus_designate(&manager_, proposal, chosen, &page_)).await.map_err(|e| context(&e))?;
    let agreed = Agreed::parse(AgreedInput {
        scores: seed.scores.iter().map(|(k, v)| (k.clone(), Some(*v))).collect(),
        justifications: seed.justifications.clone().into_iter().collect(),
        comment: seed.comment.clone(),
    })
    .map_err(|e| context(&e))?;
    let (store_, rapporteur_, page_) = (store.clone(), rapporteur.clone(), page.to_owned());
    blocking(move || store_.consensus_draft(&rapporteur_, proposal, agreed, None, &page_))
        .await
        .map_err(|e| context(&e))?;
    for position in &seed.positions {
        let evaluator = person(&position.evaluator)?;
        let stance: Stance = position.stance.parse().map_err(|e: domain::FieldError| context(&e.message))?;
        let (store_, note) = (store.clone(), position.note.clone());
        blocking(move || store_.consensus_position(&evaluator, proposal, stance, note))
            .await
            .map_err(|e| context(&e))?;
    }
    if seed.finalised {
        let (store_, page_) = (store.clone(), page.to_owned());
        blocking(move || store_.consensus_finalise(&rapporteur, proposal, &page_)).await.map_err(|e| context(&e))?;
    }
    Ok(())
}
