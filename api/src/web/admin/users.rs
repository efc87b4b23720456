//! `/admin/users`: every account, searched by name or address and filtered by role or organisation (a
//! closed one, whose user left their organisation, marked with the day);
//! one account's page with its roles to grant and revoke (the hub's last admin keeps the role; a form
//! read before another admin's change is refused, not applied over it) and its trail in the audit log.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, PageRequest, Role, User, UserId};
use persistence::UserFilter;
use serde::Deserialize;

use super::desk::{role_name, roles_named};
use super::{Done, admin};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::listing::{filled, next_page};
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// An account as a row of the list.
pub struct Row {
    href: String,
    name: String,
    email: String,
    organization: String,
    organization_href: String,
    roles: String,
    verified: bool,
    /// "Account closed on …", when its user left their organisation or was removed from it.
    closed: Option<String>,
}

/// A role as a choice of a select or a check box.
pub struct RoleChoice {
    value: &'static str,
    label: String,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "web/admin/users.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
    roles: Vec<RoleChoice>,
    q: String,
    organization: Option<(String, String)>,
    next: Option<String>,
}

/// The list's filters, as the form sends them.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    role: Option<String>,
    organization: Option<String>,
    cursor: Option<String>,
}

/// The list.
#[get("/admin/users")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let query = query.into_inner();
    let role = filled(query.role.as_deref()).and_then(|r| r.parse::<Role>().ok());
    let filter =
        UserFilter { role, organization_id: filled(query.organization.as_deref()), q: filled(query.q.as_deref()) };
    let page = PageRequest { after: filled(query.cursor.as_deref()), limit: 50 };
    let store = state.store.clone();
    let wanted = filter.clone();
    let (found, organizations) = blocking(move || {
        let found = store.users_list(&wanted, &page)?;
        let mut ids: Vec<String> = found.items.iter().map(|u| u.organization_id.to_string()).collect();
        ids.extend(wanted.organization_id.clone());
        let names = store.organizations_named(&actor, &ids)?;
        Ok((found, names))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let organization_of = |id: &str| organizations.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let rows = found
        .items
        .iter()
        .map(|u| Row {
            href: format!("/admin/users/{}", u.id),
            name: u.display_name.clone(),
            email: u.email.clone(),
            organization: organization_of(&u.organization_id.to_string()),
            organization_href: format!("/admin/organizations/{}", u.organization_id),
            roles: roles_named(tr, &u.roles),
            verified: u.email_verified_at.is_some(),
            closed: closed(tr, u),
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| RoleChoice { value: r.as_str(), label: role_name(tr, *r), chosen: role == Some(*r) })
        .collect();
    let filters = [
        ("q", filter.q.clone()),
        ("role", role.map(|r| r.as_str().to_owned())),
        ("organization", filter.organization_id.clone()),
    ];
    let page = ListPage {
        rows,
        roles,
        q: filter.q.clone().unwrap_or_default(),
        organization: filter.organization_id.clone().map(|id| (organization_of(&id), id)),
        next: next_page("/admin/users", &filters, found.next_cursor),
        l: Layout::new(&state, &req, &mut visitor, "admin"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "web/admin/user.html")]
struct UserPage {
    l: Layout,
    csrf: String,
    id: String,
    name: String,
    email: String,
    organization: (String, String),
    locale: &'static str,
    verified: Option<String>,
    created: String,
    closed: Option<String>,
    expertise: String,
    roles: Vec<RoleChoice>,
    seen: String,
    last_admin: bool,
    notice: Option<String>,
    refusal: Option<Refusal>,
}

/// "Account closed on …" for an account closed when its user left their organisation or was removed from it.
fn closed(tr: Tr, user: &User) -> Option<String> {
    user.left_at.map(|at| tr.t1("admin-account-closed", "date", tr.date(&at)))
}

/// The roles as the form carries them between reading and saving.
fn roles_seen(roles: &BTreeSet<Role>) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ")
}

/// The account's page, with what was just done or refused.
async fn user_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: UserId,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<UserPage, ApiError> {
    let actor = admin(visitor, req)?;
    let store = state.store.clone();
    let (user, organization, admins): (User, String, usize) = blocking(move || {
        let user = store.user_get(id)?;
        let organization = store.organizations_named(&actor, &[user.organization_id.to_string()])?;
        let organization = organization.into_values().next().unwrap_or_default();
        let only = UserFilter { role: Some(Role::Admin), ..UserFilter::default() };
        let admins = store.users_list(&only, &PageRequest { after: None, limit: 2 })?.items.len();
        Ok((user, organization, admins))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let roles = Role::ALL
        .iter()
        .map(|r| RoleChoice { value: r.as_str(), label: role_name(tr, *r), chosen: user.roles.contains(r) })
        .collect();
    Ok(UserPage {
        csrf: visitor.csrf(state),
        id: id.to_string(),
        organization: (organization, user.organization_id.to_string()),
        locale: match user.locale {
            domain::Locale::It => "Italiano",
            domain::Locale::En => "English",
        },
        verified: user.email_verified_at.map(|at| tr.datetime(&at)),
        created: tr.datetime(&user.created_at),
        closed: closed(tr, &user),
        expertise: if user.expertise.is_empty() {
            "—".to_owned()
        } else {
            user.expertise.iter().cloned().collect::<Vec<_>>().join(", ")
        },
        roles,
        seen: roles_seen(&user.roles),
        last_admin: user.roles.contains(&Role::Admin) && admins < 2,
        name: user.display_name,
        email: user.email,
        notice,
        refusal,
        l: Layout::new(state, req, visitor, "admin"),
    })
}

/// An account's page.
#[get("/admin/users/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<UserId>,
    done: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let tr = Tr(visitor.locale);
    let notice = done.done.as_deref().filter(|d| *d == "roles").map(|_| tr.t("admin-roles-saved"));
    let page = user_page(&state, &req, &mut visitor, path.into_inner(), notice, None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The roles form: the roles checked, and the roles the page showed when it was read.
#[derive(Debug, Deserialize)]
pub struct RolesForm {
    #[serde(default)]
    role: Vec<String>,
    #[serde(default)]
    seen: String,
}

/// Saves the account's roles.
#[post("/admin/users/{id}/roles")]
pub async fn save_roles(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<UserId>,
    form: Form<RolesForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let id = path.into_inner();
    let RolesForm { role, seen } = form.0;
    let parse = |names: Vec<&str>| -> Result<BTreeSet<Role>, DomainError> {
        names.into_iter().map(|n| n.parse::<Role>().map_err(DomainError::from)).collect()
    };
    let parsed = parse(role.iter().map(String::as_str).collect())
        .and_then(|roles| Ok((roles, parse(seen.split_whitespace().collect())?)));
    let result = match parsed {
        Ok((roles, seen)) => {
            let store = state.store.clone();
            blocking(move || store.user_set_roles(actor.user_id, id, roles, Some(seen))).await.map(|_| ())
        }
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(()) => Ok(see_other(&state, &visitor, &format!("/admin/users/{id}?done=roles"))),
        Err(error) => {
            let (status, why) = refusal_in("admin", Tr(visitor.locale), error, "roles")?;
            let page = user_page(&state, &req, &mut visitor, id, None, Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
