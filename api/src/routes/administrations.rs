//! Public administrations as actors: an admin verifies one; its owner (or an admin) appoints its
//! officers; its members read who belongs to it.

use actix_web::{HttpResponse, delete, get, post, put, web};
use domain::{OrganizationId, OutgoingMail, UserId, mails};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::routes::me::UserDto;
use crate::routes::organizations::OrganizationDto;
use crate::routes::{ListOf, blocking, public_link};
use crate::state::AppState;

/// Verify a public administration.
///
/// Admins only (scope `admin`), after checking the administration against the Indice delle Pubbliche Amministrazioni
/// (its IPA code and tax code). A public administration that a user registered is pending until then: it has no
/// officers, sponsors no challenge, states no need. Verifying it makes its owners its first officers (role
/// `administration`) and emails them. Another kind of organisation is `not_an_administration` (409); a verified one
/// `administration_verified` (409); a tax code another verified administration has is `tax_code_taken` (409).
#[utoipa::path(tag = "organizations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "Verified", body = OrganizationDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a pending administration, or its tax code is taken", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organizations/{id}/verification")]
pub async fn verify(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
) -> Result<web::Json<OrganizationDto>, ApiError> {
    verify_one(&state, auth.0, path.into_inner()).await.map(|o| web::Json(o.into()))
}

/// Verifies administration `id` as `admin`: the API's endpoint and the admins' page.
///
/// # Errors
/// What [`persistence::Store::organization_verify`] answers.
pub async fn verify_one(
    state: &AppState,
    admin: domain::Actor,
    id: OrganizationId,
) -> Result<domain::Organization, ApiError> {
    let link = public_link(state, "/account");
    let store = state.store.clone();
    blocking(move || {
        store.organization_verify(&admin, id, |to, org| {
            OutgoingMail::new(
                to.email.clone(),
                to.locale,
                mails::AdministrationVerified {
                    display_name: to.display_name.clone(),
                    organization: org.name.clone(),
                    ipa_code: org.ipa_code.clone().unwrap_or_default(),
                    link: link.clone(),
                },
            )
        })
    })
    .await
}

/// List an organisation's members.
///
/// Its members and admins; to anyone else the organisation does not exist (`not_found`, 404). Every member with their
/// roles (an officer holds `administration`) and whether they own the organisation, by name (at most 500).
#[utoipa::path(tag = "organizations", security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id")), responses(
    (status = 200, description = "The members", body = ListOf<UserDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organizations/{id}/members")]
pub async fn members(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<OrganizationId>,
) -> Result<web::Json<ListOf<UserDto>>, ApiError> {
    let id = path.into_inner();
    let store = state.store.clone();
    let people = blocking(move || store.organization_people(&auth.0, id)).await?;
    Ok(web::Json(ListOf { items: people.into_iter().map(UserDto::from).collect() }))
}

/// Appoint an officer.
///
/// The owner of a verified public administration (signed in, not with a token, from a verified address) or an admin
/// makes one of its members its officer (role `administration`): officers state the administration's needs, draft
/// and follow its challenges and declare adoptions. Appointing an officer again changes nothing. Their access tokens
/// issued before stop working, so the next one carries the role. Someone else is `forbidden` (403); a user who is not
/// a member is `not_found` (404); another kind of organisation is `not_an_administration` (409), a pending one
/// `administration_unverified` (409).
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(
    ("id" = String, Path, description = "Organisation id"),
    ("user_id" = String, Path, description = "The member's user id"),
), responses(
    (status = 200, description = "The officer", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a verified administration", body = Problem, content_type = "application/problem+json"),
))]
#[put("/organizations/{id}/officers/{user_id}")]
pub async fn appoint(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(OrganizationId, UserId)>,
) -> Result<web::Json<UserDto>, ApiError> {
    let (id, user_id) = path.into_inner();
    let store = state.store.clone();
    let user = blocking(move || store.organization_set_officer(&auth.0, id, user_id, true)).await?;
    Ok(web::Json(user.into()))
}

/// Remove an officer.
///
/// The same people as for appointing; the member keeps their account and other roles, without `administration`.
/// Removing someone who is not an officer changes nothing.
#[utoipa::path(tag = "organizations", security(("bearer" = [])), params(
    ("id" = String, Path, description = "Organisation id"),
    ("user_id" = String, Path, description = "The member's user id"),
), responses(
    (status = 204, description = "No longer an officer"),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not the owner or an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a verified administration", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/organizations/{id}/officers/{user_id}")]
pub async fn dismiss(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(OrganizationId, UserId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, user_id) = path.into_inner();
    let store = state.store.clone();
    blocking(move || store.organization_set_officer(&auth.0, id, user_id, false)).await?;
    Ok(HttpResponse::NoContent().finish())
}
