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
use crate::web::{Layout, Tr, Visitor, render};

/// The chart's width in its own units, and where the bars start.
const WIDTH: f64 = 640.0;
/// The height of one pillar's row.
const ROW: f64 = 64.0;

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
    /// The label's baseline.
    pub y_label: String,
    /// The bar's top.
    pub y_bar: String,
    /// The bar's length.
    pub bar: String,
    /// The threshold's position.
    pub x_threshold: String,
    /// The threshold mark's ends.
    pub y_mark: (String, String),
    /// Where the mean is written.
    pub x_value: String,
    /// The mean's baseline.
    pub y_value: String,
}

/// One review as the team reads it.
pub struct ReviewView {
    /// "Valutatore 1"…
    pub label: String,
    /// Per pillar: name, score, comment.
    pub scores: Vec<(String, String, Option<String>)>,
    /// The overall comment.
    pub overall: Option<String>,
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
    figures: Vec<PillarFigures>,
    chart_height: String,
    desc: String,
    weighted_total: Option<String>,
    overall_threshold: String,
    reviews: Vec<ReviewView>,
}

fn at(x: f64) -> String {
    format!("{x:.1}")
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
    let name =
        |p: Pillar| views.iter().find(|v| v.key == p.key()).map_or_else(|| p.key().to_owned(), |v| v.name.clone());
    let scale = WIDTH / 5.0;
    let figures: Vec<PillarFigures> = f
        .aggregate
        .map(|a| {
            Pillar::ALL
                .iter()
                .enumerate()
                .map(|(row, p)| {
                    let i = p.index();
                    #[expect(clippy::cast_precision_loss, reason = "four rows")]
                    let top = row as f64 * ROW;
                    let threshold = f.settings.thresholds[i].value();
                    PillarFigures {
                        name: name(*p),
                        mean: tr.number(a.means[i], 2),
                        threshold: tr.number(threshold, 1),
                        weight: f.settings.weights[i],
                        passes: tr.t(if a.passes[i] { "proposal-feedback-passes" } else { "proposal-feedback-fails" }),
                        y_label: at(top + 16.0),
                        y_bar: at(top + 24.0),
                        bar: at((a.means[i] * scale).max(1.0)),
                        x_threshold: at(threshold * scale),
                        y_mark: (at(top + 20.0), at(top + 56.0)),
                        x_value: at((a.means[i] * scale + 6.0).min(WIDTH - 40.0)),
                        y_value: at(top + 43.0),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let reviews = f
        .reviews
        .iter()
        .map(|r| {
            let n = r.label.rsplit(' ').next().unwrap_or_default().to_owned();
            ReviewView {
                label: tr.t1("proposal-feedback-evaluator", "n", n),
                scores: Pillar::ALL
                    .iter()
                    .map(|p| (name(*p), tr.number(r.scores[p.index()], 1), r.comments.get(p).cloned()))
                    .collect(),
                overall: r.overall_comment.clone(),
            }
        })
        .collect();
    let desc = figures
        .iter()
        .map(|f| {
            tr.with(
                "proposal-feedback-chart-desc",
                &[("pillar", f.name.clone()), ("score", f.mean.clone()), ("threshold", f.threshold.clone())],
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let page = FeedbackPage {
        desc,
        id: id.to_string(),
        title: p.content.title,
        accepted: f.decision == "decide_accept",
        decided_at: tr.datetime(&f.decided_at),
        version: f.version,
        rationale: f.rationale,
        #[expect(clippy::cast_precision_loss, reason = "four rows")]
        chart_height: at(figures.len() as f64 * ROW + 8.0),
        figures,
        weighted_total: f.aggregate.map(|a| tr.number(a.weighted_total, 2)),
        overall_threshold: tr.number(f.settings.overall_threshold.value(), 1),
        reviews,
        l: Layout::new(&state, &req, &mut visitor, "proposals"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
