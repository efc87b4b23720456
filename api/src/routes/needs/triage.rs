//! A hub manager's triage of a need: merge it into another, turn it into a challenge, close it; and
//! the mails each move writes, one home for the API, the pages and the seeds.

use actix_web::{post, web};
use domain::{ChallengeId, DomainError, Need, NeedId, Note, OutgoingMail, mails};
use persistence::{NeedView, Recipient};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{NOTE_MAX, NeedDto};
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// What a hub manager does with a need.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"into": "0192f0c4-5d6e-7f80-9102-a3b4c5d6e7f9"}))]
pub struct MergeRequest {
    /// The open need that absorbs this one.
    pub into: String,
}

/// Merge a need into another.
///
/// Hub managers (scope `proposals:write`). A duplicate joins another open need: its administration and its co-signers
/// become co-signers of the other (each once), and its officers are emailed. Problems: `forbidden` (403), `not_found`
/// (404), `need_not_open`, `same_need` (409), `validation_failed` (422) for an unknown `into`.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = MergeRequest,
    params(("id" = String, Path, description = "Need id")), responses(
    (status = 200, description = "Merged: the merged need", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open, or the same need", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/merge")]
pub async fn merge(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<NeedId>,
    body: Json<MergeRequest>,
) -> Result<web::Json<NeedDto>, ApiError> {
    Ok(web::Json(merge_one(&state, auth.0, path.into_inner(), &body.into_inner().into).await?.into()))
}

/// Merges need `id` into `into` as `manager`: the API's endpoint and the manager's page.
///
/// # Errors
/// What [`persistence::Store::need_merge`] answers; `validation_failed` for a malformed `into`.
pub async fn merge_one(state: &AppState, manager: domain::Actor, id: NeedId, into: &str) -> Result<NeedView, ApiError> {
    domain::need::require_triage(&manager)?;
    let into: NeedId = into
        .trim()
        .parse()
        .map_err(|_| DomainError::invalid("into", "unknown_need", "must be the id of an open need"))?;
    let link = public_link(state, &format!("/needs/{into}"));
    let store = state.store.clone();
    blocking(move || store.need_merge(&manager, id, into, merged_mail(link))).await
}

/// Why a need is closed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Il servizio «Prenota lo sportello» è già nel catalogo PSN: conviene adottarlo."}))]
pub struct CloseRequest {
    /// Shown to the administrations concerned and in the need's history (1 to 2,000 characters).
    pub reason: Option<String>,
}

/// Close a need.
///
/// Hub managers (scope `proposals:write`), with a reason, which the need's page shows and its administrations'
/// officers are emailed. Problems: `forbidden` (403), `not_found` (404), `need_not_open` (409), `validation_failed`
/// (422) without a reason.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = CloseRequest,
    params(("id" = String, Path, description = "Need id")), responses(
    (status = 200, description = "Closed", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<NeedId>,
    body: Json<CloseRequest>,
) -> Result<web::Json<NeedDto>, ApiError> {
    Ok(web::Json(close_one(&state, auth.0, path.into_inner(), body.into_inner().reason.as_deref()).await?.into()))
}

/// Closes need `id` with `reason` as `manager`: the API's endpoint and the manager's page.
///
/// # Errors
/// What [`persistence::Store::need_close`] answers; `validation_failed` without a reason.
pub async fn close_one(
    state: &AppState,
    manager: domain::Actor,
    id: NeedId,
    reason: Option<&str>,
) -> Result<NeedView, ApiError> {
    domain::need::require_triage(&manager)?;
    let reason = Note::parse("reason", reason, NOTE_MAX)
        .map_err(DomainError::from)?
        .ok_or_else(|| DomainError::invalid("reason", "required", "say why the need is closed"))?;
    let link = public_link(state, &format!("/needs/{id}"));
    let store = state.store.clone();
    blocking(move || store.need_close(&manager, id, &reason, closed_mail(reason.clone(), link))).await
}

/// The challenge a need becomes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge_id": "0192f0b2-4c5d-7e6f-8091-a2b3c4d5e6f7"}))]
pub struct ConversionRequest {
    /// The challenge's id (a draft, open or closed one; a hub manager creates it first with `POST /challenges`).
    pub challenge_id: String,
}

/// Turn a need into a challenge.
///
/// Hub managers (scope `proposals:write`). The need links to the challenge, and its administration and its co-signers
/// become the challenge's co-sponsors (besides its sponsor) and are emailed. Several needs may become one challenge.
/// Problems: `forbidden` (403), `not_found` (404), `need_not_open` (409), `validation_failed` (422) for an unknown or
/// archived challenge.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = ConversionRequest,
    params(("id" = String, Path, description = "Need id")), responses(
    (status = 200, description = "Converted", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown challenge", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/conversion")]
pub async fn convert(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<NeedId>,
    body: Json<ConversionRequest>,
) -> Result<web::Json<NeedDto>, ApiError> {
    Ok(web::Json(convert_one(&state, auth.0, path.into_inner(), &body.into_inner().challenge_id).await?.into()))
}

/// Turns need `id` into challenge `challenge` as `manager`: the API's endpoint and the manager's page.
///
/// # Errors
/// What [`persistence::Store::need_convert`] answers; `validation_failed` for a malformed challenge id.
pub async fn convert_one(
    state: &AppState,
    manager: domain::Actor,
    id: NeedId,
    challenge: &str,
) -> Result<NeedView, ApiError> {
    domain::need::require_triage(&manager)?;
    let challenge: ChallengeId = challenge
        .trim()
        .parse()
        .map_err(|_| DomainError::invalid("challenge_id", "unknown_challenge", "must be a challenge's id"))?;
    let (store, hub) = (state.store.clone(), state.settings.public_url.clone());
    blocking(move || store.need_convert(&manager, id, challenge, converted_mail(hub))).await
}

/// The mail to an administration whose need was merged into another (`link`: that other need's page):
/// one home for the API, the pages and the seeds.
pub fn merged_mail(link: String) -> impl Fn(&Recipient, &Need, &Need) -> OutgoingMail {
    move |to, need, other| {
        OutgoingMail::new(
            to.email.clone(),
            to.locale,
            mails::NeedMerged {
                display_name: to.display_name.clone(),
                need: need.content.title.clone(),
                into: other.content.title.clone(),
                link: link.clone(),
            },
        )
    }
}

/// The mail to the administrations of a need closed for `reason` (`link`: the need's page).
pub fn closed_mail(reason: Note, link: String) -> impl Fn(&Recipient, &Need) -> OutgoingMail {
    move |to, need| {
        OutgoingMail::new(
            to.email.clone(),
            to.locale,
            mails::NeedClosed {
                display_name: to.display_name.clone(),
                need: need.content.title.clone(),
                reason: reason.clone(),
                link: link.clone(),
            },
        )
    }
}

/// The mail to the administrations of a need turned into a challenge: it links the page their
/// officers follow the challenge from on `hub` (its sponsor's and co-sponsors' officers, drafts included).
pub fn converted_mail(hub: url::Url) -> impl Fn(&Recipient, &Need, &str, &str) -> OutgoingMail {
    move |to, need, slug, title| {
        let mut link = hub.clone();
        link.set_path(&format!("/administration/challenges/{slug}"));
        OutgoingMail::new(
            to.email.clone(),
            to.locale,
            mails::NeedConverted {
                display_name: to.display_name.clone(),
                need: need.content.title.clone(),
                challenge: title.to_owned(),
                link: link.to_string(),
            },
        )
    }
}
