//! Personal access tokens, for the person's own scripts: create one (its secret shown this once, on the
//! page that answers the form, never in a link), list them, revoke one — as `/me/tokens` does.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, FieldError, Scope};
use persistence::PersonalAccessToken;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::me::{NewTokenRequest, create};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A token as the list shows it.
pub struct TokenRow {
    id: String,
    name: String,
    scopes: Vec<String>,
    created: String,
    expires: String,
    last_used: String,
    /// `active`, `revoked` or `expired`.
    status: &'static str,
    /// The status in words.
    status_words: String,
}

impl TokenRow {
    fn new(tr: Tr, now: chrono::DateTime<chrono::Utc>, t: PersonalAccessToken) -> Self {
        let status = match (t.revoked_at, t.expires_at <= now) {
            (Some(_), _) => "revoked",
            (None, true) => "expired",
            (None, false) => "active",
        };
        Self {
            id: t.id,
            name: t.name,
            scopes: t.scopes.iter().map(|s| scope_name(tr, *s)).collect(),
            created: tr.date(&t.created_at),
            expires: tr.date(&t.expires_at),
            last_used: t.last_used_at.map_or_else(|| tr.t("tokens-never-used"), |at| tr.datetime(&at)),
            status,
            status_words: tr.t(&format!("tokens-status-{status}")),
        }
    }
}

/// A scope's words.
fn scope_name(tr: Tr, scope: Scope) -> String {
    tr.t(&format!("scope-{}", scope.as_str().replace(':', "-")))
}

#[derive(Template)]
#[template(path = "web/account/tokens.html")]
struct TokensPage {
    l: Layout,
    csrf: String,
    tokens: Vec<TokenRow>,
    /// Every scope: its value, its words, whether the form has it ticked.
    scopes: Vec<(&'static str, String, bool)>,
    name: String,
    days: String,
    errors: FieldErrors,
    /// The secret of the token just created, shown this once.
    secret: Option<(String, String)>,
    revoked: bool,
}

impl TokensPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// What the creation form holds.
#[derive(Debug, Default, Deserialize)]
pub struct Typed {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    days: String,
}

/// The page, with the list as it stands now.
async fn page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    typed: Typed,
    errors: FieldErrors,
    secret: Option<(String, String)>,
    revoked: bool,
) -> Result<TokensPage, ApiError> {
    let user_id = visitor.person(req)?.actor.user_id;
    let tr = Tr(visitor.locale);
    let store = state.store.clone();
    let listed = blocking(move || store.pat_list(user_id)).await?;
    let now = state.store.now();
    let days = if typed.days.is_empty() { "90".to_owned() } else { typed.days };
    let scopes = Scope::ALL
        .iter()
        .map(|s| (s.as_str(), scope_name(tr, *s), typed.scopes.iter().any(|t| t == s.as_str())))
        .collect();
    let csrf = visitor.csrf(state);
    Ok(TokensPage {
        l: Layout::new(state, req, visitor, "account"),
        csrf,
        tokens: listed.into_iter().map(|t| TokenRow::new(tr, now, t)).collect(),
        scopes,
        name: typed.name,
        days,
        errors,
        secret,
        revoked,
    })
}

/// `?done=revoked` after revoking.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The tokens and the form to create one.
#[get("/account/tokens")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let revoked = query.done.as_deref() == Some("revoked");
    let page = page(&state, &req, &mut visitor, Typed::default(), FieldErrors::default(), None, revoked).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The input id of a field the domain names (`scopes[2]` is the scopes' group).
fn input_id(field: &str) -> String {
    match field.split('[').next().unwrap_or(field) {
        "scopes" => "scopes".to_owned(),
        "expires_in_days" => "days".to_owned(),
        _ => "name".to_owned(),
    }
}

/// Creates a token: the page answers with its secret, shown this once.
#[post("/account/tokens")]
pub async fn add(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    let typed = Typed { days: form.0.days.trim().to_owned(), ..form.0 };
    let tr = Tr(visitor.locale);
    let days = match typed.days.parse::<u32>() {
        Ok(days) => Some(days),
        Err(_) => {
            let errors = vec![FieldError::new("expires_in_days", "not_a_number", "is not a whole number")];
            let errors = FieldErrors::from_domain(tr, &errors, input_id);
            let page = page(&state, &req, &mut visitor, typed, errors, None, false).await?;
            return render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let body = NewTokenRequest { name: typed.name.clone(), scopes: typed.scopes.clone(), expires_in_days: days };
    match create(&state, user_id, &body).await {
        Ok(created) => {
            let secret = Some((created.token.name, created.secret));
            let page =
                page(&state, &req, &mut visitor, Typed::default(), FieldErrors::default(), secret, false).await?;
            render(&state, &visitor, StatusCode::OK, &page)
        }
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(tr, &fields, input_id);
            let page = page(&state, &req, &mut visitor, typed, errors, None, false).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// Revokes a token of the person's (another's is a 404 page).
#[post("/account/tokens/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<String>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    let (store, id) = (state.store.clone(), path.into_inner());
    blocking(move || store.pat_revoke(user_id, &id)).await?;
    Ok(see_other(&state, &visitor, "/account/tokens?done=revoked"))
}
