//! The OpenAPI document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The document's fixed parts; paths and schemas are collected from the registered services.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Innovation Hub API",
        description = "The open-innovation platform of the Polo Strategico Nazionale: proposals to Italian public \
                       administrations, evaluated against four pillars, promoted into the PSN service catalogue.\n\n\
                       Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. \
                       Authenticate with `Authorization: Bearer` and an access token from `/api/v1/auth/login` or a \
                       personal access token from `/api/v1/me/tokens`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login, sessions and password reset"),
        (name = "me", description = "Your account and personal access tokens"),
        (name = "organizations", description = "Organisations and invitations"),
        (name = "challenges", description = "Needs posted by public administrations"),
        (name = "proposals", description = "Proposals and the funnel: draft, submit, screen, revise, decide"),
        (name = "evaluation", description = "Assignments, conflicts of interest and blind reviews"),
        (name = "catalogue", description = "The PSN service catalogue: promotion, publishing, public search, publiccode.yml"),
        (name = "users", description = "User administration"),
        (name = "admin", description = "Operator views: outbox and audit log"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the handlers refer to.
#[derive(Debug)]
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT or personal access token").build(),
            ),
        );
    }
}

/// The complete document.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = crate::app::utoipa_app(actix_web::App::new()).split_for_parts();
    api
}

/// The complete document as YAML, as checked in at `openapi.yaml`.
///
/// # Errors
/// When serialisation fails.
pub fn yaml() -> anyhow::Result<String> {
    Ok(document().to_yaml()?)
}
