//! `/proposals/{id}/feedback`, the page the decision email links to: the decision and its rationale,
//! each pillar's mean against the challenge's threshold (an SVG chart and a table with the same
//! figures) and the anonymised reviews, through the store method of `GET /api/v1/proposals/{id}/feedback`.
//! Before the decision it is that endpoint's answer (409), as an error page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{Pillar, ProposalId};

use super::pillars;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;
use crate::web::chart::{Bar, Chart};
use crate::web::{Layout, Tr, Visitor, render};

/// One pillar: its figures and its bar.
pub struct PillarFigures {
    /// Its name.
    pub name: String,
    /// The mean, written out.
    pub mean: String,
    /// The threshold, written out.
    pub threshold: String,
    /// The weight, in percent.
    pub weight: u8,
    /// Whether the mean reaches the threshold, in words.
    pub passes: String,
}

/// One review as the team reads it.
pub struct ReviewView {
    /// "Valutatore 1"…
    pub label: String,
    /// When it was submitted.
    pub submitted_at: Option<String>,
    /// Per pillar: name, score (unless the team reads only the comments), comment.
    pub scores: Vec<(String, Option<String>, Option<String>)>,
    /// The overall comment.
    pub overall: Option<String>,
}

/// "Evaluator 3", as the store labels an anonymised evaluator, in the reader's language ("Valutatore 3").
pub fn evaluator(tr: Tr, label: &str) -> String {
    match label.strip_prefix("Evaluator ") {
        Some(n) => tr.t1("proposal-feedback-evaluator", "n", n.to_owned()),
        None => label.to_owned(),
    }
}

/// The anonymised reviews as the feedback and the evaluation summary show them.
pub fn review_views(
    tr: Tr,
    views: &[crate::web::rubric::PillarView],
    reviews: &[persistence::AnonymousReview],
) -> Vec<ReviewView> {
    let name = |p: Pillar| crate::web::rubric::name_of(views, p);
    reviews
        .iter()
        .map(|r| ReviewView {
            label: evaluator(tr, &r.label),
            submitted_at: r.submitted_at.as_ref().map(|at| tr.datetime(at)),
            scores: Pillar::ALL
                .iter()
                .map(|p| (name(*p), r.scores.map(|s| tr.number(s[p.index()], 1)), r.comments.get(p).cloned()))
                .collect(),
            overall: r.overall_comment.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "web/proposals/feedback.html")]
struct FeedbackPage {
    l: Layout,
    id: String,
    title: String,
    accepted: bool,
    decided_at: String,
    version: i32,
    rationale: Option<String>,
    /// The challenge's responsible officer, once named.
    responsible: Option<String>,
    figures: Vec<PillarFigures>,
    chart: Option<Chart>,
    weighted_total: Option<String>,
    overall_threshold: String,
    reviews: Vec<ReviewView>,
    /// Whether a consensus report agreed the scores, and its comment to the team.
    agreed: bool,
    consensus_comment: Option<String>,
}

/// The feedback page.
#[get("/proposals/{id}/feedback")]
pub async fn feedback(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require_scope(domain::Scope::ProposalsRead)?;
    let id = path.into_inner();
    let store = state.store.clone();
    let (f, p, rubric) = blocking(move || {
        let f = store.proposal_feedback(&actor, id)?;
        Ok((f, store.proposal_get(&actor, id)?, store.rubric_current()?))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let (figures, chart) = scores(tr, &views, f.aggregate.as_ref(), &f.settings);
    let reviews = review_views(tr, &views, &f.reviews);
    let page = FeedbackPage {
        chart,
        id: id.to_string(),
        title: p.content.title,
        accepted: f.decision == "decide_accept",
        decided_at: tr.datetime(&f.decided_at),
        version: f.version,
        rationale: f.rationale,
        responsible: f.responsible,
        figures,
        weighted_total: f.aggregate.map(|a| tr.number(a.weighted_total, 2)),
        overall_threshold: tr.number(f.settings.overall_threshold.value(), 1),
        reviews,
        agreed: f.consensus.is_some(),
        consensus_comment: f.consensus.flatten(),
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Each pillar's mean against its threshold, as a table's rows and as a chart (none before a scored
/// review): the feedback page and the managers' decision form.
pub fn scores(
    tr: Tr,
    views: &[crate::web::rubric::PillarView],
    aggregate: Option<&domain::scoring::Aggregate>,
    settings: &domain::EvaluationSettings,
) -> (Vec<PillarFigures>, Option<Chart>) {
    let name = |p: Pillar| crate::web::rubric::name_of(views, p);
    let Some(a) = aggregate else { return (Vec::new(), None) };
    let figures: Vec<PillarFigures> = Pillar::ALL
        .iter()
        .map(|p| {
            let i = p.index();
            PillarFigures {
                name: name(*p),
                mean: tr.number(a.means[i], 2),
                threshold: tr.number(settings.thresholds[i].value(), 1),
                weight: settings.weights[i],
                passes: tr.t(if a.passes[i] { "proposal-feedback-passes" } else { "proposal-feedback-fails" }),
            }
        })
        .collect();
    let bars = Pillar::ALL
        .iter()
        .map(|p| {
            let i = p.index();
            Bar {
                label: name(*p),
                value: a.means[i],
                shown: tr.number(a.means[i], 2),
                threshold: Some(settings.thresholds[i].value()),
            }
        })
        .collect();
    let description = figures
        .iter()
        .map(|f| {
            tr.with(
                "proposal-feedback-chart-desc",
                &[("pillar", f.name.clone()), ("score", f.mean.clone()), ("threshold", f.threshold.clone())],
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (title, caption) = (tr.t("proposal-feedback-chart-title"), tr.t("proposal-feedback-chart-caption"));
    (figures, Some(Chart::new(title, description, caption, bars)))
}
