//! `/manage/challenges/{id}/auto-assign`: automatic assignment for a whole challenge — the numbers
//! asked, then a preview of the plan (who gets what, what could not be assigned and why) before it is
//! applied; the same function as `POST /api/v1/challenges/{id}/auto-assign`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::assignment_plan::ShortfallCause;
use domain::{PageRequest, ProposalState, UserId};
use persistence::ProposalFilter;
use serde::Deserialize;

use super::proposal::Refusal;
use super::proposals::title;
use super::screening::refusal;
use super::{default_due, due_at, manager};
use crate::error::ApiError;
use crate::routes::auto_assign::run;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// One line of the plan: a proposal and whom it gets.
pub struct PlanLine {
    proposal: String,
    href: String,
    evaluators: Vec<String>,
    /// What it still lacks and why, in words.
    short: Option<String>,
}

#[derive(Template)]
#[template(path = "web/manage/auto_assign.html")]
struct AutoAssignPage {
    l: Layout,
    csrf: String,
    slug: String,
    challenge: String,
    per: String,
    due: String,
    /// The plan, once previewed.
    plan: Option<Vec<PlanLine>>,
    /// Whether ties are broken by the quality record.
    quality: bool,
    planned: usize,
    applied: Option<String>,
    refusal: Option<Refusal>,
}

/// `?applied=`: how many assignments the plan just made.
#[derive(Debug, Deserialize)]
pub struct Applied {
    applied: Option<usize>,
}

/// The form as sent: the numbers, and whether to preview or apply.
#[derive(Debug, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    per: String,
    #[serde(default)]
    due_at: String,
    #[serde(default)]
    step: String,
    /// Break ties by the quality record: a ticked box sends a value.
    #[serde(default)]
    quality: String,
}

async fn frame(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    slug: String,
) -> Result<(domain::actor::Actor, domain::Challenge, Layout, String), ApiError> {
    let actor = manager(visitor, req)?;
    let store = state.store.clone();
    let reader = actor.clone();
    let challenge = blocking(move || store.challenge_get(Some(&reader), &slug)).await?;
    let csrf = visitor.csrf(state);
    Ok((actor, challenge, Layout::new(state, req, visitor, "manage"), csrf))
}

/// The form.
#[get("/manage/challenges/{id}/auto-assign")]
pub async fn ask(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<Applied>,
) -> Result<HttpResponse, ApiError> {
    let (_, challenge, l, csrf) = frame(&state, &req, &mut visitor, path.into_inner()).await?;
    let tr = Tr(visitor.locale);
    let page = AutoAssignPage {
        slug: challenge.content.slug.clone(),
        challenge: title(tr, &challenge),
        per: challenge.content.evaluation.min_reviews.max(1).to_string(),
        due: default_due(state.store.now()),
        plan: None,
        quality: false,
        planned: 0,
        applied: query.applied.map(|n| tr.t1("manage-auto-applied", "count", n)),
        refusal: None,
        csrf,
        l,
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Previews the plan, or applies it.
#[post("/manage/challenges/{id}/auto-assign")]
pub async fn plan(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    form: Form<PlanForm>,
) -> Result<HttpResponse, ApiError> {
    let (actor, challenge, l, csrf) = frame(&state, &req, &mut visitor, path.into_inner()).await?;
    let PlanForm { per, due_at: due, step, quality } = form.0;
    let prefer_quality = !quality.trim().is_empty();
    let tr = Tr(visitor.locale);
    let apply = step == "apply";
    let slug = challenge.content.slug.clone();
    let result = match (due_at(&due), per.trim().parse::<i64>()) {
        (Ok(at), Ok(n)) => run(&state, actor.clone(), challenge.id.to_string(), n, at, (apply, prefer_quality)).await,
        (Err(e), _) => Err(e.into()),
        (_, Err(_)) => Err(domain::DomainError::invalid("evaluators_per_proposal", "invalid_type", "a number").into()),
    };
    let mut page = AutoAssignPage {
        slug: slug.clone(),
        challenge: title(tr, &challenge),
        per,
        due,
        plan: None,
        quality: prefer_quality,
        planned: 0,
        applied: None,
        refusal: None,
        csrf,
        l,
    };
    let plan = match result {
        Ok(plan) if apply => {
            let to = format!("/manage/challenges/{slug}/auto-assign?applied={}", plan.assign.len());
            return Ok(see_other(&state, &visitor, &to));
        }
        Ok(plan) => plan,
        Err(error) => {
            let field = match &error {
                ApiError::Domain(domain::DomainError::Invalid(f)) if f.iter().any(|f| f.field == "due_at") => "due_at",
                _ => "per",
            };
            let (status, why) = refusal(tr, error, field)?;
            page.refusal = Some(why);
            return render(&state, &visitor, status, &page);
        }
    };
    // Names for the ids of the plan: the proposals under review of the challenge, the evaluators.
    let store = state.store.clone();
    let filter = ProposalFilter {
        challenge_id: Some(challenge.id.to_string()),
        state: Some(ProposalState::UnderReview),
        ..ProposalFilter::default()
    };
    let people: Vec<UserId> = plan.assign.iter().map(|(_, e)| *e).collect();
    let (proposals, names) = blocking(move || {
        let mut titles = BTreeMap::new();
        let mut after = None;
        loop {
            let page = store.proposals_list(&actor, &filter, &PageRequest { after, limit: 100 })?;
            titles.extend(page.items.into_iter().map(|p| (p.id.to_string(), p.content.title)));
            match page.next_cursor {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        Ok((titles, store.people_named(&actor, &people)?))
    })
    .await?;
    let names: BTreeMap<UserId, String> = names.into_iter().collect();
    let mut lines: BTreeMap<String, PlanLine> = BTreeMap::new();
    let line = |lines: &mut BTreeMap<String, PlanLine>, id: String| {
        let proposal = proposals.get(&id).cloned().unwrap_or_else(|| id.clone());
        let href = format!("/manage/proposals/{id}");
        lines.entry(id).or_insert_with(|| PlanLine { proposal, href, evaluators: Vec::new(), short: None });
    };
    for (proposal, evaluator) in &plan.assign {
        let name = names.get(evaluator).cloned().unwrap_or_else(|| evaluator.to_string());
        line(&mut lines, proposal.to_string());
        if let Some(l) = lines.get_mut(&proposal.to_string()) {
            l.evaluators.push(name);
        }
    }
    for s in &plan.shortfalls {
        let why = match &s.cause {
            ShortfallCause::Conflicts(n) => tr.t1("manage-short-conflicts", "count", n),
            ShortfallCause::Load { evaluators, cap } => {
                tr.with("manage-short-load", &[("count", evaluators.to_string()), ("cap", cap.to_string())])
            }
            ShortfallCause::TooFew => tr.t("manage-short-too-few"),
            ShortfallCause::OwnSide(_) => tr.t("manage-short-own-side"),
        };
        line(&mut lines, s.proposal.to_string());
        if let Some(l) = lines.get_mut(&s.proposal.to_string()) {
            l.short = Some(tr.with("manage-auto-short", &[("missing", s.missing.to_string()), ("reason", why)]));
        }
    }
    let mut lines: Vec<PlanLine> = lines.into_values().collect();
    lines.sort_by(|a, b| a.proposal.cmp(&b.proposal));
    page.planned = plan.assign.len();
    page.plan = Some(lines);
    render(&state, &visitor, StatusCode::OK, &page)
}
