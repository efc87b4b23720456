//! The proposal form: `/proposals/new` (optionally `?challenge=`) creates a draft as
//! `POST /api/v1/proposals` does; `/proposals/{id}/edit` edits one as `PATCH /api/v1/proposals/{id}`
//! does, carrying the revision it was read at: when someone else saved meanwhile nothing is
//! overwritten, and the form comes back with both versions to merge.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use domain::{
    Actor, ChallengeState, DomainError, FieldError, Locale, PageRequest, Pillar, Proposal, ProposalId, ProposalInput,
    Role, Scope, UserId,
};
use persistence::ChallengeFilter;
use serde::Deserialize;

use super::page::ContentView;
use super::{FieldMessage, PillarView, euro, field_messages, parse_euro, pillars};
use crate::error::ApiError;
use crate::routes::blocking;
use crate::routes::proposals::{create_draft, edit as edit_proposal};
use crate::state::AppState;
use crate::web::form::Form;
use crate::web::public::localized;
use crate::web::{Layout, Tr, Visitor, render, see_other};

/// What the person typed (or what is saved), as the form shows it.
#[derive(Debug, Default, Clone)]
pub struct Typed {
    challenge: String,
    title: String,
    summary: String,
    description: String,
    trl: String,
    budget: String,
    tags: String,
    team: Vec<String>,
    assessments: BTreeMap<String, String>,
    reuse: String,
}

impl Typed {
    /// The form's fields as posted.
    fn posted(pairs: &[(String, String)]) -> Self {
        let one = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
        Self {
            challenge: one("challenge"),
            title: one("title"),
            summary: one("summary"),
            description: one("description"),
            trl: one("trl"),
            budget: one("budget"),
            tags: one("tags"),
            team: pairs.iter().filter(|(n, _)| n == "team").map(|(_, v)| v.clone()).collect(),
            assessments: Pillar::ALL.iter().map(|p| (p.key().to_owned(), one(&format!("sa-{}", p.key())))).collect(),
            reuse: one("reuse_assessment"),
        }
    }

    /// A saved proposal's fields.
    fn saved(tr: Tr, p: &Proposal) -> Self {
        let c = &p.content;
        Self {
            challenge: p.challenge_id.to_string(),
            title: c.title.clone(),
            summary: c.summary.clone().unwrap_or_default(),
            description: c.description.clone().unwrap_or_default(),
            trl: c.trl.map(|t| t.to_string()).unwrap_or_default(),
            budget: c.budget_cents.map(|b| euro(tr, b)).unwrap_or_default(),
            tags: c.tags.iter().cloned().collect::<Vec<_>>().join(", "),
            team: p.team.iter().map(ToString::to_string).collect(),
            assessments: c.self_assessment.iter().map(|(k, v)| (k.key().to_owned(), v.clone())).collect(),
            reuse: c.reuse_assessment.clone().unwrap_or_default(),
        }
    }

    /// The edit the fields ask for, the team, and what the form itself finds wrong (numbers that are not).
    fn parse(&self, locale: Locale) -> (ProposalInput, Vec<UserId>, Vec<FieldError>) {
        let mut errors = Vec::new();
        let optional = |text: &str| Some(Some(text.to_owned()).filter(|t| !t.trim().is_empty()));
        let trl = match self.trl.trim() {
            "" => Some(None),
            t => t.parse::<i64>().map(Some).ok().or_else(|| {
                errors.push(FieldError::new("trl", "not_a_number", "is not a number"));
                None
            }),
        };
        let budget = match self.budget.trim() {
            "" => Some(None),
            t => parse_euro(t, locale).map(Some).or_else(|| {
                errors.push(FieldError::new("budget_cents", "not_a_number", "is not an amount in euro"));
                None
            }),
        };
        let team = domain::proposal::parse_team(&self.team).unwrap_or_else(|e| {
            if let DomainError::Invalid(fields) = e {
                errors.extend(fields);
            }
            Vec::new()
        });
        let input = ProposalInput {
            title: Some(self.title.clone()),
            summary: optional(&self.summary),
            description: optional(&self.description),
            trl,
            budget_cents: budget,
            tags: Some(self.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()),
            self_assessment: Some(
                self.assessments
                    .iter()
                    .map(|(k, v)| (k.clone(), Some(v.clone()).filter(|t| !t.trim().is_empty())))
                    .collect(),
            ),
            reuse_assessment: optional(&self.reuse),
        };
        (input, team, errors)
    }
}

/// A choice of a select or a check box.
pub struct Choice {
    /// Its value.
    pub value: String,
    /// Its label.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "web/proposals/form.html")]
pub struct FormPage {
    l: Layout,
    csrf: String,
    action: String,
    /// The proposal edited (none when creating).
    editing: Option<String>,
    revision: i32,
    /// The challenge of the proposal edited.
    challenge_name: Option<String>,
    challenges: Vec<Choice>,
    members: Vec<Choice>,
    pillars: Vec<PillarView>,
    v: Typed,
    errors: Vec<FieldMessage>,
    /// Someone else's saved version, when the edit was stale.
    theirs: Option<ContentView>,
    /// The reuse check, when editing: the catalogue services like the saved proposal.
    similar: Vec<super::SimilarView>,
    /// When editing a proposal whose challenge asks for annexes: its "Allegati" section.
    annexes: Option<super::annexes::AnnexPanel>,
}

impl FormPage {
    fn error(&self, id: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.id == id).map(|e| e.message.as_str())
    }

    fn assessment(&self, key: &str) -> &str {
        self.v.assessments.get(key).map_or("", String::as_str)
    }

    /// The refused upload's anchor and message, for the error summary.
    fn annex_refusal(&self) -> Option<(&str, &str)> {
        self.annexes.as_ref()?.refused.as_ref().map(|(t, m)| (t.as_str(), m.as_str()))
    }

    /// Shows why an upload to the annex `rule` was refused.
    pub fn refuse_annex(&mut self, rule: &str, message: String) {
        if let Some(panel) = self.annexes.as_mut() {
            panel.refuse(rule, message);
        }
    }
}

/// Renders the form for `editing` (or a new proposal) with `v`, the errors found and someone else's
/// saved version.
#[expect(clippy::too_many_arguments, reason = "the form's parts, each needed")]
async fn form_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: Actor,
    editing: Option<&Proposal>,
    v: Typed,
    errors: &[FieldError],
    theirs: Option<&Proposal>,
) -> Result<FormPage, ApiError> {
    let store = state.store.clone();
    let challenge_id = editing.map(|p| p.challenge_id.to_string());
    let editing_id = editing.map(|p| p.id);
    let (rubric, open, members, challenge, (similar, annexes)) = blocking(move || {
        let open = ChallengeFilter { state: Some(ChallengeState::Open), ..ChallengeFilter::default() };
        let challenges = store.challenges_list(Some(&actor), &open, &PageRequest { after: None, limit: 100 })?;
        let challenge = challenge_id.and_then(|id| store.challenge_get(Some(&actor), &id).ok());
        let similar = editing_id.map(|id| store.proposal_similar_services(&actor, id)).transpose()?;
        let annexes = editing_id.map(|id| store.annex_form(&actor, id)).transpose()?;
        let members = store.organization_members(&actor)?;
        Ok((store.rubric_current()?, challenges.items, members, challenge, (similar, annexes)))
    })
    .await?;
    let tr = Tr(visitor.locale);
    let locale = tr.0;
    let pillars = pillars(&rubric, locale);
    let me = visitor.signed_in.as_ref().map(|s| s.actor.user_id);
    let author = editing.map(|p| p.created_by).or(me);
    let csrf = visitor.csrf(state);
    Ok(FormPage {
        annexes: annexes
            .and_then(|f| super::annexes::AnnexPanel::of(tr, f.proposal.id, csrf.clone(), &f.rules, &f.working)),
        csrf,
        action: editing.map_or_else(|| "/proposals".to_owned(), |p| format!("/proposals/{}/edit", p.id)),
        editing: editing.map(|p| p.id.to_string()),
        revision: theirs.or(editing).map_or(0, |p| p.revision),
        challenge_name: challenge.map(|c| localized(locale, &c.content.title_it, c.content.title_en.as_deref())),
        challenges: open
            .iter()
            .map(|c| Choice {
                value: c.id.to_string(),
                label: localized(locale, &c.content.title_it, c.content.title_en.as_deref()),
                selected: v.challenge == c.id.to_string() || v.challenge == c.content.slug,
            })
            .collect(),
        members: members
            .into_iter()
            .filter(|(id, _)| Some(*id) != author)
            .map(|(id, name)| Choice { selected: v.team.contains(&id.to_string()), value: id.to_string(), label: name })
            .collect(),
        errors: field_messages(tr, &pillars, errors),
        theirs: theirs.map(|p| ContentView::new(tr, &pillars, &p.content)),
        similar: similar.map(|found| super::similar_views(tr, found)).unwrap_or_default(),
        pillars,
        v,
        l: Layout::new(state, req, visitor, "proposals"),
    })
}

/// `?challenge=`: the challenge to answer.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    challenge: Option<String>,
}

/// The empty form (proposers only).
#[get("/proposals/new")]
pub async fn new(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    actor.require(Role::Proposer, Scope::ProposalsWrite)?;
    let v = Typed { challenge: query.into_inner().challenge.unwrap_or_default(), ..Typed::default() };
    let page = form_page(&state, &req, &mut visitor, actor, None, v, &[], None).await?;
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves a new draft: its page, or the form again with what is wrong.
#[post("/proposals")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let v = Typed::posted(&form.0);
    let (input, team, mut errors) = v.parse(visitor.locale);
    if v.challenge.trim().is_empty() {
        errors.push(FieldError::new("challenge_id", "required", "is required"));
    }
    if errors.is_empty() {
        match create_draft(&state, actor.clone(), v.challenge.clone(), input, team, None).await {
            Ok((p, _)) => return Ok(see_other(&state, &visitor, &format!("/proposals/{}?done=created", p.id))),
            Err(ApiError::Domain(DomainError::Invalid(fields))) => errors = fields,
            Err(ApiError::Domain(DomainError::Conflict { code: "challenge_not_open", .. })) => {
                errors.push(FieldError::new("challenge_id", "challenge_not_open", "is not open"));
            }
            Err(other) => return Err(other),
        }
    }
    let page = form_page(&state, &req, &mut visitor, actor, None, v, &errors, None).await?;
    render(&state, &visitor, StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// The form with saved proposal `p`, for `actor` who may edit it.
///
/// # Errors
/// As the store's reads.
pub async fn edit_page(
    state: &AppState,
    req: &HttpRequest,
    visitor: &mut Visitor,
    actor: Actor,
    p: &Proposal,
) -> Result<FormPage, ApiError> {
    p.check_edit(&actor)?;
    let v = Typed::saved(Tr(visitor.locale), p);
    form_page(state, req, visitor, actor, Some(p), v, &[], None).await
}

/// `?annex=`: what was just done to the annexes (`added`, `deleted`).
#[derive(Debug, Deserialize)]
pub struct AnnexDone {
    annex: Option<String>,
}

/// The form with the saved proposal (its organisation's proposers, while editable).
#[get("/proposals/{id}/edit")]
pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    query: web::Query<AnnexDone>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let p = super::load(&state, actor.clone(), path.into_inner()).await?;
    let mut page = edit_page(&state, &req, &mut visitor, actor, &p).await?;
    let tr = Tr(visitor.locale);
    let done = match query.annex.as_deref() {
        Some("added") => Some(tr.t("annex-notice-added")),
        Some("deleted") => Some(tr.t("annex-notice-deleted")),
        _ => None,
    };
    if let Some(panel) = page.annexes.as_mut() {
        panel.notice = done;
    }
    render(&state, &visitor, StatusCode::OK, &page)
}

/// Saves an edit made at the revision the form carries. When someone else saved meanwhile: nothing is
/// saved, and the form shows their version beside what was typed (409), now carrying their revision.
#[post("/proposals/{id}/edit")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut visitor: Visitor,
    path: web::Path<ProposalId>,
    form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ApiError> {
    let actor = visitor.person(&req)?.actor.clone();
    let id = path.into_inner();
    let revision = form.0.iter().find(|(n, _)| n == "revision").and_then(|(_, r)| r.parse::<i32>().ok()).unwrap_or(0);
    let v = Typed::posted(&form.0);
    let (input, team, mut errors) = v.parse(visitor.locale);
    let mut theirs = None;
    if errors.is_empty() {
        match edit_proposal(&state, actor.clone(), id, revision, input, Some(team)).await {
            Ok(p) => return Ok(see_other(&state, &visitor, &format!("/proposals/{}?done=saved", p.id))),
            Err(ApiError::Domain(DomainError::Invalid(fields))) => errors = fields,
            Err(ApiError::Domain(DomainError::PreconditionFailed(_))) => {
                theirs = Some(super::load(&state, actor.clone(), id).await?);
            }
            Err(other) => return Err(other),
        }
    }
    let current = super::load(&state, actor.clone(), id).await?;
    // The revision the form was read at, unless someone else's is now shown beside it.
    let shown = Proposal { revision, ..current.clone() };
    let status = if theirs.is_some() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = form_page(&state, &req, &mut visitor, actor, Some(&shown), v, &errors, theirs.as_ref()).await?;
    render(&state, &visitor, status, &page)
}

#[cfg(test)]
mod tests {
    use super::parse_euro;
    use domain::Locale;

    #[test]
    fn amounts_are_read_as_each_language_writes_them() {
        assert_eq!(parse_euro("25.000,50", Locale::It), Some(2_500_050));
        assert_eq!(parse_euro("25,000.5", Locale::En), Some(2_500_050));
        assert_eq!(parse_euro("€ 1200", Locale::It), Some(120_000));
        for wrong in ["", "abc", "1,234", "-5", "1,2,3"] {
            assert_eq!(parse_euro(wrong, Locale::It), None, "{wrong}");
        }
    }
}
