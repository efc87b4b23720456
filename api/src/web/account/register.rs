//! Registering: founding an organisation (the same checks, throttle and mail as `POST /auth/register`),
//! then a page saying the verification email is on its way (the same whether or not the address had an
//! account).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{DomainError, OrganizationKind};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::auth::{NewOrganizationDto, RegisterRequest, register_account};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Visitor, render, see_other};

/// The registration form's fields (also what is shown again when some are invalid; never the password).
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    #[serde(default)]
    org_name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    tax_code: String,
    #[serde(default)]
    ipa_code: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    locale: String,
}

#[derive(Template)]
#[template(path = "web/account/register.html")]
struct RegisterPage {
    l: Layout,
    csrf: String,
    f: Fields,
    errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
}

impl RegisterPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

#[derive(Template)]
#[template(path = "web/account/register_sent.html")]
struct SentPage {
    l: Layout,
}

/// The input id of a field the domain names.
fn input_id(field: &str) -> String {
    match field {
        "organization.name" | "organization" => "org_name".to_owned(),
        other => other.strip_prefix("organization.").unwrap_or(other).to_owned(),
    }
}

fn page(state: &AppState, req: &HttpRequest, visitor: &mut Visitor, f: Fields, errors: FieldErrors) -> RegisterPage {
    let csrf = visitor.csrf(state);
    let tr = crate::web::Tr(visitor.locale);
    RegisterPage {
        l: Layout::new(state, req, visitor, "register"),
        csrf,
        f,
        errors,
        kinds: OrganizationKind::ALL
            .iter()
            .map(|k| (k.as_str(), tr.t(&format!("org-kind-{}", k.as_str().replace('_', "-")))))
            .collect(),
    }
}

/// The registration form (in the visitor's language, which it offers as the account's).
#[get("/register")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let f = Fields { kind: "startup".to_owned(), locale: visitor.locale.as_str().to_owned(), ..Fields::default() };
    let page = page(&state, &req, &mut visitor, f, FieldErrors::default());
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Registers, founding an organisation: on success a 303 to the page saying the mail is on its way;
/// invalid fields show the form again (422) with each message next to its field.
#[post("/register")]
pub async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Fields>,
) -> Result<HttpResponse, ApiError> {
    let mut f = form.0;
    let trimmed = |s: &str| s.trim().to_owned();
    let body = RegisterRequest {
        email: trimmed(&f.email),
        password: std::mem::take(&mut f.password),
        display_name: f.display_name.clone(),
        locale: Some(f.locale.clone()).filter(|l| !l.is_empty()),
        organization: Some(NewOrganizationDto {
            name: f.org_name.clone(),
            kind: f.kind.clone(),
            tax_code: trimmed(&f.tax_code),
            ipa_code: Some(trimmed(&f.ipa_code)).filter(|c| !c.is_empty()),
        }),
        invitation_token: None,
    };
    match register_account(&state, &req, body).await {
        Ok(_) => Ok(see_other(&state, &visitor, "/register/sent")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(crate::web::Tr(visitor.locale), &fields, input_id);
            let page = page(&state, &req, &mut visitor, f, errors);
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The verification email is on its way.
#[get("/register/sent")]
pub async fn sent(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let page = SentPage { l: Layout::new(&state, &req, &mut visitor, "register") };
    render(&state, &visitor, StatusCode::OK, &page)
}
