//! The signed-in person's account: who they are, their name and language (as `PATCH /me`), their
//! password (as `POST /me/password`: this session goes on, the others end), a new verification link
//! when the address is not yet verified, and the ways to their data and tokens.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{AdministrationStatus, DomainError, Role, User};
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::auth::resend_verification_to;
use crate::routes::me::update_profile;
use crate::routes::{blocking, passwords};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other, session};

/// A colleague as the organisation's section lists them.
pub struct Colleague {
    /// Where the officer button posts.
    officer_action: String,
    name: String,
    roles: String,
    owner: bool,
    officer: bool,
}

/// The account as the page shows it.
pub struct AccountView {
    email: String,
    organization: String,
    roles: Vec<String>,
    owner: bool,
    verified: bool,
    since: String,
}

#[derive(Template)]
#[template(path = "web/account/profile.html")]
pub(super) struct ProfilePage {
    l: Layout,
    csrf: String,
    account: AccountView,
    display_name: String,
    locale: String,
    errors: FieldErrors,
    /// The message of what was just done (`?done=`).
    done: Option<String>,
    /// The address typed in the owner's invitation form (shown again when refused).
    pub(super) invite_email: String,
    /// A public administration's state, said to its members (`None` for other kinds).
    administration: Option<String>,
    /// The organisation's members.
    colleagues: Vec<Colleague>,
    /// Whether the reader appoints officers (the owner of a verified administration).
    appoints: bool,
    /// Whether the reader is an officer of a verified administration (its challenges are theirs to draft).
    officer: bool,
    /// Whether the reader evaluates (and so declares their expertise).
    evaluator: bool,
    /// A verified administration's adoptions: (service page, name, state in words); `None` for others.
    adoptions: Option<Vec<(String, String, String)>>,
}

impl ProfilePage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// `?done=` after a form.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The page, with what the person typed (`typed`: name and language) and the forms' errors.
pub(super) async fn page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    typed: Option<(String, String)>,
    errors: FieldErrors,
    done: Option<&str>,
) -> Result<ProfilePage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let tr = Tr(visitor.locale);
    let store = state.store.clone();
    let (user, org, people, adopted) = blocking(move || {
        let user: User = store.user_get(actor.user_id)?;
        let org = store.organization_get(&actor, actor.organization_id)?;
        let people = store.organization_people(&actor, actor.organization_id)?;
        let adopted = if org.is_verified_administration() {
            Some(store.organization_adoptions(&actor, actor.organization_id)?)
        } else {
            None
        };
        Ok::<_, persistence::StoreError>((user, org, people, adopted))
    })
    .await?;
    let adoptions = adopted.map(|list| {
        list.into_iter()
            .map(|(a, slug, name)| {
                (format!("/catalogue/{slug}"), name, tr.t(&format!("adoption-state-{}", a.content.state.as_str())))
            })
            .collect()
    });
    let administration = match org.administration_status() {
        Some(AdministrationStatus::Pending) => Some(tr.t1("administration-pending-notice", "organization", &org.name)),
        Some(AdministrationStatus::Verified) => {
            Some(tr.t1("administration-verified-notice", "organization", &org.name))
        }
        None => None,
    };
    let officer = user.roles.contains(&Role::Administration) && org.is_verified_administration();
    let appoints = user.is_org_owner && user.email_verified_at.is_some() && org.is_verified_administration();
    let colleagues = people
        .iter()
        .map(|p| Colleague {
            officer_action: format!("/account/officers/{}", p.id),
            name: p.display_name.clone(),
            roles: crate::web::admin::roles_named(tr, &p.roles),
            owner: p.is_org_owner,
            officer: p.roles.contains(&Role::Administration),
        })
        .collect();
    let organization = org.name;
    let (display_name, locale) = typed.unwrap_or_else(|| (user.display_name.clone(), user.locale.as_str().to_owned()));
    let done = done
        .filter(|d| ["profile", "password", "verification", "joined", "invited", "appointed", "dismissed"].contains(d))
        .map(|d| tr.t1(&format!("account-done-{d}"), "organization", &organization));
    let account = AccountView {
        email: user.email,
        organization,
        roles: user.roles.iter().map(|r| tr.t(&format!("role-{}", r.as_str().replace('_', "-")))).collect(),
        owner: user.is_org_owner,
        verified: user.email_verified_at.is_some(),
        since: tr.date(&user.created_at),
    };
    let csrf = visitor.csrf(state);
    let l = Layout::new(state, req, visitor, "account");
    Ok(ProfilePage {
        l,
        csrf,
        account,
        display_name,
        locale,
        errors,
        done,
        invite_email: String::new(),
        administration,
        colleagues,
        appoints,
        officer,
        evaluator: user.roles.contains(&Role::Evaluator),
        adoptions,
    })
}

/// The account page.
#[get("/account")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let page = page(&state, &req, &mut visitor, None, FieldErrors::default(), query.done.as_deref()).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The profile form's fields.
#[derive(Debug, Deserialize)]
pub struct Profile {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    locale: String,
}

/// Saves the name and language; the pages follow the new language at once.
#[post("/account/profile")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Profile>,
) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    let Profile { display_name, locale } = form.0;
    match update_profile(&state, user_id, Some(&display_name), Some(&locale)).await {
        Ok(user) => session::see_other_renamed(&state, &req, &visitor, &user, "/account?done=profile"),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, str::to_owned);
            let page = page(&state, &req, &mut visitor, Some((display_name, locale)), errors, None).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// The password form's fields.
#[derive(Debug, Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// Changes the password: this session goes on, every other one ends and the person is told by email.
#[post("/account/password")]
pub async fn password(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let person = visitor.person(&req)?;
    let (user_id, keep) = (person.actor.user_id, person.session_id.clone());
    let PasswordChange { current_password, new_password } = form.0;
    match passwords::change(&state, &req, user_id, keep, current_password, &new_password).await {
        Ok(()) => Ok(see_other(&state, &visitor, "/account?done=password")),
        Err(ApiError::Domain(DomainError::Invalid(fields))) => {
            let errors = FieldErrors::from_domain(Tr(visitor.locale), &fields, str::to_owned);
            let page = page(&state, &req, &mut visitor, None, errors, None).await?;
            render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

/// Emails a new verification link (an address verified meanwhile needs none).
#[post("/account/verification")]
pub async fn verification(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let user_id = visitor.person(&req)?.actor.user_id;
    match resend_verification_to(&state, &req, user_id).await {
        Ok(()) => Ok(see_other(&state, &visitor, "/account?done=verification")),
        Err(ApiError::Domain(DomainError::Conflict { code: "already_verified", .. })) => {
            Ok(see_other(&state, &visitor, "/account"))
        }
        Err(other) => Err(other),
    }
}
