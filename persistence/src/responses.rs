//! The team's response to the reviews (issue 19): one window per version of a proposal, opened in the
//! transaction that submits the review completing the challenge's minimum. The rules are
//! [`domain::response`]'s; opening, answering and the emails are written with their history row and
//! audit entry in one transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::proposal::Audience;
use domain::response::ResponseWindow;
use domain::term::Written;
use domain::{Actor, AuditEvent, Note, OutgoingMail, Proposal, ProposalId, UserId, mails};

use crate::Store;
use crate::audit::{self, AuditKey};
use crate::challenges::{load_challenge, responsible_named};
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::feedback::{AnonymousReview, anonymised};
use crate::moves::{Internal, history, mail_audience};
use crate::outbox::enqueue;
use crate::proposals::load_visible;
use crate::rows::{load_user, parse_stored, utc};
use crate::schema::{review_responses, users};

/// A window as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = review_responses, treat_none_as_null = true)]
struct WindowRow {
    proposal_id: String,
    proposal_version: i32,
    opened_at: NaiveDateTime,
    due_at: NaiveDateTime,
    with_scores: bool,
    response: Option<String>,
    answered_by: Option<String>,
    answered_at: Option<NaiveDateTime>,
}

impl WindowRow {
    fn into_window(self) -> Result<ResponseWindow, StoreError> {
        let answer = match (self.response, self.answered_by, self.answered_at) {
            (Some(text), Some(by), Some(at)) => {
                Some(Written { text, by: parse_stored("review_responses.answered_by", &by)?, at: utc(at) })
            }
            _ => None,
        };
        Ok(ResponseWindow {
            version: self.proposal_version,
            opened_at: utc(self.opened_at),
            due_at: utc(self.due_at),
            scores: self.with_scores,
            answer,
        })
    }
}

/// The window on version `version` of proposal `proposal`, if one opened.
pub(crate) fn window_of(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
) -> Result<Option<ResponseWindow>, StoreError> {
    review_responses::table
        .find((proposal, version))
        .select(WindowRow::as_select())
        .first(conn)
        .optional()?
        .map(WindowRow::into_window)
        .transpose()
}

/// Opens the team's window on `proposal`'s current version if the challenge allows a response and the
/// reviews are now in: the row, the history row, the audit entry and the team's emails linking
/// `link_base`'s proposal page. Called in the transaction that submits a review, the proposal's row held.
pub(crate) fn open_if_due(
    conn: &mut DbConnection,
    key: &AuditKey,
    proposal: &Proposal,
    link_base: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    let pid = proposal.id.to_string();
    let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
    let settings = &challenge.content.evaluation;
    let submitted = crate::consensus::panel_of(conn, &pid, proposal.version)?.0.len();
    let open = window_of(conn, &pid, proposal.version)?;
    let Some(window) = settings.response.opens(proposal, submitted, settings.min_reviews, open.as_ref(), utc(now))
    else {
        return Ok(());
    };
    diesel::insert_into(review_responses::table)
        .values(WindowRow {
            proposal_id: pid.clone(),
            proposal_version: window.version,
            opened_at: now,
            due_at: window.due_at.naive_utc(),
            with_scores: window.scores,
            response: None,
            answered_by: None,
            answered_at: None,
        })
        .execute(conn)?;
    let state = proposal.state;
    history(conn, &pid, None, "response_opened", Some(state), state, None, Internal::default(), window.version, now)?;
    let event = AuditEvent::new(None, "proposal.response_opened", "proposal", &pid)
        .with("version", window.version.to_string())
        .with("due_at", window.due_at.to_rfc3339());
    audit::append(conn, key, &event, now)?;
    let responsible = responsible_named(conn, &challenge)?.map(|(_, name)| name);
    let link = format!("{link_base}/proposals/{pid}");
    mail_audience(conn, proposal, Audience::Team, now, |display_name| mails::ResponseInvited {
        display_name,
        title: proposal.content.title.clone(),
        due: window.due_at,
        responsible: responsible.clone(),
        link: link.clone(),
    })
}

/// The team's response as its readers see it: the challenge's rule, the window on the current version,
/// the reviews it answers (anonymised; scores as the challenge says) and who of the team answered.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseView {
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The challenge's rule.
    pub rule: domain::response::ResponseRule,
    /// The proposal's current version.
    pub version: i32,
    /// The window on it, once the reviews are in.
    pub window: Option<ResponseWindow>,
    /// The version's submitted reviews, anonymised (none before the window opens).
    pub reviews: Vec<AnonymousReview>,
    /// The name of the team's member who answered.
    pub answered_by: Option<String>,
    /// Whether the reader is the proposal's team.
    pub team: bool,
    /// Whether the proposal is still under review at the window's version (else nothing can be sent).
    pub open: bool,
}

/// Who reads the response: the proposal's team and whoever reads the version's reviews of others (the
/// hub managers free of the blind rule, the evaluators whose reviews are submitted); `NotFound` for
/// anyone else, `Forbidden` for an assigned evaluator whose review is still open.
fn readable(conn: &mut DbConnection, actor: &Actor, id: ProposalId) -> Result<Proposal, StoreError> {
    let proposal = load_visible(conn, actor, id)?;
    if !proposal.is_team(actor) {
        // Whoever is not the team reads reviews here: a token needs to be allowed to read reviews.
        actor.require_scope(domain::Scope::ReviewsRead)?;
        crate::consensus::require_sight(conn, actor, &proposal)?;
    }
    Ok(proposal)
}

fn view(conn: &mut DbConnection, actor: &Actor, proposal: &Proposal) -> Result<ResponseView, StoreError> {
    let pid = proposal.id.to_string();
    let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
    let window = window_of(conn, &pid, proposal.version)?;
    let reviews = match &window {
        None => Vec::new(),
        Some(w) => {
            let settings = &challenge.content.evaluation;
            let reviews = crate::reviews::version_scores(conn, &pid, proposal.version, settings)?.reviews;
            let mut reviews = anonymised(reviews);
            if !w.scores {
                reviews.iter_mut().for_each(|r| r.scores = None);
            }
            reviews
        }
    };
    let by = window.as_ref().and_then(|w| w.answer.as_ref()).map(|a| a.by.to_string());
    let answered_by = by.map(|u| users::table.find(u).select(users::display_name).first(conn)).transpose()?;
    let rule = challenge.content.evaluation.response;
    let (team, open) = (proposal.is_team(actor), proposal.state == domain::ProposalState::UnderReview);
    let (proposal_id, version) = (proposal.id, proposal.version);
    Ok(ResponseView { proposal_id, rule, version, window, reviews, answered_by, team, open })
}

impl Store {
    /// The team's response on proposal `id`'s current version, with the reviews it answers.
    ///
    /// # Errors
    /// `NotFound` for a reader who is neither its team nor reads the version's reviews; `Forbidden` for an
    /// assigned evaluator whose own review is still open.
    pub fn response_get(&self, actor: &Actor, id: ProposalId) -> Result<ResponseView, StoreError> {
        self.db.read(|conn| {
            let proposal = readable(conn, actor, id)?;
            view(conn, actor, &proposal)
        })
    }

    /// The response as a page beside others shows it: as [`Store::response_get`], none for a reader who may
    /// not read it (a hub manager still blind to the version's reviews, anyone else).
    ///
    /// # Errors
    /// A database error.
    pub fn response_seen(&self, actor: &Actor, id: ProposalId) -> Result<Option<ResponseView>, StoreError> {
        match self.response_get(actor, id) {
            Ok(view) => Ok(Some(view)),
            Err(StoreError::Domain(domain::DomainError::Forbidden(_) | domain::DomainError::NotFound(_))) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Records the team's response to the reviews of proposal `id`'s current version (a proposer of its
    /// organisation, within the term, once): the history row, the audit entry and the emails to the
    /// version's evaluators and its rapporteur (the consensus page) and to the challenge's responsible
    /// officer (the manager's page), under `link_base`.
    ///
    /// # Errors
    /// `NotFound`, `Forbidden`, `Conflict` (`no_response_window`, `response_sent`, `response_lapsed`,
    /// `invalid_transition`).
    pub fn response_send(
        &self,
        actor: &Actor,
        id: ProposalId,
        text: Note,
        link_base: &str,
    ) -> Result<ResponseView, StoreError> {
        self.db.write(|conn| {
            crate::locks::proposal(conn, &id.to_string(), crate::locks::Hold::Update)?;
            // The hub's clock once the proposal is ours: a term that ended while we waited has ended.
            let now = self.db.now();
            let proposal = readable(conn, actor, id)?;
            let pid = proposal.id.to_string();
            let Some(window) = window_of(conn, &pid, proposal.version)? else {
                return Err(domain::DomainError::conflict(
                    "no_response_window",
                    "the reviews of this version are not open to a response",
                )
                .into());
            };
            let sent = window.answer(actor, &proposal, text, utc(now))?;
            diesel::update(review_responses::table.find((&pid, proposal.version)))
                .set((
                    review_responses::response.eq(&sent.text),
                    review_responses::answered_by.eq(actor.user_id.to_string()),
                    review_responses::answered_at.eq(now),
                ))
                .execute(conn)?;
            let (state, version) = (proposal.state, proposal.version);
            history(
                conn,
                &pid,
                Some(actor.user_id),
                "response",
                Some(state),
                state,
                Some(&sent.text),
                Internal::default(),
                version,
                now,
            )?;
            let event = AuditEvent::new(Some(actor.user_id), "proposal.response_sent", "proposal", &pid)
                .with("version", version.to_string());
            audit::append(conn, &self.audit_key, &event, now)?;
            let mut to: Vec<(UserId, String)> = Vec::new();
            let consensus = format!("{link_base}/consensus/{pid}");
            let panel = crate::consensus::panel_of(conn, &pid, version)?.0;
            let rapporteur = crate::consensus::report_of(conn, &pid, version)?.map(|r| r.rapporteur);
            to.extend(panel.into_iter().chain(rapporteur).map(|u| (u, consensus.clone())));
            let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
            if let Some((officer, _)) = responsible_named(conn, &challenge)? {
                to.push((officer, format!("{link_base}/manage/proposals/{pid}")));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (user, link) in to {
                if !seen.insert(user) {
                    continue;
                }
                let user = load_user(conn, &user.to_string())?;
                if user.left_at.is_some() {
                    continue;
                }
                let who = crate::accounts::recipient(&user)?;
                let title = proposal.content.title.clone();
                let content = mails::ResponseReceived { display_name: who.display_name, title, link };
                enqueue(conn, &OutgoingMail::new(who.email, who.locale, content), now)?;
            }
            view(conn, actor, &proposal)
        })
    }
}
