//! `/manage/analytics`: the funnel's figures for hub managers, of every challenge or one (`?challenge=`):
//! proposals per state (a chart and a table), time in each stage, acceptance by kind of organisation and
//! the reviews' timeliness, through the function of `GET /api/v1/analytics/funnel`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::manager;
use super::proposals::{challenges, title};
use crate::error::ApiError;
use crate::routes::analytics::{AnalyticsQuery, funnel_of};
use crate::state::AppState;
use crate::web::chart::{Bar, Chart};
use crate::web::proposals::state_name;
use crate::web::{Layout, Tr, Visitor, render};

/// A stage's row: the state, the stays, median and 90th percentile in days.
pub struct StageRow {
    state: String,
    stays: usize,
    median: String,
    p90: String,
}

/// A kind of organisation's row.
pub struct KindRow {
    kind: String,
    submitted: usize,
    decided: usize,
    accepted: usize,
    rate: String,
}

#[derive(Template)]
#[template(path = "web/manage/analytics.html")]
struct AnalyticsPage {
    l: Layout,
    /// The challenges to choose from: slug, title, chosen.
    choices: Vec<(String, String, bool)>,
    /// The chosen challenge's title.
    of: Option<String>,
    states: Vec<(String, usize)>,
    chart: Option<Chart>,
    stages: Vec<StageRow>,
    kinds: Vec<KindRow>,
    submitted: usize,
    on_time: usize,
    overdue: usize,
    median_late: Option<String>,
}

/// The page.
#[get("/manage/analytics")]
pub async fn analytics(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<AnalyticsQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let all = challenges(&state, actor.clone()).await?;
    let (challenge, f) = funnel_of(&state, actor, query.into_inner().challenge).await?;
    let tr = Tr(visitor.locale);
    let days = |d: f64| tr.number(d, 1);
    let states: Vec<(String, usize)> = f.counts.iter().map(|(s, n)| (state_name(tr, *s), *n)).collect();
    let chart = (states.iter().any(|(_, n)| *n > 0)).then(|| {
        let bars = states
            .iter()
            .map(|(name, n)| {
                #[expect(clippy::cast_precision_loss, reason = "counts of proposals")]
                let value = *n as f64;
                Bar { label: name.clone(), value, shown: n.to_string(), threshold: None }
            })
            .collect();
        let description = states.iter().map(|(name, n)| format!("{name}: {n}")).collect::<Vec<_>>().join("; ");
        Chart::counts(tr.t("analytics-states-chart"), description, String::new(), bars).with_id("states")
    });
    let page = AnalyticsPage {
        choices: all
            .iter()
            .map(|c| (c.content.slug.clone(), title(tr, c), challenge.as_ref().is_some_and(|x| x.id == c.id)))
            .collect(),
        of: challenge.as_ref().map(|c| title(tr, c)),
        states,
        chart,
        stages: f
            .stages
            .iter()
            .map(|t| StageRow {
                state: state_name(tr, t.state),
                stays: t.stays,
                median: days(t.median_days),
                p90: days(t.p90_days),
            })
            .collect(),
        kinds: f
            .conversion
            .iter()
            .map(|c| KindRow {
                kind: tr.t(&format!("org-kind-{}", c.kind.replace('_', "-"))),
                submitted: c.submitted,
                decided: c.decided,
                accepted: c.accepted,
                rate: c.rate().map_or_else(|| "—".to_owned(), |r| format!("{} %", tr.number(r * 100.0, 0))),
            })
            .collect(),
        submitted: f.reviews.submitted,
        on_time: f.reviews.on_time,
        overdue: f.reviews.overdue,
        median_late: f.reviews.median_days_late.map(days),
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
