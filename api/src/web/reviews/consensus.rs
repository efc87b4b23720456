//! `/consensus/{proposal}`: a proposal's consensus on its current version, as each participant needs it —
//! the reviews' means and spread per pillar beside the agreed scores; for a hub manager, who is the
//! rapporteur (and the form to designate one); for the rapporteur, the draft form; for the other
//! evaluators, the draft and their position; the positions taken; finalising. Each form goes through the
//! same function as the API's `/proposals/{id}/consensus` endpoints, as the person signed in.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::consensus::ReportState;
use domain::{Pillar, ProposalId, ProposalState, Role};
use persistence::ConsensusView;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::consensus::{DraftRequest, PositionRequest};
use crate::state::AppState;
use crate::web::fields::FieldErrors;
use crate::web::form::Form;
use crate::web::manage::Refusal;
use crate::web::rubric::{name_of, pillars};
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// One pillar's line: the reviews' figures and the agreed score, with the draft form's values.
struct PillarLine {
    key: &'static str,
    name: String,
    mean: String,
    spread: String,
    diverges: bool,
    agreed: Option<String>,
    justification: String,
    /// The form's choices: (value, words, selected).
    choices: Vec<(String, String, bool)>,
}

/// A position as the page shows it.
struct PositionLine {
    who: String,
    stance: String,
    note: Option<String>,
    stale: bool,
}

#[derive(Template)]
#[template(path = "web/reviews/consensus.html")]
struct ConsensusPage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    version: i32,
    policy: String,
    required: bool,
    state: Option<String>,
    final_: bool,
    open: bool,
    rapporteur: Option<String>,
    rapporteur_is_me: bool,
    manager: bool,
    /// The designation form's choices: (user id, name, selected).
    candidates: Vec<(String, String, bool)>,
    lines: Vec<PillarLine>,
    weighted_total: Option<String>,
    agreed_total: Option<String>,
    comment: String,
    revision: i32,
    drafted: bool,
    in_panel: bool,
    pending: usize,
    positions: Vec<PositionLine>,
    my_stance: String,
    my_note: String,
    errors: FieldErrors,
    refusal: Option<Refusal>,
    done: Option<String>,
    /// The team's response to the reviews, which the panel reads before it agrees.
    response: Option<crate::web::proposals::ResponsePanel>,
}

impl ConsensusPage {
    fn err(&self, id: &str) -> Option<&str> {
        self.errors.of(id)
    }
}

/// What the forms sent back, to show again after a refusal.
#[derive(Debug, Default, Deserialize)]
pub struct Typed {
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

impl Typed {
    fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }
}

/// `?done=…` after a form.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    view: ConsensusView,
    typed: Option<&Typed>,
    errors: FieldErrors,
    refusal: Option<Refusal>,
    done: Option<String>,
) -> Result<ConsensusPage, ApiError> {
    let actor = visitor.person(req)?.actor.clone();
    let tr = Tr(visitor.locale);
    let store = state.store.clone();
    let manager = actor.has_role(Role::HubManager) && view.named;
    let (reader, id) = (actor.clone(), view.proposal.id);
    let (rubric, managers, response) = blocking(move || {
        Ok((store.rubric_current()?, store.responsible_candidates()?, store.response_seen(&reader, id)?))
    })
    .await?;
    let views = pillars(&rubric, tr.0);
    let now = state.store.now();
    let response = response.as_ref().and_then(|r| crate::web::proposals::ResponsePanel::of(tr, &views, r, now));
    let report = view.report.as_ref();
    let agreed = report.and_then(|r| r.agreed.as_ref());
    let me = actor.user_id;
    let half_points = |selected: Option<f64>| -> Vec<(String, String, bool)> {
        (0..=10)
            .map(|h| {
                let value = f64::from(h) / 2.0;
                (value.to_string(), tr.number(value, 1), selected.is_some_and(|s| (s - value).abs() < 1e-9))
            })
            .collect()
    };
    let lines = Pillar::ALL
        .iter()
        .map(|p| {
            let k = p.index();
            let typed_score = typed.and_then(|t| t.get(&format!("score_{}", p.key()))).and_then(|s| s.parse().ok());
            let agreed_score = agreed.map(|a| a.scores[k].value());
            PillarLine {
                key: p.key(),
                name: name_of(&views, *p),
                mean: view.raw.map_or_else(|| "—".to_owned(), |r| tr.number(r.means[k], 2)),
                spread: view.raw.map_or_else(|| "—".to_owned(), |r| tr.number(r.disagreement[k], 1)),
                diverges: view.raw.is_some_and(|r| r.disagreement[k] >= domain::scoring::CONSENSUS_GAP),
                agreed: agreed_score.map(|s| tr.number(s, 1)),
                justification: typed
                    .and_then(|t| t.get(&format!("justification_{}", p.key())).map(str::to_owned))
                    .or_else(|| agreed.map(|a| a.justifications[k].clone()))
                    .unwrap_or_default(),
                choices: half_points(typed_score.or(agreed_score)),
            }
        })
        .collect();
    let name_of_user = |user: domain::UserId| -> String {
        if view.named || user == me {
            view.names.get(&user).cloned().unwrap_or_default()
        } else {
            let n = view.panel.0.iter().position(|u| *u == user).map_or(0, |i| i + 1);
            tr.t1("review-other", "n", n)
        }
    };
    let mut candidates: Vec<(String, String, bool)> = view
        .panel
        .0
        .iter()
        .map(|u| (u.to_string(), tr.t1("consensus-candidate-evaluator", "name", name_of_user(*u)), false))
        .collect();
    for (id, name) in managers {
        if !view.panel.has(id) {
            candidates.push((id.to_string(), tr.t1("consensus-candidate-manager", "name", name), false));
        }
    }
    if let Some(r) = report {
        let chosen = r.rapporteur.to_string();
        candidates.iter_mut().for_each(|c| c.2 = c.0 == chosen);
    }
    let positions = report
        .map(|r| {
            r.positions
                .iter()
                .map(|p| PositionLine {
                    who: if p.evaluator == me { tr.t("consensus-you") } else { name_of_user(p.evaluator) },
                    stance: tr.t(&format!("consensus-stance-{}", p.stance.as_str())),
                    note: p.note.clone(),
                    stale: p.revision != r.revision,
                })
                .collect()
        })
        .unwrap_or_default();
    let mine = report.and_then(|r| r.positions.iter().find(|p| p.evaluator == me));
    let proposal = &view.proposal;
    Ok(ConsensusPage {
        response,
        csrf: visitor.csrf(state),
        id: proposal.id.to_string(),
        title: proposal.content.title.clone(),
        version: proposal.version,
        policy: tr.t(&format!("consensus-policy-{}", view.settings.consensus.as_str().replace('_', "-"))),
        required: view.required,
        state: report.map(|r| tr.t(&format!("consensus-state-{}", r.state.as_str()))),
        final_: report.is_some_and(|r| r.state == ReportState::Final),
        open: proposal.state == ProposalState::UnderReview,
        rapporteur: report.filter(|r| view.named || r.rapporteur == me).map(|r| name_of_user(r.rapporteur)),
        rapporteur_is_me: report.is_some_and(|r| r.rapporteur == me),
        manager,
        candidates,
        lines,
        weighted_total: view.raw.map(|r| tr.number(r.weighted_total, 2)),
        agreed_total: view.agreed().map(|a| tr.number(a.weighted_total, 2)),
        comment: typed
            .and_then(|t| t.get("comment").map(str::to_owned))
            .or_else(|| agreed.and_then(|a| a.comment.clone()))
            .unwrap_or_default(),
        revision: report.map_or(0, |r| r.revision),
        drafted: agreed.is_some(),
        in_panel: view.panel.has(me),
        pending: report.map_or(0, |r| r.pending(&view.panel).len()),
        positions,
        my_stance: typed
            .and_then(|t| t.get("stance").map(str::to_owned))
            .or_else(|| mine.map(|p| p.stance.as_str().to_owned()))
            .unwrap_or_default(),
        my_note: typed
            .and_then(|t| t.get("note").map(str::to_owned))
            .or_else(|| mine.and_then(|p| p.note.clone()))
            .unwrap_or_default(),
        errors,
        refusal,
        done,
        l: Layout::new(state, req, visitor, "reviews"),
    })
}

async fn view_of(state: &AppState, actor: domain::Actor, id: ProposalId) -> Result<ConsensusView, ApiError> {
    let store = state.store.clone();
    blocking(move || store.consensus_get(&actor, id)).await
}

/// The consensus page.
#[get("/consensus/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let view = view_of(&state, actor, path.into_inner()).await?;
    let done = query.into_inner().done.filter(|d| ["designated", "saved", "position", "final"].contains(&d.as_str()));
    let page = page(&state, &req, &mut visitor, view, None, FieldErrors::default(), None, done).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// After a form: back to the page, or the page again with why it was refused.
async fn after(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
    result: Result<ConsensusView, ApiError>,
    typed: &Typed,
    done: &str,
) -> Result<HttpResponse, ApiError> {
    let error = match result {
        Ok(_) => return Ok(see_other(state, visitor, &format!("/consensus/{id}?done={done}#outcome"))),
        Err(error) => error,
    };
    let tr = Tr(visitor.locale);
    let (status, errors, refusal) = match error {
        ApiError::Domain(domain::DomainError::Invalid(fields)) => {
            let errors =
                FieldErrors::from_domain(tr, &fields, |f| f.replacen('.', "_", 1).replace("scores_", "score_"));
            let errors = FieldErrors(
                errors.0.into_iter().map(|(id, m)| (id.replace("justifications_", "justification_"), m)).collect(),
            );
            (StatusCode::UNPROCESSABLE_ENTITY, errors, None)
        }
        other => {
            let (status, refusal) = crate::web::manage::refusal_in("consensus", tr, other, "rapporteur_id")?;
            (status, FieldErrors::default(), Some(refusal))
        }
    };
    let actor = visitor.person(req)?.actor.clone();
    let view = view_of(state, actor, id).await?;
    let page = page(state, req, visitor, view, Some(typed), errors, refusal, None).await?;
    render(state, visitor, status, &page)
}

/// Designates the rapporteur (hub managers).
#[post("/consensus/{id}/rapporteur")]
pub async fn designate(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let chosen = form.0.get("rapporteur_id").and_then(|r| r.parse().ok());
    let result = match chosen {
        Some(chosen) => crate::routes::consensus::designate(&state, actor, id, chosen).await,
        None => Err(domain::DomainError::invalid("rapporteur_id", "required", "choose the rapporteur").into()),
    };
    after(&state, &req, &mut visitor, id, result, &form.0, "designated").await
}

/// Saves the rapporteur's draft.
#[post("/consensus/{id}/draft")]
pub async fn draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let typed = &form.0;
    let mut body = DraftRequest { comment: typed.get("comment").map(str::to_owned), ..DraftRequest::default() };
    let mut wrong = Vec::new();
    for p in Pillar::ALL {
        let score = typed.get(&format!("score_{}", p.key())).filter(|s| !s.is_empty());
        match score.map(str::parse::<f64>) {
            Some(Ok(value)) => drop(body.scores.insert(p.key().to_owned(), Some(value))),
            Some(Err(_)) => wrong.push(domain::FieldError::new(format!("scores.{}", p.key()), "invalid", "a number")),
            None => {}
        }
        if let Some(text) = typed.get(&format!("justification_{}", p.key())) {
            body.justifications.insert(p.key().to_owned(), text.to_owned());
        }
    }
    let expected = typed.get("revision").and_then(|r| r.parse().ok());
    let result = if wrong.is_empty() {
        crate::routes::consensus::save_draft(&state, actor, id, body, expected).await
    } else {
        Err(domain::DomainError::Invalid(wrong).into())
    };
    after(&state, &req, &mut visitor, id, result, typed, "saved").await
}

/// Records the evaluator's position.
#[post("/consensus/{id}/position")]
pub async fn position(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let body = PositionRequest {
        stance: form.0.get("stance").unwrap_or_default().to_owned(),
        note: form.0.get("note").map(str::to_owned),
    };
    let result = crate::routes::consensus::take_position(&state, actor, id, body).await;
    after(&state, &req, &mut visitor, id, result, &form.0, "position").await
}

/// Finalises the report.
#[post("/consensus/{id}/finalise")]
pub async fn finalise(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<Typed>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let result = crate::routes::consensus::finalise_report(&state, actor, id).await;
    after(&state, &req, &mut visitor, id, result, &form.0, "final").await
}
