//! `/manage`: the hub manager's desk — for each challenge its proposals per state (a chart and a table,
//! each count a link to the list behind it), the proposals needing consensus and those ready for a
//! decision (from the ranking), the reviews overdue, and each evaluator's open reviews.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use domain::{ChallengeState, ProposalState};

use super::manager;
use super::proposals::{challenges, title};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::ranking::ranking;
use crate::state::AppState;
use crate::web::chart::{Bar, Chart};
use crate::web::proposals::state_name;
use crate::web::{Layout, Tr, Visitor, render};

/// A link with its words.
pub struct Link {
    href: String,
    label: String,
}

/// One challenge on the desk.
pub struct ChallengeDesk {
    slug: String,
    title: String,
    state: String,
    /// Per state: its name, the count, the list behind it.
    funnel: Vec<(String, i64, String)>,
    chart: Option<Chart>,
    consensus: Vec<Link>,
    ready: Vec<Link>,
}

/// A review overdue.
pub struct Overdue {
    href: String,
    title: String,
    evaluator: String,
    due: String,
}

/// A step of the procedure awaiting a hub manager: the page to act on, the proposal, what and since when.
pub struct Awaiting {
    href: String,
    title: String,
    what: String,
    since: String,
}

#[derive(Template)]
#[template(path = "web/manage/desk.html")]
struct DeskPage {
    l: Layout,
    desks: Vec<ChallengeDesk>,
    overdue: Vec<Overdue>,
    /// Requests for review to handle, and notices whose rejection may now follow.
    awaiting: Vec<Awaiting>,
    load: Option<Chart>,
    load_rows: Vec<(String, i64)>,
}

/// The states a challenge's funnel shows (drafts are their organisation's until submitted).
const FUNNEL: [ProposalState; 7] = [
    ProposalState::Submitted,
    ProposalState::UnderReview,
    ProposalState::RevisionRequested,
    ProposalState::Accepted,
    ProposalState::Rejected,
    ProposalState::Promoted,
    ProposalState::Withdrawn,
];

/// The desk.
#[get("/manage")]
pub async fn desk(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
) -> Result<HttpResponse, ApiError> {
    let actor = manager(&visitor, &req)?;
    let all = challenges(&state, actor.clone()).await?;
    let store = state.store.clone();
    let reader = actor.clone();
    let (counts, overdue, load, (redress, notices)) = blocking(move || {
        let procedure = (store.redress_pending(&reader)?, store.notices_to_decide(&reader)?);
        Ok((store.funnel_counts(&reader)?, store.reviews_overdue(&reader)?, store.evaluators_load(&reader)?, procedure))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let mut awaiting: Vec<Awaiting> = redress
        .into_iter()
        .map(|r| Awaiting {
            href: format!("/manage/proposals/{}#redress", r.proposal_id),
            title: r.title,
            what: tr.t(if r.decided_by_reader { "desk-redress-yours" } else { "desk-redress" }),
            since: tr.datetime(&r.filed_at),
        })
        .collect();
    awaiting.extend(notices.into_iter().map(|n| Awaiting {
        href: format!("/manage/proposals/{}/decide", n.proposal_id),
        title: n.title,
        what: tr.t(if n.observed_at.is_some() { "desk-notice-answered" } else { "desk-notice-lapsed" }),
        since: tr.datetime(&n.observed_at.unwrap_or(n.due_at)),
    }));
    let mut by_challenge: BTreeMap<String, BTreeMap<ProposalState, i64>> = BTreeMap::new();
    for c in counts {
        by_challenge.entry(c.challenge_id).or_default().insert(c.state, c.count);
    }
    let mut desks = Vec::new();
    for challenge in all.iter().filter(|c| c.state != ChallengeState::Archived) {
        let id = challenge.id.to_string();
        let counts = by_challenge.remove(&id).unwrap_or_default();
        let slug = challenge.content.slug.clone();
        let funnel: Vec<(String, i64, String)> = FUNNEL
            .iter()
            .map(|s| {
                let href = format!("/manage/proposals?challenge={id}&state={}", s.as_str());
                (state_name(tr, *s), counts.get(s).copied().unwrap_or(0), href)
            })
            .collect();
        let (mut consensus, mut ready) = (Vec::new(), Vec::new());
        if counts.get(&ProposalState::UnderReview).copied().unwrap_or(0) > 0 {
            let (_, dto) = ranking(&state, actor.clone(), id.clone()).await?;
            let min = usize::from(challenge.content.evaluation.min_reviews);
            for row in dto.rows.iter().filter(|r| r.state == ProposalState::UnderReview.as_str()) {
                let link = || Link { href: format!("/manage/proposals/{}", row.proposal_id), label: row.title.clone() };
                if row.needs_consensus {
                    consensus.push(link());
                }
                if row.reviews >= min {
                    ready.push(Link { href: format!("{}/decide", link().href), label: row.title.clone() });
                }
            }
        }
        let chart = (funnel.iter().any(|f| f.1 > 0)).then(|| {
            let bars: Vec<Bar> = funnel
                .iter()
                .map(|(name, count, _)| {
                    #[expect(clippy::cast_precision_loss, reason = "counts of proposals")]
                    let value = *count as f64;
                    Bar { label: name.clone(), value, shown: count.to_string(), threshold: None }
                })
                .collect();
            let description =
                funnel.iter().map(|(name, count, _)| format!("{name}: {count}")).collect::<Vec<_>>().join("; ");
            let chart_title = tr.t1("manage-funnel-chart", "challenge", title(tr, challenge));
            Chart::counts(chart_title, description, String::new(), bars).with_id(format!("funnel-{slug}"))
        });
        desks.push(ChallengeDesk {
            title: title(tr, challenge),
            state: tr.t(&format!("challenge-state-{}", challenge.state.as_str())),
            slug,
            funnel,
            chart,
            consensus,
            ready,
        });
    }
    let overdue = overdue
        .into_iter()
        .map(|o| Overdue {
            href: format!("/manage/proposals/{}", o.proposal_id),
            title: o.title,
            evaluator: o.evaluator,
            due: tr.datetime(&o.due_at),
        })
        .collect();
    let load_chart = (!load.is_empty()).then(|| {
        let bars = load
            .iter()
            .map(|(name, open)| {
                #[expect(clippy::cast_precision_loss, reason = "counts of reviews")]
                let value = *open as f64;
                Bar { label: name.clone(), value, shown: open.to_string(), threshold: None }
            })
            .collect();
        let description = load.iter().map(|(name, open)| format!("{name}: {open}")).collect::<Vec<_>>().join("; ");
        Chart::counts(tr.t("manage-load-chart"), description, String::new(), bars).with_id("load")
    });
    let page = DeskPage {
        desks,
        overdue,
        awaiting,
        load: load_chart,
        load_rows: load,
        l: Layout::new(&state, &req, &mut visitor, "manage"),
    };
    render(&state, &visitor, StatusCode::OK, &page)
}
