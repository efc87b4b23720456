//! `/manage/proposals/{id}/decide`: the decision form — what the decision rests on (the reviews
//! submitted against the challenge's minimum, each pillar's mean against its threshold, as a chart and
//! a table, and the opinions of the challenge's administrations when it asks for them), the outcome, the rationale the team will read and, when accepting would break the rules,
//! which rule and the override's reason; for a challenge with a budget, where the proposal stands in the
//! portfolio the hub proposes; the same function as `POST /api/v1/proposals/{id}/decide`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::term::TermStage;
use domain::{DomainError, ProposalId, ProposalState};
use serde::Deserialize;

use super::manager;
use super::proposal::Refusal;
use super::screening::refusal;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::decisions::{DecisionTexts, decide_one};
use crate::state::AppState;
use crate::web::chart::Chart;
use crate::web::form::Form;
use crate::web::proposals::{NoticePanel, PillarFigures, pillars, scores};
use crate::web::sponsor::opinion::OpinionView;
use crate::web::{Layout, Tr, Visitor, render, see_other};

#[derive(Template)]
#[template(path = "web/manage/decide.html")]
pub(super) struct DecidePage {
    l: Layout,
    csrf: String,
    id: String,
    title: String,
    open: bool,
    reviews: String,
    /// What accepting would break, in words (none when the rules are met).
    shortfalls: Vec<String>,
    figures: Vec<PillarFigures>,
    chart: Option<Chart>,
    weighted_total: Option<String>,
    overall_threshold: String,
    typed: DecideForm,
    refusal: Option<Refusal>,
    /// Whether the challenge asks its administrations for opinions.
    opinions_asked: bool,
    /// The opinions they gave.
    opinions: Vec<OpinionView>,
    /// Where the proposal stands in the proposed portfolio, and the ranking page that shows it (none
    /// without a budget).
    portfolio: Option<(String, String)>,
    /// The notice of the grounds on the current version, once given.
    grounds_notice: Option<NoticePanel>,
    /// The panel's form (the team's only): none here.
    notice_form: Option<(String, String)>,
    /// Before notice is given: the challenge's rule in words (the form to give it follows).
    notice_rule: Option<String>,
    /// While the term runs: until when a rejection waits.
    notice_running: Option<String>,
    /// Whether a rejection answers the team's observations.
    reply_needed: bool,
    /// The team's response to the reviews, once they are in.
    response: Option<crate::web::proposals::ResponsePanel>,
    /// While the team may answer the reviews: until when the decision waits.
    response_running: Option<String>,
}

impl DecidePage {
    /// The refusal's message beside `field`, if it is about it.
    pub fn error_of(&self, field: &str) -> Option<&str> {
        self.refusal.as_ref().filter(|r| r.field == Some(field)).map(|r| r.message.as_str())
    }
}

/// The form as sent.
#[derive(Debug, Default, Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    rationale: String,
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    observations_reply: String,
    /// The grounds, in the notice's form.
    #[serde(default)]
    pub grounds: String,
}

pub(super) async fn decide_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    id: ProposalId,
    typed: DecideForm,
    refusal: Option<Refusal>,
) -> Result<DecidePage, ApiError> {
    let actor = manager(visitor, req)?;
    let store = state.store.clone();
    let reader = actor.clone();
    let (proposal, basis, rubric, (grounds, response)) = blocking(move || {
        let basis = store.decision_basis(&actor, id)?;
        let procedure = (store.notice_get(&actor, id)?, store.response_seen(&actor, id)?);
        Ok((store.proposal_get(&actor, id)?, basis, store.rubric_current()?, procedure))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let challenge = proposal.challenge_id.to_string();
    let portfolio = match crate::routes::portfolio::portfolio(state, reader, challenge.clone()).await {
        Ok((_, dto)) => dto.lines.into_iter().find(|l| l.proposal_id == id.to_string()).map(|l| {
            let standing = tr.t(&format!("manage-portfolio-{}", l.standing.replace('_', "-")));
            (standing, format!("/manage/challenges/{challenge}/ranking"))
        }),
        Err(ApiError::Domain(DomainError::Conflict { code: "no_budget", .. })) => None,
        Err(other) => return Err(other),
    };
    let views = pillars(&rubric, tr.0);
    let (figures, chart) = scores(tr, &views, basis.aggregate.as_ref(), &basis.settings);
    let check = basis.check;
    let mut shortfalls = Vec::new();
    if check.submitted_reviews < usize::from(check.min_reviews) {
        shortfalls.push(tr.with(
            "manage-short-reviews",
            &[("count", check.submitted_reviews.to_string()), ("min", check.min_reviews.to_string())],
        ));
    }
    if check.consensus_missing {
        shortfalls.push(tr.t("manage-short-consensus"));
    }
    if !check.passes_thresholds {
        shortfalls.push(tr.t("manage-short-thresholds"));
    }
    let open = proposal.state == ProposalState::UnderReview;
    let now = state.store.now();
    let grounds_notice = NoticePanel::of(tr, &grounds, now, false);
    let stage = grounds.notice.as_ref().map(|n| n.stage(now));
    let days = ("days", grounds.rule.days.to_string());
    let notice_rule = (open && grounds.notice.is_none())
        .then(|| tr.with(if grounds.rule.required { "notice-give-required" } else { "notice-give-optional" }, &[days]));
    let notice_running = (stage == Some(TermStage::Running))
        .then(|| grounds.notice.as_ref().map(|n| tr.with("notice-running-decide", &[("due", tr.datetime(&n.due_at))])))
        .flatten();
    let response_running = response
        .as_ref()
        .and_then(|r| r.window.as_ref())
        .filter(|w| w.stage(now) == TermStage::Running)
        .map(|w| tr.with("response-running-decide", &[("due", tr.datetime(&w.due_at))]));
    let response = response.as_ref().and_then(|r| crate::web::proposals::ResponsePanel::of(tr, &views, r, now));
    Ok(DecidePage {
        response,
        response_running,
        grounds_notice,
        notice_form: None,
        notice_rule,
        notice_running,
        reply_needed: stage == Some(TermStage::Answered),
        csrf: visitor.csrf(state),
        id: id.to_string(),
        title: proposal.content.title.clone(),
        open,
        reviews: tr.with(
            "manage-reviews-count",
            &[("count", check.submitted_reviews.to_string()), ("min", check.min_reviews.to_string())],
        ),
        shortfalls,
        figures,
        chart,
        weighted_total: basis.aggregate.map(|a| tr.number(a.weighted_total, 2)),
        overall_threshold: tr.number(basis.settings.overall_threshold.value(), 1),
        typed,
        refusal,
        opinions_asked: basis.opinions_asked,
        opinions: basis.opinions.iter().map(|o| OpinionView::of(tr, o)).collect(),
        portfolio,
        l: Layout::new(state, req, visitor, "manage"),
    })
}

/// The form.
#[get("/manage/proposals/{id}/decide")]
pub async fn ask(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let page = decide_page(&state, &req, &mut visitor, path.into_inner(), DecideForm::default(), None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Decides.
#[post("/manage/proposals/{id}/decide")]
pub async fn decide(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<DecideForm>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let typed = form.0;
    let tr = Tr(visitor.locale);
    let accept = match typed.decision.as_str() {
        "accept" => Some(true),
        "reject" => Some(false),
        _ => None,
    };
    let result = match accept {
        None => Err(DomainError::invalid("decision", "required", "is required").into()),
        Some(accept) => {
            let given = |text: &String| Some(text.clone()).filter(|r| !r.trim().is_empty());
            let texts = DecisionTexts {
                rationale: Some(typed.rationale.clone()),
                override_reason: given(&typed.override_reason),
                observations_reply: given(&typed.observations_reply),
            };
            decide_one(&state, actor, id, accept, texts).await
        }
    };
    match result {
        Ok(_) => {
            let done = if accept == Some(true) { "accepted" } else { "rejected" };
            Ok(see_other(&state, &visitor, &format!("/manage/proposals/{id}?done={done}")))
        }
        Err(error) => {
            let (status, why) = match error {
                ApiError::Domain(DomainError::Conflict { code: "override_required", .. }) => (
                    StatusCode::CONFLICT,
                    Refusal { message: tr.t("manage-override-required"), field: Some("override_reason") },
                ),
                ApiError::Domain(DomainError::Invalid(ref fields)) => {
                    let field = match fields.first().map(|f| f.field.as_str()) {
                        Some("decision") => "decision",
                        Some("override_reason") => "override_reason",
                        Some("observations_reply") => "observations_reply",
                        _ => "rationale",
                    };
                    refusal(tr, error, field)?
                }
                other => refusal(tr, other, "decision")?,
            };
            let page = decide_page(&state, &req, &mut visitor, id, typed, Some(why)).await?;
            render(&state, &visitor, status, &page)
        }
    }
}
