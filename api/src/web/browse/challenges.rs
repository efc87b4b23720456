//! `/challenges` and `/challenges/{slug}`: the challenges the visitor may see (the API's visibility:
//! drafts only to hub managers), filtered like `GET /api/v1/challenges`, a page at a time.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{ChallengeState, Pillar};
use persistence::ChallengeFilter;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::{PageQuery, blocking};
use crate::state::AppState;
use crate::web::listing::filled;
use crate::web::public::{ChallengeCard, localized};
use crate::web::{Layout, Visitor, render};

/// The list's search form.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    cursor: Option<String>,
}

#[derive(Template)]
#[template(path = "web/browse/challenges.html")]
struct ListPage {
    l: Layout,
    q: String,
    state: String,
    /// (value, message key) of the state filter.
    states: Vec<(&'static str, String)>,
    challenges: Vec<ChallengeCard>,
    next: Option<String>,
}

/// The challenges.
#[get("/challenges")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { q, state: wanted, cursor } = query.into_inner();
    let (q, wanted) = (filled(q.as_deref()), filled(wanted.as_deref()));
    let filter = ChallengeFilter {
        state: wanted.as_deref().map(str::parse::<ChallengeState>).transpose().map_err(domain::DomainError::from)?,
        tag: None,
        q: q.clone(),
        sponsored_by: None,
    };
    let page = PageQuery { limit: Some(20), cursor: filled(cursor.as_deref()) }.parse()?;
    let (store, actor) = (state.store.clone(), visitor.signed_in.as_ref().map(|s| s.actor.clone()));
    let found = blocking(move || store.challenges_list(actor.as_ref(), &filter, &page)).await?;
    let tr = crate::web::Tr(visitor.locale);
    let next = found.next_cursor.as_ref().map(|cursor| {
        let pairs = [("q", q.clone().unwrap_or_default()), ("state", wanted.clone().unwrap_or_default())];
        let mut query = serde_urlencoded::to_string(pairs).unwrap_or_default();
        query.push_str(&format!("&cursor={cursor}"));
        format!("/challenges?{query}")
    });
    let page = ListPage {
        q: q.unwrap_or_default(),
        state: wanted.unwrap_or_default(),
        states: ChallengeState::ALL
            .iter()
            .filter(|s| s.is_public())
            .map(|s| (s.as_str(), tr.t(&format!("challenge-state-{}", s.as_str()))))
            .collect(),
        challenges: found
            .items
            .iter()
            .map(|c| ChallengeCard {
                href: format!("/challenges/{}", c.content.slug),
                title: localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
                closes: c.content.closes_at.map(|at| tr.datetime(&at)),
            })
            .collect(),
        next,
        l: Layout::new(&state, &req, &mut visitor, "challenges"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// A pillar's weight and threshold in a challenge.
struct Setting {
    pillar: String,
    weight: u8,
    threshold: String,
}

#[derive(Template)]
#[template(path = "web/browse/challenge.html")]
struct DetailPage {
    l: Layout,
    title: String,
    /// Safe HTML, from the challenge's Markdown.
    description: String,
    state: String,
    sponsor: String,
    /// The administrations of the needs it came from.
    co_sponsors: Vec<String>,
    /// Its responsible officer's name, once named.
    responsible: Option<String>,
    opens: String,
    closes: Option<String>,
    open_now: bool,
    tags: Vec<String>,
    settings: Vec<Setting>,
    overall: String,
    min_reviews: u8,
    /// Where "take part" leads: the new proposal form, or registering.
    take_part: String,
    signed_in: bool,
    /// Whether its administrations give an opinion on the proposals under review.
    opinions: bool,
}

/// One challenge.
#[get("/challenges/{slug}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (store, actor) = (state.store.clone(), visitor.signed_in.as_ref().map(|s| s.actor.clone()));
    let slug = slug.into_inner();
    let (challenge, rubric, sponsor, co_sponsors, responsible) = blocking(move || {
        let (challenge, sponsor) = store.challenge_with_sponsor(actor.as_ref(), &slug)?;
        let co = store.challenge_co_sponsors(challenge.id)?.into_iter().map(|(_, name)| name).collect();
        let responsible = store.challenge_responsible(&challenge)?.map(|(_, name)| name);
        Ok::<_, persistence::StoreError>((challenge, store.rubric_current()?, sponsor, co, responsible))
    })
    .await?;
    let tr = crate::web::Tr(visitor.locale);
    let evaluation = &challenge.content.evaluation;
    let views = crate::web::rubric::pillars(&rubric, tr.0);
    let name = |pillar: Pillar| crate::web::rubric::name_of(&views, pillar);
    let signed_in = visitor.signed_in.is_some();
    let page = DetailPage {
        title: localized(tr.0, &challenge.content.title_it, challenge.content.title_en.as_deref()),
        description: crate::web::markdown::render(
            &localized(tr.0, &challenge.content.description_it, challenge.content.description_en.as_deref()),
            2,
        ),
        state: tr.t(&format!("challenge-state-{}", challenge.state.as_str())),
        sponsor,
        co_sponsors,
        responsible,
        opens: tr.datetime(&challenge.content.opens_at),
        closes: challenge.content.closes_at.map(|at| tr.datetime(&at)),
        open_now: challenge.accepts_submissions(state.store.now()),
        tags: challenge.content.tags.iter().cloned().collect(),
        settings: Pillar::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| Setting {
                pillar: name(*p),
                weight: evaluation.weights[i],
                threshold: tr.number(evaluation.thresholds[i].value(), 1),
            })
            .collect(),
        overall: tr.number(evaluation.overall_threshold.value(), 1),
        min_reviews: evaluation.min_reviews,
        take_part: if signed_in {
            format!("/proposals/new?challenge={}", challenge.id)
        } else {
            "/register".to_owned()
        },
        signed_in,
        opinions: challenge.content.sponsor_opinions,
        l: Layout::new(&state, &req, &mut visitor, "challenges"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
