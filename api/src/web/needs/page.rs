//! A need's page: what it says, who co-signed it, its history; the link its administration's officers
//! edit it from, the officer's co-signature (or its withdrawal) and the hub manager's triage (merge, turn into a challenge, close), each refused in words
//! on the same page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{Actor, ChallengeState, NeedField, NeedId, NeedState, PageRequest, Role};
use persistence::{ChallengeFilter, NeedEvent, NeedFilter, NeedView};
use serde::Deserialize;

use super::{count, officer, pillar_name, reach};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::needs::{CosignRequest, close_one, convert_one, cosign_one, merge_one};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::manage::{Refusal, refusal_in};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// A co-signature as the page lists it.
pub struct Signer {
    organization: String,
    note: Option<String>,
    people: Option<String>,
    date: String,
}

/// A move of the history.
pub struct Step {
    what: String,
    when: String,
}

/// A choice of a select: (value, label).
type Choice = (String, String);

/// The page.
#[derive(Template)]
#[template(path = "web/needs/need.html")]
struct NeedPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    organization: String,
    state: String,
    urgency: String,
    pillars: String,
    tags: Vec<String>,
    population: String,
    budget: Option<String>,
    public: bool,
    /// Safe HTML, from the need's Markdown.
    description: String,
    reach: String,
    signers: Vec<Signer>,
    history: Vec<Step>,
    /// Where it went: the need it joined, or the challenge it became (href, title).
    merged_into: Option<(String, String)>,
    /// The challenge it became: its title, and its page when the reader may open it.
    challenge: Option<(Option<String>, String)>,
    closed_reason: Option<String>,
    /// The officers of its administration edit it while it is open.
    may_edit: bool,
    /// The officer of another administration may co-sign it; one whose administration did may withdraw.
    may_cosign: bool,
    may_withdraw: bool,
    /// A hub manager triages it: the other open needs and the challenges it may become.
    triage: bool,
    other_needs: Vec<Choice>,
    challenges: Vec<Choice>,
    refusal: Option<Refusal>,
}

async fn need_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: NeedId,
    refusal: Option<Refusal>,
) -> Result<NeedPage, ApiError> {
    let actor: Option<Actor> = visitor.signed_in.as_ref().map(|s| s.actor.clone());
    let manager = actor.as_ref().is_some_and(|a| a.has_role(Role::HubManager));
    let store = state.store.clone();
    let reader = actor.clone();
    let (view, rubric, others, challenges) = blocking(move || {
        let view: NeedView = store.need_get(reader.as_ref(), id)?;
        let (others, challenges) = if manager && view.need.state == NeedState::Open {
            let open = NeedFilter { state: Some(NeedState::Open), ..NeedFilter::default() };
            let page = PageRequest { after: None, limit: 100 };
            let others = store.needs_list(reader.as_ref(), &open, &page)?.items;
            // Every challenge a need may become, not only the first page of them.
            let mut challenges = Vec::new();
            let mut after = None;
            loop {
                let next = PageRequest { after, limit: 100 };
                let found = store.challenges_list(reader.as_ref(), &ChallengeFilter::default(), &next)?;
                challenges.extend(found.items);
                match found.next_cursor {
                    Some(cursor) if challenges.len() < 5_000 => after = Some(cursor),
                    _ => break,
                }
            }
            (others, challenges)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok::<_, persistence::StoreError>((view, store.rubric_current()?, others, challenges))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let names = crate::web::rubric::pillars(&rubric, tr.0);
    let (administrations, people) = domain::need::reach(&view.need, &view.cosignatures);
    let need = &view.need;
    let open = need.state == NeedState::Open;
    let mine = actor.as_ref().map(|a| a.organization_id);
    let signed = view.cosignatures.iter().any(|c| Some(c.organization_id) == mine);
    let is_officer = officer(actor.as_ref());
    Ok(NeedPage {
        csrf: visitor.csrf(state),
        id: need.id.to_string(),
        title: need.content.title.clone(),
        organization: view.organization_name.clone(),
        state: tr.t(&format!("need-state-{}", need.state.as_str())),
        urgency: tr.t(&format!("need-urgency-{}", need.content.urgency.as_str())),
        pillars: need.content.pillars.iter().map(|p| pillar_name(&names, *p)).collect::<Vec<_>>().join(", "),
        tags: need.content.tags.iter().cloned().collect(),
        population: count(tr, need.content.population),
        budget: need
            .content
            .budget
            .map(|(min, max)| tr.with("need-budget-range", &[("min", count(tr, min)), ("max", count(tr, max))])),
        public: need.content.public,
        description: crate::web::markdown::render(&need.content.description, 2),
        reach: reach(tr, administrations, people),
        signers: view
            .cosignatures
            .iter()
            .map(|c| Signer {
                organization: c.organization_name.clone(),
                note: c.note.clone(),
                people: c.population.map(|p| count(tr, p)),
                date: tr.date(&c.created_at),
            })
            .collect(),
        history: view
            .history
            .iter()
            .map(|e| Step {
                what: tr.t1(&format!("need-event-{}", e.action.replace('_', "-")), "detail", detail(tr, e)),
                when: tr.datetime(&e.occurred_at),
            })
            .collect(),
        merged_into: need
            .merged_into
            .map(|into| (format!("/needs/{into}"), view.merged_into_title.clone().unwrap_or_default())),
        challenge: view
            .challenge
            .clone()
            .map(|(slug, title, public)| ((public || manager).then(|| format!("/challenges/{slug}")), title)),
        closed_reason: need.closed_reason.clone(),
        may_edit: actor.as_ref().is_some_and(|a| need.editing(a).is_ok()),
        may_cosign: open && is_officer && mine != Some(need.organization_id) && !signed,
        may_withdraw: open && is_officer && signed,
        triage: manager && open,
        other_needs: others
            .iter()
            .filter(|s| s.need.id != need.id)
            .map(|s| (s.need.id.to_string(), format!("{} — {}", s.need.content.title, s.organization_name)))
            .collect(),
        // The newest first (a manager usually links the challenge just drafted), never the open call.
        challenges: challenges
            .iter()
            .rev()
            .filter(|c| c.state != ChallengeState::Archived && c.content.slug != domain::challenge::OPEN_CALL_SLUG)
            .map(|c| (c.id.to_string(), c.content.title_it.clone()))
            .collect(),
        refusal,
        l: Layout::new(state, req, visitor, "needs"),
    })
}

/// What a move concerned, in words: for an edit, the names of the fields it changed.
fn detail(tr: Tr, event: &NeedEvent) -> String {
    let detail = event.detail.clone().unwrap_or_default();
    if event.action != "edited" {
        return detail;
    }
    detail
        .split(", ")
        .map(|name| {
            name.parse::<NeedField>()
                .map_or_else(|_| name.to_owned(), |f| tr.t(&format!("need-changed-{}", f.as_str().replace('_', "-"))))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A need's page.
#[get("/needs/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, ApiError> {
    let page = need_page(&state, &req, &mut visitor, path.into_inner(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// After a form: the need's page again (`?done=`), or the page with why it was refused.
async fn answer(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: NeedId,
    result: Result<NeedView, ApiError>,
    field: &'static str,
) -> Result<HttpResponse, ApiError> {
    match result {
        Ok(_) => Ok(see_other(state, visitor, &format!("/needs/{id}"))),
        Err(error) => {
            let (status, why) = refusal_in("need", Tr(visitor.locale), error, field)?;
            let page = need_page(state, req, visitor, id, Some(why)).await?;
            render(state, visitor, status, &page)
        }
    }
}

/// The co-signature form.
#[derive(Debug, Deserialize)]
pub struct CosignForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    population: String,
}

/// Co-signs the need for the officer's administration.
#[post("/needs/{id}/cosignatures")]
pub async fn cosign(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    form: Form<CosignForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let CosignForm { note, population } = form.0;
    let population = population.trim();
    let result = if population.is_empty() {
        Ok(None)
    } else {
        population.replace(['.', ' '], "").parse::<i64>().map(Some).map_err(|_| {
            ApiError::from(domain::DomainError::invalid("population", "not_a_number", "must be a whole number"))
        })
    };
    let result = match result {
        Ok(population) => {
            let body = CosignRequest { note: Some(note).filter(|n| !n.trim().is_empty()), population };
            cosign_one(&state, actor, id, body).await
        }
        Err(error) => Err(error),
    };
    answer(&state, &req, &mut visitor, id, result, "population").await
}

/// Withdraws the co-signature of the officer's administration.
#[post("/needs/{id}/withdrawal")]
pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    _form: Form<serde::de::IgnoredAny>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let store = state.store.clone();
    let result = blocking(move || store.need_withdraw_cosignature(&actor, id)).await;
    answer(&state, &req, &mut visitor, id, result, "cosign-heading").await
}

/// The triage forms' one field.
#[derive(Debug, Deserialize)]
pub struct TriageForm {
    #[serde(default)]
    value: String,
}

/// Merges the need into another (hub managers).
#[post("/needs/{id}/merge")]
pub async fn merge(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    form: Form<TriageForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let result = merge_one(&state, actor, id, &form.0.value).await;
    answer(&state, &req, &mut visitor, id, result, "into").await
}

/// Turns the need into a challenge (hub managers).
#[post("/needs/{id}/conversion")]
pub async fn convert(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    form: Form<TriageForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let result = convert_one(&state, actor, id, &form.0.value).await;
    answer(&state, &req, &mut visitor, id, result, "challenge_id").await
}

/// Closes the need with a reason (hub managers).
#[post("/needs/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<NeedId>,
    form: Form<TriageForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let result = close_one(&state, actor, id, Some(form.0.value.as_str())).await;
    answer(&state, &req, &mut visitor, id, result, "reason").await
}
