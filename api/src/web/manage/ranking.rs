//! `/manage/challenges/{id}/ranking`: the ranking of a challenge — raw and calibrated totals and ranks,
//! per-pillar means, pass or fail, needs-consensus, review count, sortable; the pillars' means across
//! the ranked proposals against the thresholds as a chart; each evaluator's leniency; the CSV download;
//! for a challenge with a budget, the proposed portfolio beside the rank order (each line's standing,
//! and the budget's figures). The same functions as `GET /api/v1/challenges/{id}/ranking` and
//! `…/portfolio`.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{Pillar, ProposalState, UserId};
use serde::Deserialize;

use super::manager;
use super::proposals::title;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::ranking::{RankingRowDto, ranking as rank, to_csv};
use crate::state::AppState;
use crate::web::chart::{Bar, Chart};
use crate::web::proposals::{euro, pillars, state_name};
use crate::web::rubric::name_of;
use crate::web::{Layout, Tr, Visitor, render};

/// A ranked proposal as the table shows it.
pub struct Line {
    rank: usize,
    calibrated_rank: usize,
    href: String,
    title: String,
    state: String,
    decidable: bool,
    reviews: usize,
    total: String,
    calibrated: String,
    means: Vec<String>,
    passes: bool,
    consensus: bool,
    /// The weighted total of its final consensus report's agreed scores, and the report's page.
    agreed: Option<(String, String)>,
    /// Where it stands in the proposed portfolio (none without a budget).
    standing: Option<Standing>,
}

/// A line's standing in the portfolio: the word and whether it is in.
pub struct Standing {
    label: String,
    funded: bool,
}

/// The portfolio's figures.
pub struct Budget {
    budget: String,
    committed: String,
    selected: String,
    remaining: String,
    total: String,
    exact: bool,
}

/// A sortable column's header link.
pub struct Column {
    key: &'static str,
    label: String,
    /// `ascending` when the table is sorted by it, else `none`.
    sorted: &'static str,
}

#[derive(Template)]
#[template(path = "web/manage/ranking.html")]
struct RankingPage {
    l: Layout,
    slug: String,
    challenge: String,
    columns: Vec<Column>,
    pillar_names: Vec<String>,
    lines: Vec<Line>,
    chart: Option<Chart>,
    leniency: Vec<(String, String)>,
    budget: Option<Budget>,
}

/// `?sort=`.
#[derive(Debug, Deserialize)]
pub struct Sort {
    sort: Option<String>,
}

const SORTS: [&str; 5] = ["rank", "calibrated", "reviews", "title", "consensus"];

/// The page.
#[get("/manage/challenges/{id}/ranking")]
pub async fn ranking(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<String>,
    query: web::Query<Sort>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let id = path.into_inner();
    let (challenge, dto) = rank(&state, actor.clone(), id.clone()).await?;
    let portfolio = match challenge.content.budget_cents {
        Some(_) => Some(crate::routes::portfolio::portfolio(&state, actor.clone(), id).await?.1),
        None => None,
    };
    let evaluators: Vec<UserId> = dto.leniency.keys().filter_map(|k| k.parse().ok()).collect();
    let store = state.store.clone();
    let (rubric, names) =
        blocking(move || Ok((store.rubric_current()?, store.people_named(&actor, &evaluators)?))).await?;
    let tr = Tr(visitor.locale);
    let views = pillars(&rubric, tr.0);
    let sort = query.sort.as_deref().filter(|s| SORTS.contains(s)).unwrap_or("rank");
    let mut rows: Vec<&RankingRowDto> = dto.rows.iter().collect();
    match sort {
        "calibrated" => rows.sort_by_key(|r| r.calibrated_rank),
        "reviews" => rows.sort_by(|a, b| b.reviews.cmp(&a.reviews).then(a.rank.cmp(&b.rank))),
        "title" => rows.sort_by_key(|r| r.title.to_lowercase()),
        "consensus" => rows.sort_by(|a, b| b.needs_consensus.cmp(&a.needs_consensus).then(a.rank.cmp(&b.rank))),
        _ => rows.sort_by_key(|r| r.rank),
    }
    let number = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| tr.number(v, 2));
    let lines = rows
        .iter()
        .map(|r| Line {
            rank: r.rank,
            calibrated_rank: r.calibrated_rank,
            href: format!("/manage/proposals/{}", r.proposal_id),
            title: r.title.clone(),
            state: r.state.parse::<ProposalState>().map_or_else(|_| r.state.clone(), |s| state_name(tr, s)),
            decidable: r.state == ProposalState::UnderReview.as_str(),
            reviews: r.reviews,
            total: number(r.weighted_total),
            calibrated: number(r.calibrated_total),
            means: Pillar::ALL.iter().map(|p| number(r.means.get(p.key()).copied())).collect(),
            passes: r.passes,
            consensus: r.needs_consensus,
            agreed: r.consensus_total.map(|t| (tr.number(t, 2), format!("/consensus/{}", r.proposal_id))),
            standing: portfolio.as_ref().and_then(|p| p.lines.iter().find(|l| l.proposal_id == r.proposal_id)).map(
                |l| Standing {
                    label: tr.t(&format!("manage-portfolio-{}", l.standing.replace('_', "-"))),
                    funded: matches!(l.standing.as_str(), "selected" | "committed"),
                },
            ),
        })
        .collect();
    let budget = portfolio.map(|p| Budget {
        budget: euro(tr, p.budget_cents),
        committed: euro(tr, p.committed_cents),
        selected: euro(tr, p.selected_cents),
        remaining: euro(tr, p.remaining_cents),
        total: tr.number(p.total_score, 2),
        exact: p.exact,
    });
    let columns = SORTS
        .iter()
        .map(|key| Column {
            key,
            label: tr.t(&format!("manage-sort-{key}")),
            sorted: if *key == sort { "ascending" } else { "none" },
        })
        .collect();
    let chart = pillar_chart(tr, &views, &dto.rows, &challenge.content.evaluation);
    let names: BTreeMap<String, String> = names.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let mut leniency: Vec<(String, String)> = dto
        .leniency
        .iter()
        .map(|(id, v)| (names.get(id).cloned().unwrap_or_else(|| id.clone()), tr.number(*v, 2)))
        .collect();
    leniency.sort();
    let page = RankingPage {
        slug: challenge.content.slug.clone(),
        challenge: title(tr, &challenge),
        columns,
        pillar_names: Pillar::ALL.iter().map(|p| name_of(&views, *p)).collect(),
        lines,
        chart,
        leniency,
        budget,
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Each pillar's mean over the scored proposals against its threshold (none before a scored review).
fn pillar_chart(
    tr: Tr,
    views: &[crate::web::rubric::PillarView],
    rows: &[RankingRowDto],
    settings: &domain::EvaluationSettings,
) -> Option<Chart> {
    let scored: Vec<&RankingRowDto> = rows.iter().filter(|r| !r.means.is_empty()).collect();
    if scored.is_empty() {
        return None;
    }
    #[expect(clippy::cast_precision_loss, reason = "a few thousand proposals at most")]
    let count = scored.len() as f64;
    let bars: Vec<Bar> = Pillar::ALL
        .iter()
        .map(|p| {
            let value = scored.iter().filter_map(|r| r.means.get(p.key())).sum::<f64>() / count;
            Bar {
                label: name_of(views, *p),
                value,
                shown: tr.number(value, 2),
                threshold: Some(settings.thresholds[p.index()].value()),
            }
        })
        .collect();
    let description = bars
        .iter()
        .map(|b| {
            let threshold = tr.number(b.threshold.unwrap_or_default(), 1);
            tr.with(
                "proposal-feedback-chart-desc",
                &[("pillar", b.label.clone()), ("score", b.shown.clone()), ("threshold", threshold)],
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let title = tr.t1("manage-ranking-chart-title", "count", scored.len());
    Some(Chart::new(title, description, tr.t("proposal-feedback-chart-caption"), bars))
}

/// The ranking as CSV, for a spreadsheet.
#[get("/manage/challenges/{id}/ranking.csv")]
pub async fn csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let (challenge, dto) = rank(&state, actor, path.into_inner()).await?;
    let name = format!("attachment; filename=\"ranking-{}.csv\"", challenge.content.slug);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, name))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(to_csv(&dto)?))
}
