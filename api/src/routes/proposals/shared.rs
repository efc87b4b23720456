//! What the API's proposal handlers and the proposers' pages share: the store calls with the logic
//! around them, so that a page and an endpoint do the same thing.

use domain::{
    Actor, DomainError, Proposal, ProposalAction, ProposalContent, ProposalId, ProposalInput, Role, Scope, UserId,
};
use persistence::IdempotencyKey;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

/// Creates a draft for `actor`'s organisation (the API's `POST /proposals` and the proposal form).
///
/// # Errors
/// `validation_failed` for invalid content, unknown challenge or team; `challenge_not_open`.
pub async fn create_draft(
    state: &AppState,
    actor: Actor,
    challenge: String,
    input: ProposalInput,
    team: Vec<UserId>,
    idempotency: Option<IdempotencyKey>,
) -> Result<(Proposal, bool), ApiError> {
    actor.require(Role::Proposer, Scope::ProposalsWrite)?;
    let content = ProposalContent::create(input)?;
    let store = state.store.clone();
    blocking(move || store.proposal_create(&actor, &challenge, content, team, idempotency)).await
}

/// Edits a proposal still at `revision` (the API's `PATCH /proposals/{id}` and the edit form).
///
/// # Errors
/// `not_found`, `forbidden`, `not_editable`, `precondition_failed` when stale, `validation_failed`.
pub async fn edit(
    state: &AppState,
    actor: Actor,
    id: ProposalId,
    revision: i32,
    input: ProposalInput,
    team: Option<Vec<UserId>>,
) -> Result<Proposal, ApiError> {
    let store = state.store.clone();
    blocking(move || store.proposal_update(&actor, id, revision, input, team)).await
}

/// Moves a proposal by `action` with its note (parsed under the name its request gives it), emailing
/// a link to the proposal's page: the API's moves and the proposers' pages.
///
/// # Errors
/// What [`persistence::Store::proposal_act`] refuses; `validation_failed` for a bad note.
pub async fn perform(
    state: &AppState,
    actor: Actor,
    id: ProposalId,
    action: ProposalAction,
    note: (&str, Option<String>),
) -> Result<Proposal, ApiError> {
    actor.require_scope(Scope::ProposalsWrite)?;
    let (field, note) = note;
    let note = domain::Note::parse(field, note.as_deref(), domain::proposal::NOTE_MAX).map_err(DomainError::from)?;
    let link = crate::routes::public_link(state, &format!("/proposals/{id}"));
    let store = state.store.clone();
    blocking(move || store.proposal_act(&actor, id, action, note, &link)).await
}
