//! `/organizations/{id}`: a provider's page, the services it offers in the catalogue. It is what a
//! service's publiccode.yml names as its `organisation/uri` when the provider has no IPA code, so that
//! the identifier resolves; an organisation offering no public service has no page (404).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{OrganizationId, PageRequest};
use persistence::ServiceFilter;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::public::ServiceCard;
use crate::web::{Layout, Tr, Visitor, render};

#[derive(Template)]
#[template(path = "web/browse/provider.html")]
struct ProviderPage {
    l: Layout,
    name: String,
    services: Vec<ServiceCard>,
}

/// The provider's page.
#[get("/organizations/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<OrganizationId>,
) -> Result<HttpResponse, ApiError> {
    let filter = ServiceFilter { provider_id: Some(path.into_inner().to_string()), ..ServiceFilter::default() };
    let store = state.store.clone();
    // What the public reads, whoever asks: the page is the provider's public identity.
    let (services, name) = blocking(move || {
        let found = store.services_list(None, &filter, &PageRequest { after: None, limit: 100 })?;
        let name = match found.items.first() {
            Some(first) => store.service_get(None, &first.content.slug)?.provider_name,
            None => return Err(persistence::StoreError::not_found("organization")),
        };
        Ok((found.items, name))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let page = ProviderPage {
        name,
        services: services.iter().map(|s| ServiceCard::of(tr.0, s)).collect(),
        l: Layout::new(&state, &req, &mut visitor, "catalogue"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
