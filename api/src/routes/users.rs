//! User administration.

use std::collections::BTreeSet;

use actix_web::{get, put, web};
use domain::{DomainError, Role, Scope, UserId, Validation};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::json::Json;
use crate::query::Query;
use crate::routes::me::UserDto;
use crate::routes::{PageOf, PageQuery, blocking};
use crate::state::AppState;

/// Filters of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserFilter {
    /// Only users holding this role.
    pub role: Option<String>,
    /// Only members of this organisation (its id).
    pub organization_id: Option<String>,
    /// Words found in the email address or the name (case does not matter).
    pub q: Option<String>,
}

/// A user's new set of roles.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"roles": ["evaluator", "hub_manager"]}))]
pub struct RolesRequest {
    /// The complete set of roles (replaces the current one).
    #[schema(example = json!(["proposer", "evaluator"]))]
    pub roles: Vec<String>,
}

/// List users.
///
/// Admins only (a personal access token needs the `admin` scope). Every account, oldest first, paginated by cursor;
/// `role` keeps the holders of one role, `organization_id` the members of one organisation, `q` those whose email
/// address or name contains its words. An account closed when its user left their organisation or was removed from
/// it is listed too, with the moment in `left_at`. An unknown role is `validation_failed` (422).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(PageQuery, UserFilter), responses(
    (status = 200, description = "A page of users", body = PageOf<UserDto>),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Authenticated,
    page: Query<PageQuery>,
    filter: Query<UserFilter>,
) -> Result<PageOf<UserDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    let page = page.parse()?;
    let role = filter
        .role
        .as_deref()
        .map(str::parse::<Role>)
        .transpose()
        .map_err(|e| DomainError::from(domain::FieldError { field: "role".to_owned(), ..e }))?;
    let filter = filter.into_inner();
    let wanted = persistence::UserFilter { role, organization_id: filter.organization_id, q: filter.q };
    let store = state.store.clone();
    let users = blocking(move || store.users_list(&wanted, &page)).await?;
    Ok(PageOf::from_page(users, UserDto::from))
}

/// Replace a user's roles.
///
/// Admins only (scope `admin`). The body's roles replace the user's; the change is written to the audit log, and
/// the access tokens issued to the user before it stop working at once. The hub's only admin keeps the admin role
/// (`last_admin`, 409); the role `administration` goes only to a member of a public administration
/// (`not_an_administration`, 409) that an admin has verified (`administration_unverified`, 409); an unknown role is
/// `validation_failed` (422); an unknown user is `not_found` (404).
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = RolesRequest,
    params(("id" = String, Path, description = "User id")), responses(
    (status = 200, description = "The user with the new roles", body = UserDto),
    (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`last_admin`: the hub's only admin keeps the admin role; `not_an_administration` or `administration_unverified`: `administration` for a member of no verified administration", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Unknown role", body = Problem, content_type = "application/problem+json"),
))]
#[put("/users/{id}/roles")]
pub async fn set_roles(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<UserId>,
    body: Json<RolesRequest>,
) -> Result<web::Json<UserDto>, ApiError> {
    auth.0.require(Role::Admin, Scope::Admin)?;
    let user_id = path.into_inner();
    let mut v = Validation::new();
    let mut roles = BTreeSet::new();
    // Over the bound, the items are not read one by one.
    let bounded = v.check(domain::text::at_most("roles", body.roles.len(), Role::ALL.len())).is_some();
    for (i, raw) in body.roles.iter().enumerate().filter(|_| bounded) {
        if let Some(role) =
            v.check(raw.parse::<Role>().map_err(|e| domain::FieldError { field: format!("roles[{i}]"), ..e }))
        {
            roles.insert(role);
        }
    }
    v.finish()?;
    let store = state.store.clone();
    let admin = auth.0.user_id;
    let user = blocking(move || store.user_set_roles(admin, user_id, roles, None)).await?;
    Ok(web::Json(user.into()))
}
