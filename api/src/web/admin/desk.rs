//! `/admin`: the admin's desk — accounts per role, organisations per kind, the mail outbox per delivery
//! state (dead letters called out) and the audit log's size, each count a link to the list behind it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::admin;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::{Layout, Tr, Visitor, render};

/// A count with its words and the list behind it.
pub struct Count {
    label: String,
    count: i64,
    href: String,
}

#[derive(Template)]
#[template(path = "web/admin/desk.html")]
struct DeskPage {
    l: Layout,
    users: i64,
    roles: Vec<Count>,
    kinds: Vec<Count>,
    outbox: Vec<Count>,
    dead: i64,
    /// Administrations waiting for verification.
    pending: i64,
    audit_entries: i64,
    audit_last: Option<String>,
}

/// The name of a role in the reader's language.
pub fn role_name(tr: Tr, role: domain::Role) -> String {
    tr.t(&format!("role-{}", role.as_str().replace('_', "-")))
}

/// The names of `roles`, in the reader's language, in the hub's order (a dash for none).
pub fn roles_named(tr: Tr, roles: &std::collections::BTreeSet<domain::Role>) -> String {
    let named: Vec<String> =
        domain::Role::ALL.iter().filter(|r| roles.contains(r)).map(|r| role_name(tr, *r)).collect();
    if named.is_empty() { "—".to_owned() } else { named.join(", ") }
}

/// The name of a kind of organisation in the reader's language.
pub fn kind_name(tr: Tr, kind: domain::OrganizationKind) -> String {
    tr.t(&format!("org-kind-{}", kind.as_str().replace('_', "-")))
}

/// The name of an outbox delivery state in the reader's language.
pub fn delivery_name(tr: Tr, status: persistence::OutboxStatus) -> String {
    tr.t(&format!("admin-outbox-status-{}", status.as_str()))
}

/// The desk.
#[get("/admin")]
pub async fn desk(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let actor = admin(&visitor, &req)?;
    let store = state.store.clone();
    let figures = blocking(move || store.oversight(&actor)).await?;
    let tr = Tr(visitor.locale);
    let roles = figures
        .by_role
        .iter()
        .map(|(role, count)| Count {
            label: role_name(tr, *role),
            count: *count,
            href: format!("/admin/users?role={}", role.as_str()),
        })
        .collect();
    let kinds = figures
        .by_kind
        .iter()
        .map(|(kind, count)| Count {
            label: kind_name(tr, *kind),
            count: *count,
            href: format!("/admin/organizations?kind={}", kind.as_str()),
        })
        .collect();
    let outbox = figures
        .outbox
        .iter()
        .map(|(status, count)| Count {
            label: delivery_name(tr, *status),
            count: *count,
            href: format!("/admin/outbox?status={}", status.as_str()),
        })
        .collect();
    let dead = figures.outbox.iter().find(|(s, _)| *s == persistence::OutboxStatus::Dead).map_or(0, |(_, n)| *n);
    let page = DeskPage {
        users: figures.users,
        roles,
        kinds,
        outbox,
        dead,
        pending: figures.pending_administrations,
        audit_entries: figures.audit_entries,
        audit_last: figures.audit_last.map(|at| tr.datetime(&at)),
        l: Layout::new(&state, &req, &mut visitor, "admin"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
