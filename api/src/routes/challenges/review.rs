//! A challenge's life: its administration's officers propose their draft to the hub; hub managers
//! return it with a note, open, close and archive it. Each move emails whom it concerns.

use actix_web::{HttpRequest, HttpResponse, post, web};
use domain::mails::{ChallengeOpened, ChallengeProposed, ChallengeReturned};
use domain::{Challenge, ChallengeAction, DomainError, Note, OutgoingMail};
use persistence::Recipient;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{ChallengeDto, respond};
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::blocking;
use crate::state::AppState;

/// The longest note returning a challenge, in characters.
pub const NOTE_MAX: usize = 4_000;

/// Why a challenge goes back to its administration.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"note": "Indicare la data di chiusura e ridurre la soglia complessiva a 3."}))]
pub struct ReturnRequest {
    /// What the administration should change (required, up to 4,000 characters).
    pub note: Option<String>,
}

/// The email of a move to `to`, given the challenge after it and its sponsor's name: proposed, to the hub
/// managers (their desk's page); returned with its note, or opened, to its officers (their page).
pub fn review_mail(
    public_url: &url::Url,
) -> impl Fn(&Recipient, ChallengeAction, &Challenge, &str) -> OutgoingMail + use<> {
    let base = public_url.clone();
    move |to, action, challenge, sponsor| {
        let page = |path: String| {
            let mut url = base.clone();
            url.set_path(&path);
            url.to_string()
        };
        let slug = &challenge.content.slug;
        let theirs = page(format!("/administration/challenges/{slug}"));
        let (display_name, title) = (to.display_name.clone(), challenge.content.title_it.clone());
        let (email, locale) = (to.email.clone(), to.locale);
        match (action, &challenge.review_note) {
            (ChallengeAction::Propose, _) => OutgoingMail::new(
                email,
                locale,
                ChallengeProposed {
                    display_name,
                    administration: sponsor.to_owned(),
                    challenge: title,
                    link: page(format!("/manage/challenges/{slug}/edit")),
                },
            ),
            // A return always leaves its note on the challenge.
            (ChallengeAction::Return, Some(note)) => OutgoingMail::new(
                email,
                locale,
                ChallengeReturned { display_name, challenge: title, note: note.clone(), link: theirs },
            ),
            _ => OutgoingMail::new(email, locale, ChallengeOpened { display_name, challenge: title, link: theirs }),
        }
    }
}

/// Moves challenge `id` by `action` (a return with `note`): the API's endpoints and the desks' buttons.
///
/// # Errors
/// `forbidden`, `not_found`, `invalid_transition`, `validation_failed` (a return without a note).
pub async fn act_one(
    state: &AppState,
    actor: domain::Actor,
    id: String,
    action: ChallengeAction,
    note: Option<&str>,
) -> Result<Challenge, ApiError> {
    let note = Note::parse("note", note, NOTE_MAX).map_err(DomainError::from)?;
    let mail = review_mail(&state.settings.public_url);
    let store = state.store.clone();
    blocking(move || store.challenge_act(&actor, &id, action, note, mail)).await
}

async fn act(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: String,
    action: ChallengeAction,
) -> Result<HttpResponse, ApiError> {
    let challenge = act_one(&state, auth.0, id, action, None).await?;
    Ok(respond(actix_web::http::StatusCode::OK, challenge, state.store.now()))
}

/// Propose a challenge to the hub.
///
/// An officer of its sponsoring administration (scope `administration`) sends the administration's `draft` to the
/// hub: it moves to `in_review`, where its officers may no longer edit it, and the hub managers are emailed. A hub
/// manager then opens it (`POST /challenges/{id}/open`) or returns it with a note (`POST /challenges/{id}/return`).
/// From another state: `invalid_transition` (409).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "Proposed: in review", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer of its sponsor", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a draft", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/propose")]
pub async fn propose(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ChallengeAction::Propose).await
}

/// Return a challenge to its administration.
///
/// Hub managers (scope `proposals:write`). A challenge `in_review` goes back to `draft` with a `note` saying what
/// to change (required: `validation_failed`, 422, without one); its administration's officers read the note on the
/// challenge (`review_note`) and by email, edit it and propose it again. From another state: `invalid_transition`
/// (409).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), request_body = ReturnRequest,
    params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "Returned: a draft again, with the note", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not in review", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "No note, or one too long", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/return")]
pub async fn send_back(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let request: ReturnRequest = crate::routes::json_body::<Option<ReturnRequest>>(&req, &body)?.unwrap_or_default();
    let challenge =
        act_one(&state, auth.0, path.into_inner(), ChallengeAction::Return, request.note.as_deref()).await?;
    Ok(respond(actix_web::http::StatusCode::OK, challenge, state.store.now()))
}

/// Open a challenge.
///
/// Hub managers (scope `proposals:write`). Moves a `draft` challenge, or one its administration proposed
/// (`in_review`), to `open`: it becomes public and accepts submissions between `opens_at` and `closes_at`; the
/// note of an earlier return is cleared, and the officers of an administration that proposed it are emailed. From
/// another state: `invalid_transition` (409).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "Opened", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Neither a draft nor in review", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/open")]
pub async fn open(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ChallengeAction::Open).await
}

/// Close a challenge.
///
/// Hub managers (scope `proposals:write`). Moves an `open` challenge to `closed`: it stays public but accepts no
/// more submissions; proposals already submitted go on through the funnel. From another state: `invalid_transition`
/// (409).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "Closed", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not open", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ChallengeAction::Close).await
}

/// Archive a challenge.
///
/// Hub managers (scope `proposals:write`). Moves a `closed` challenge to `archived`: it leaves the public list and
/// is visible to hub managers only. From another state: `invalid_transition` (409).
#[utoipa::path(tag = "challenges", security(("bearer" = [])), params(("id" = String, Path, description = "Challenge id or slug")), responses(
    (status = 200, description = "Archived", body = ChallengeDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not a hub manager", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not closed", body = Problem, content_type = "application/problem+json"),
))]
#[post("/challenges/{id}/archive")]
pub async fn archive(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(state, auth, path.into_inner(), ChallengeAction::Archive).await
}
