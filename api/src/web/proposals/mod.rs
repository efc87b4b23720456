//! The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.
//! Each page calls the store method (or the shared function) its API endpoint calls, as the person signed
//! in: what the API hides (another organisation's proposal) is a 404 page here too.

use domain::{FieldError, Locale, Pillar, Proposal, ProposalAction, ProposalId, ProposalState, UserId};
use persistence::HistoryEntry;

use super::Tr;
use crate::error::ApiError;
use crate::routes::blocking;
use crate::state::AppState;

pub mod annexes;
mod feedback;
mod form;
mod list;
mod moves;
mod notice;
mod page;
mod redress;
mod response;
mod summary;

pub use crate::web::rubric::{PillarView, pillars};
pub use feedback::{PillarFigures, scores};
pub use notice::NoticePanel;
pub use page::{ContentView, SimilarView, similar_views};
pub use redress::RedressPanel;
pub use response::ResponsePanel;

/// A field's message as the form shows it: the input it belongs to, its label, what is wrong.
pub struct FieldMessage {
    /// The id of the input.
    pub id: String,
    /// The field's label.
    pub label: String,
    /// What is wrong, in the visitor's language.
    pub message: String,
}

/// The form's input id and label for a field path of the domain (`self_assessment.talent_skills`,
/// `team[2]`, `budget_cents`…).
pub fn field_place(tr: Tr, pillars: &[PillarView], field: &str) -> (String, String) {
    if let Some(key) = field.strip_prefix("annexes.") {
        return (format!("annex-file-{key}"), tr.t("annex-heading"));
    }
    if let Some(key) = field.strip_prefix("self_assessment.") {
        let name = pillars.iter().find(|p| p.key == key).map_or_else(|| key.to_owned(), |p| p.name.clone());
        return (format!("sa-{key}"), tr.t1("proposal-field-self-assessment-of", "pillar", name));
    }
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let id = match base {
        "budget_cents" => "budget",
        "challenge_id" => "challenge",
        "title" | "summary" | "description" | "trl" | "tags" | "team" | "reuse_assessment" => base,
        _ => "title",
    };
    (id.to_owned(), tr.t(&format!("proposal-field-{}", id.replace('_', "-"))))
}

/// The domain's field errors as the form lists them, translated by code (a generic message for a code
/// the catalogue has no words for).
pub fn field_messages(tr: Tr, pillars: &[PillarView], errors: &[FieldError]) -> Vec<FieldMessage> {
    errors
        .iter()
        .map(|e| {
            let (id, label) = field_place(tr, pillars, &e.field);
            let message = crate::web::fields::message(tr, e.code);
            FieldMessage { id, label, message }
        })
        .collect()
}

/// A state's name.
pub fn state_name(tr: Tr, state: ProposalState) -> String {
    tr.t(&format!("proposal-state-{}", state.as_str().replace('_', "-")))
}

/// The proposal `id` as `actor` may see it, or 404.
///
/// # Errors
/// `not_found` for a proposal the actor may not see.
pub async fn load(state: &AppState, actor: domain::Actor, id: ProposalId) -> Result<Proposal, ApiError> {
    let store = state.store.clone();
    blocking(move || store.proposal_get(&actor, id)).await
}

/// Whether `actor` may move `proposal` by `action` now (the funnel's table and the organisation rule),
/// for showing the action's button.
pub fn may(actor: &domain::Actor, proposal: &Proposal, action: ProposalAction) -> bool {
    actor.organization_id == proposal.organization_id
        && domain::proposal::next_state(proposal.state, action, &actor.roles).is_ok()
}

/// The note of the latest revision request in `history`.
pub fn revision_note(history: &[HistoryEntry]) -> Option<String> {
    history.iter().rev().find(|h| h.action == ProposalAction::RequestRevision.as_str()).and_then(|h| h.note.clone())
}

/// Whether `history` holds a decision (its feedback can be read).
pub fn decided(history: &[HistoryEntry]) -> bool {
    history.iter().any(|h| h.action == "decide_accept" || h.action == "decide_reject")
}

/// A budget in euro cents as the form writes it: "25.000,00" in Italian.
pub fn euro(tr: Tr, cents: i64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "budgets are at most 10^11 cents, exact in an f64")]
    tr.number(cents as f64 / 100.0, 2)
}

/// An amount in euro as written in `locale` ("25.000,50" in Italian, "25,000.50" in English), in cents.
pub fn parse_euro(text: &str, locale: Locale) -> Option<i64> {
    let (group, point) = if locale == Locale::It { ('.', ',') } else { (',', '.') };
    let text: String = text.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != group).collect();
    let (whole, fraction) = text.split_once(point).unwrap_or((&text, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || fraction.len() > 2 || !digits(fraction) {
        return None;
    }
    let cents: i64 = if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().ok()? };
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// The names of `team` among the organisation's `members` (an id for anyone not found).
pub fn team_names(team: &std::collections::BTreeSet<UserId>, members: &[(UserId, String)]) -> Vec<String> {
    team.iter()
        .map(|id| members.iter().find(|(m, _)| m == id).map_or_else(|| id.to_string(), |(_, name)| name.clone()))
        .collect()
}

/// The pillars in order with each one's text in `assessment`.
pub fn assessments(pillars: &[PillarView], content: &domain::ProposalContent) -> Vec<(String, Option<String>)> {
    Pillar::ALL
        .iter()
        .map(|p| {
            let name = pillars.iter().find(|v| v.key == p.key()).map_or_else(|| p.key().to_owned(), |v| v.name.clone());
            (name, content.self_assessment.get(p).cloned())
        })
        .collect()
}

/// The pages of this area (`/proposals/new` before `/proposals/{id}`).
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(list::list)
        .service(form::new)
        .service(form::create)
        .service(form::edit)
        .service(form::save)
        .service(annexes::upload)
        .service(annexes::remove)
        .service(annexes::download)
        .service(page::show)
        .service(page::history)
        .service(page::version)
        .service(moves::submit)
        .service(moves::resubmit)
        .service(moves::confirm_withdraw)
        .service(moves::withdraw)
        .service(notice::observe)
        .service(redress::file)
        .service(response::answer)
        .service(feedback::feedback)
        .service(summary::page)
        .service(summary::json);
}
