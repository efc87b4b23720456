//! What the API's catalogue handlers and the catalogue editors' pages share: the store calls with the
//! logic around them (who may, the email's link, the deprecation's reason and replacement), so that a
//! page and an endpoint do the same thing as the same person.

use domain::catalogue::publiccode::{Provider, PublicCode};
use domain::catalogue::{Service, ServiceAction, ServiceInput};
use domain::{Actor, DomainError, Note, ProposalId, Role, Scope};
use persistence::ServiceView;

use super::DeprecateRequest;
use crate::error::ApiError;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// Promotes an accepted proposal into a draft service (the API's `POST /proposals/{id}/promote` and
/// the editors' list of proposals waiting for promotion).
///
/// # Errors
/// `forbidden` for other roles or the editor's own organisation's proposal; `not_found`; `invalid_transition`
/// when already promoted.
pub async fn promote(state: &AppState, actor: Actor, id: ProposalId) -> Result<Service, ApiError> {
    actor.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let store = state.store.clone();
    let page = public_link(state, &format!("/proposals/{id}"));
    blocking(move || store.proposal_promote(&actor, id, &page)).await
}

/// Edits a service still at `revision` (the API's `PATCH /catalogue/services/{slug}` and the editor's form).
///
/// # Errors
/// `forbidden`, `not_found`, `precondition_failed` when stale, `slug_taken`, `validation_failed`.
pub async fn edit(
    state: &AppState,
    actor: Actor,
    slug: String,
    revision: i32,
    input: ServiceInput,
) -> Result<Service, ApiError> {
    actor.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let store = state.store.clone();
    blocking(move || store.service_update(&actor, &slug, revision, input)).await
}

/// Moves a service by the action `action` builds (publish, deprecate, retire), at `revision` when given,
/// emailing the provider a link to the public page.
///
/// # Errors
/// `forbidden`, `not_found`, `precondition_failed` when stale, `invalid_transition`, `validation_failed`
/// (what publishing still needs; a deprecation's reason or replacement).
pub async fn act(
    state: &AppState,
    actor: Actor,
    slug: String,
    revision: Option<i32>,
    action: impl FnOnce(&persistence::Store) -> Result<ServiceAction, persistence::StoreError> + Send + 'static,
) -> Result<Service, ApiError> {
    actor.require(Role::CatalogueEditor, Scope::CatalogueWrite)?;
    let store = state.store.clone();
    let page = public_link(state, &format!("/catalogue/{slug}"));
    blocking(move || {
        let action = action(&store)?;
        store.service_act(&actor, &slug, revision, action, &page)
    })
    .await
}

/// Deprecates a service with the request's reason and replacement (a published service's slug or id).
///
/// # Errors
/// As [`act`]; `validation_failed` on `reason` (missing, too short or long) or `replacement`.
pub async fn deprecate(
    state: &AppState,
    actor: Actor,
    slug: String,
    revision: Option<i32>,
    request: DeprecateRequest,
) -> Result<Service, ApiError> {
    act(state, actor, slug, revision, move |store| {
        let replacement = request.replacement.as_deref().map(|r| store.service_id_of(r)).transpose()?;
        let (min, max) = domain::catalogue::DEPRECATION_REASON;
        let reason = Note::parse_within("reason", request.reason.as_deref(), min, max).map_err(DomainError::from)?;
        Ok(ServiceAction::deprecate(reason, replacement)?)
    })
    .await
}

/// The publiccode.yml of a service as read, naming in `usedBy` the administrations that use it (the API's
/// export and the editor's preview).
///
/// # Errors
/// An internal error if the document does not serialise.
pub fn publiccode_yaml(state: &AppState, view: &ServiceView) -> Result<String, ApiError> {
    let provider = Provider {
        id: &view.service.content.provider_id.to_string(),
        name: &view.provider_name,
        ipa_code: view.provider_ipa.as_deref(),
    };
    let document =
        PublicCode::of(&view.service, provider, state.settings.public_url.as_str()).used_by(view.used_by.clone());
    serde_norway::to_string(&document).map_err(|e| ApiError::internal("publiccode.yml", e))
}

/// The ETag of a service's publiccode.yml: the service's revision, and the administrations its `usedBy`
/// names (an adoption changes the document, not the service).
pub fn publiccode_etag(revision: i32, used_by: &[String]) -> String {
    if used_by.is_empty() {
        return crate::routes::conditional::etag(revision);
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(used_by.join("\n").as_bytes());
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("\"r{revision}-u{short}\"")
}
