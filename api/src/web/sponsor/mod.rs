//! `/administration/challenges`: an administration's officers draft their challenges, propose them to
//! the hub and follow them — the same functions as the API's (`POST /challenges`, `…/propose`,
//! `…/follow`), the form shared with the hub managers' desk.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{ChallengeAction, ChallengeState, PageRequest, ProposalState};
use persistence::ChallengeFilter;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::challenges::{FollowDto, act_one, follow_one};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::manage::challenge_form::Posted;
use crate::web::manage::challenge_page::{self as page, Desk};
use crate::web::public::localized;
use crate::web::{Layout, Tr, Visitor, render, see_other};

pub mod opinion;

use opinion::OpinionView;

/// A challenge in the administration's list: its page, title, state in words, whether it sponsors it.
type Row = (String, String, String, bool);

#[derive(Template)]
#[template(path = "web/sponsor/list.html")]
struct ListPage {
    l: Layout,
    rows: Vec<Row>,
}

/// The administration's challenges, sponsored or co-sponsored, in every state.
#[get("/administration/challenges")]
pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let actor = Desk::Administration.actor(&visitor, &req)?;
    let org = actor.organization_id;
    let filter = ChallengeFilter { sponsored_by: Some(org.to_string()), ..ChallengeFilter::default() };
    let store = state.store.clone();
    let found =
        blocking(move || store.challenges_list(Some(&actor), &filter, &PageRequest { after: None, limit: 100 }))
            .await?;
    let tr = Tr(visitor.locale);
    let rows = found
        .items
        .iter()
        .map(|c| {
            (
                format!("/administration/challenges/{}", c.content.slug),
                localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
                tr.t(&format!("challenge-state-{}", c.state.as_str())),
                c.content.sponsor_id == org,
            )
        })
        .collect();
    let page = ListPage { rows, l: Layout::new(&state, &req, &mut visitor, "administration") };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// The form of a new challenge for the administration.
#[get("/administration/challenges/new")]
pub async fn new(state: web::Data<AppState>, req: HttpRequest, mut visitor: Visitor) -> Result<HttpResponse, ApiError> {
    page::blank(&state, &req, &mut visitor, Desk::Administration).await
}

/// Creates the draft.
#[post("/administration/challenges/new")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    page::create(&state, &req, &mut visitor, Desk::Administration, form.0.0).await
}

/// The form of the administration's draft.
#[get("/administration/challenges/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    page::saved(&state, &req, &mut visitor, Desk::Administration, path.into_inner()).await
}

/// Saves an edit of the draft.
#[post("/administration/challenges/{id}/edit")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<Posted>,
) -> Result<HttpResponse, ApiError> {
    page::save(&state, &req, &mut visitor, Desk::Administration, path.into_inner(), form.0.0).await
}

#[derive(Template)]
#[template(path = "web/sponsor/challenge.html")]
struct FollowPage {
    l: Layout,
    csrf: String,
    slug: String,
    title: String,
    state: String,
    /// Whether anyone may see it (its public page exists).
    public: bool,
    /// The hub's note, when it returned the draft.
    review_note: Option<String>,
    /// Whether the officer may still edit and propose it (their administration's draft).
    draft: bool,
    notice: Option<String>,
    refused: Option<String>,
    /// Proposals per state: (state in words, how many).
    counts: Vec<(String, i64)>,
    /// Proposals admitted to evaluation.
    admitted: Vec<AdmittedView>,
    /// Whether the challenge asks its administrations for opinions and a proposal still awaits one.
    opinions_asked: bool,
    /// Decided proposals: (rank, title, organisation, decision in words, weighted total).
    ranking: Vec<(usize, String, String, String, String)>,
}

/// A proposal admitted to evaluation, as the follow page lists it.
struct AdmittedView {
    title: String,
    organization: String,
    state: String,
    summary: String,
    /// Its page (with its description and opinions, and the form for the administration's own).
    link: String,
    /// The administration's opinion on it so far, in words, when the challenge asks for opinions.
    opinion: Option<String>,
}

/// `?done=`: what was just done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn follow_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: String,
    notice: Option<String>,
    refused: Option<String>,
) -> Result<FollowPage, ApiError> {
    let actor = Desk::Administration.actor(visitor, req)?;
    let followed = follow_one(state, actor.clone(), id).await?;
    let tr = Tr(visitor.locale);
    let c = followed.challenge.clone();
    let draft = c.state == ChallengeState::Draft && c.is_sponsor_officer(&actor);
    let asked = c.content.sponsor_opinions;
    // The invitation to give opinions, while a proposal still awaits one (under review).
    let inviting = asked && followed.admitted.iter().any(|p| p.state == ProposalState::UnderReview);
    let admitted = followed
        .admitted
        .iter()
        .map(|p| AdmittedView {
            title: p.title.clone(),
            organization: p.organization_name.clone(),
            state: crate::web::proposals::state_name(tr, p.state),
            summary: p.summary.clone().unwrap_or_default(),
            link: format!("/administration/challenges/{}/proposals/{}", c.content.slug, p.id),
            opinion: asked.then(|| {
                let own = p.opinions.iter().find(|o| o.organization_id == actor.organization_id);
                match (own, opinion::closed_because(tr, asked, p, actor.organization_id)) {
                    (Some(o), _) => OpinionView::of(tr, o).verdict,
                    (None, Some(why)) => why,
                    (None, None) => tr.t("opinion-awaited"),
                }
            }),
        })
        .collect();
    let view = FollowDto::new(followed);
    let state_of = |s: &str| {
        s.parse::<ProposalState>().map_or_else(|_| s.to_owned(), |s| crate::web::proposals::state_name(tr, s))
    };
    Ok(FollowPage {
        csrf: visitor.csrf(state),
        slug: c.content.slug.clone(),
        title: localized(tr.0, &c.content.title_it, c.content.title_en.as_deref()),
        state: tr.t(&format!("challenge-state-{}", c.state.as_str())),
        public: c.state.is_public(),
        review_note: c.review_note.clone().filter(|_| c.state == ChallengeState::Draft),
        draft,
        notice,
        refused,
        counts: view.counts.iter().map(|(s, n)| (state_of(s), *n)).collect(),
        admitted,
        opinions_asked: inviting,
        ranking: view
            .ranking
            .iter()
            .map(|r| {
                (
                    r.rank,
                    r.title.clone(),
                    r.organization_name.clone(),
                    tr.t(&format!("sponsor-decision-{}", r.decision)),
                    r.weighted_total.map_or_else(|| "—".to_owned(), |t| tr.number(t, 2)),
                )
            })
            .collect(),
        l: Layout::new(state, req, visitor, "administration"),
    })
}

/// The challenge as the administration follows it.
#[get("/administration/challenges/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    const DONE: [&str; 4] = ["created", "saved", "proposed", "opinion"];
    let tr = Tr(visitor.locale);
    let notice = query.done.as_deref().filter(|d| DONE.contains(d)).map(|d| tr.t(&format!("sponsor-done-{d}")));
    let page = follow_page(&state, &req, &mut visitor, path.into_inner(), notice, None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Proposes the draft to the hub.
#[post("/administration/challenges/{id}/propose")]
pub async fn propose(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = Desk::Administration.actor(&visitor, &req)?;
    let id = path.into_inner();
    match act_one(&state, actor, id.clone(), ChallengeAction::Propose, None).await {
        Ok(c) => {
            Ok(see_other(&state, &visitor, &format!("/administration/challenges/{}?done=proposed", c.content.slug)))
        }
        Err(error) => {
            let tr = Tr(visitor.locale);
            let (status, why) = crate::web::manage::refusal_in("sponsor", tr, error, "challenge")?;
            let page = follow_page(&state, &req, &mut visitor, id, None, Some(why.message)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}

/// The pages of this area (`…/new` before `…/{id}`).
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(list)
        .service(new)
        .service(create)
        .service(edit)
        .service(save)
        .service(propose)
        .service(opinion::show)
        .service(opinion::give)
        .service(show);
}
