//! The public pages: the home page (what the hub is, the four pillars, open challenges, newest
//! services, a few live numbers).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{ChallengeState, Locale, PageRequest};
use persistence::{ChallengeFilter, ServiceFilter, ServiceSort};

use super::{Layout, Visitor, render};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

/// A challenge as a card shows it.
pub struct ChallengeCard {
    /// Its page.
    pub href: String,
    /// Its title in the visitor's language (Italian when it has no other).
    pub title: String,
    /// When submissions close, written out.
    pub closes: Option<String>,
}

/// A service as a card shows it.
pub struct ServiceCard {
    /// Its page.
    pub href: String,
    /// Its name.
    pub name: String,
    /// Its short description in the visitor's language.
    pub summary: String,
}

impl ServiceCard {
    /// The card of `service` for a reader of `locale`.
    pub fn of(locale: Locale, service: &domain::catalogue::Service) -> Self {
        let c = &service.content;
        Self {
            href: format!("/catalogue/{}", c.slug),
            name: c.name.clone(),
            summary: localized(locale, &c.short_description_it, c.short_description_en.as_deref()),
        }
    }
}

#[derive(Template)]
#[template(path = "web/home.html")]
struct HomePage {
    l: Layout,
    pillars: Vec<super::rubric::PillarView>,
    challenges: Vec<ChallengeCard>,
    services: Vec<ServiceCard>,
    /// The live numbers, written out: (message key, figure).
    figures: Vec<(&'static str, String)>,
    logged_out: bool,
    erased: bool,
    left: bool,
}

/// `?logged-out=1` after logging out.
#[derive(Debug, serde::Deserialize)]
pub struct HomeQuery {
    #[serde(rename = "logged-out")]
    logged_out: Option<String>,
    /// `?erased=1` after erasing the account.
    erased: Option<String>,
    /// `?left=1` after leaving the organisation.
    left: Option<String>,
}

/// Text in the visitor's language, else the Italian.
pub fn localized(locale: Locale, it: &str, en: Option<&str>) -> String {
    match (locale, en) {
        (Locale::En, Some(en)) if !en.trim().is_empty() => en.to_owned(),
        _ => it.to_owned(),
    }
}

/// The home page.
#[get("/")]
pub async fn home(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<HomeQuery>,
) -> Result<HttpResponse, ApiError> {
    let store = state.store.clone();
    let actor = visitor.signed_in.as_ref().map(|s| s.actor.clone());
    let (rubric, challenges, services, figures) = blocking(move || {
        let rubric = store.rubric_current()?;
        let open = ChallengeFilter { state: Some(ChallengeState::Open), ..ChallengeFilter::default() };
        let challenges = store.challenges_list(actor.as_ref(), &open, &PageRequest { after: None, limit: 4 })?;
        let newest = ServiceFilter { sort: ServiceSort::Newest, ..ServiceFilter::default() };
        let services = store.services_list(None, &newest, &PageRequest { after: None, limit: 4 })?;
        Ok::<_, persistence::StoreError>((rubric, challenges, services, store.figures()?))
    })
    .await?;
    let locale = visitor.locale;
    let tr = super::Tr(locale);
    let page = HomePage {
        pillars: super::rubric::pillars(&rubric, locale),
        challenges: challenges
            .items
            .iter()
            .map(|c| ChallengeCard {
                href: format!("/challenges/{}", c.content.slug),
                title: localized(locale, &c.content.title_it, c.content.title_en.as_deref()),
                closes: c.content.closes_at.map(|at| tr.datetime(&at)),
            })
            .collect(),
        services: services.items.iter().map(|s| ServiceCard::of(locale, s)).collect(),
        figures: [
            ("figures-open-challenges", figures.open_challenges),
            ("figures-public-services", figures.public_services),
            ("figures-submitted-proposals", figures.submitted_proposals),
            ("figures-organizations", figures.organizations),
        ]
        .into_iter()
        .map(|(key, n)| (key, tr.number(n as f64, 0)))
        .collect(),
        logged_out: query.logged_out.is_some(),
        erased: query.erased.is_some(),
        left: query.left.is_some(),
        l: Layout::new(&state, &req, &mut visitor, "home"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
