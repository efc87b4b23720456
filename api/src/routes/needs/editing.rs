//! The stating administration edits its need while it is open; the officers of its co-signers are
//! emailed. One home for the API's endpoint and the need's edit page.

use actix_web::{HttpRequest, HttpResponse, patch, web};
use domain::{Need, NeedId, NeedPatch, OutgoingMail, mails};
use persistence::{NeedView, Recipient};

use super::{NeedDto, NeedRequest};
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::routes::conditional::expected_revision;
use crate::routes::{blocking, public_link};
use crate::state::AppState;

/// Edit a need.
///
/// The officers of the administration that stated it (role `administration`; a token needs the scope
/// `administration`), while it is open, with `If-Match` naming the `ETag` last read: 428 `precondition_required`
/// without it, 412 `precondition_failed` when a colleague edited it since. The fields given replace the current ones
/// and are checked as a new need's;
/// absent ones stay, and `null` clears an end of the budget range (both ends or neither). The need's history and the
/// audit log name the fields that changed, and the officers of the administrations that co-signed it are emailed; an
/// edit that changes nothing records nothing. Problems: `forbidden` (403) for anyone else who may read it,
/// `not_found` (404) for whoever may not, `need_not_open` (409) once merged, converted or closed,
/// `validation_failed` (422).
#[utoipa::path(tag = "needs", security(("bearer" = [])),
    request_body(content = NeedRequest, content_type = "application/merge-patch+json"),
    params(("id" = String, Path, description = "Need id"), ("If-Match" = String, Header, description = "The ETag last read")), responses(
    (status = 200, description = "Edited: the need, with its new `ETag`", body = NeedDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an officer of the administration that stated it", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The need is not open", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "Stale `If-Match`", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    (status = 428, description = "`If-Match` missing", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/needs/{id}")]
pub async fn edit(
    state: web::Data<AppState>,
    auth: Authenticated,
    req: HttpRequest,
    path: web::Path<NeedId>,
    body: Json<NeedRequest>,
) -> Result<HttpResponse, ApiError> {
    let revision = expected_revision(&req)?;
    let view = edit_one(&state, auth.0, path.into_inner(), revision, body.into_inner()).await?;
    Ok(super::tagged(HttpResponse::Ok(), view))
}

/// Edits need `id`, as it was at `revision`, as `actor` with the fields `body` gives: the API's endpoint
/// and the need's edit page.
///
/// # Errors
/// What [`persistence::Store::need_edit`] answers.
pub async fn edit_one(
    state: &AppState,
    actor: domain::Actor,
    id: NeedId,
    revision: i32,
    body: NeedRequest,
) -> Result<NeedView, ApiError> {
    let patch = NeedPatch {
        title: body.title,
        description: body.description,
        pillars: body.pillars,
        tags: body.tags,
        urgency: body.urgency,
        population: body.population,
        budget_min_eur: body.budget_min_eur,
        budget_max_eur: body.budget_max_eur,
        public: body.public,
    };
    let link = public_link(state, &format!("/needs/{id}"));
    let store = state.store.clone();
    blocking(move || store.need_edit(&actor, id, revision, patch, edited_mail(link))).await
}

/// The mail to the officers of an administration that co-signed a need its administration edited
/// (`link`: the need's page, whose history says what changed).
pub fn edited_mail(link: String) -> impl Fn(&Recipient, &Need, &str) -> OutgoingMail {
    move |to, need, administration| {
        OutgoingMail::new(
            to.email.clone(),
            to.locale,
            mails::NeedEdited {
                display_name: to.display_name.clone(),
                need: need.content.title.clone(),
                administration: administration.to_owned(),
                link: link.clone(),
            },
        )
    }
}
