//! The opinions (*pareri*) a challenge's administrations give on its proposals under review, when the
//! challenge asks for them: one per administration and proposal, kept up to date until the decision,
//! read by hub managers before they decide and by the administrations themselves. The rules are
//! [`Challenge::check_opinion`]'s.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::challenge::{OpinionContent, OpinionSubject, OpinionVerdict, SponsorOpinion};
use domain::text::Note;
use domain::{
    Actor, AuditEvent, Challenge, DomainError, OrganizationId, OutgoingMail, Proposal, ProposalId, Role, Scope, mails,
};

use super::{co_sponsors, load_challenge};
use crate::Store;
use crate::audit;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::organizations::load_organization;
use crate::outbox::enqueue;
use crate::proposals::{load_proposal, load_visible};
use crate::rows::{parse_stored, utc};
use crate::schema::{challenge_sponsors, organizations, sponsor_opinions};
use crate::stored::Named;

/// An opinion as stored, with its administration's name.
type OpinionRow = (String, String, String, OpinionVerdict, String, String, NaiveDateTime, NaiveDateTime);

fn into_opinion(row: OpinionRow) -> Result<SponsorOpinion, StoreError> {
    let (proposal, org, name, verdict, text, given_by, created, updated) = row;
    let text = Note::parse("text", Some(&text), usize::MAX)
        .ok()
        .flatten()
        .ok_or_else(|| StoreError::Corrupt("an empty sponsor_opinions.text".to_owned()))?;
    Ok(SponsorOpinion {
        proposal_id: parse_stored("sponsor_opinions.proposal_id", &proposal)?,
        organization_id: parse_stored("sponsor_opinions.organization_id", &org)?,
        organization_name: name,
        content: OpinionContent { verdict, text },
        given_by: parse_stored("sponsor_opinions.given_by", &given_by)?,
        created_at: utc(created),
        updated_at: utc(updated),
    })
}

/// The opinions on proposal `id`, oldest first.
pub(crate) fn opinions_of(conn: &mut DbConnection, id: &str) -> Result<Vec<SponsorOpinion>, StoreError> {
    opinions_on(conn, &[id.to_owned()])
}

/// The opinions on the proposals `ids`, oldest first.
pub(crate) fn opinions_on(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<SponsorOpinion>, StoreError> {
    let rows: Vec<OpinionRow> = sponsor_opinions::table
        .inner_join(organizations::table)
        .filter(sponsor_opinions::proposal_id.eq_any(ids))
        .order((sponsor_opinions::created_at.asc(), sponsor_opinions::organization_id.asc()))
        .select((
            sponsor_opinions::proposal_id,
            sponsor_opinions::organization_id,
            organizations::name,
            sponsor_opinions::verdict,
            sponsor_opinions::text,
            sponsor_opinions::given_by,
            sponsor_opinions::created_at,
            sponsor_opinions::updated_at,
        ))
        .load(conn)?;
    rows.into_iter().map(into_opinion).collect()
}

/// Proposal `id` and its challenge, as an actor who reads its opinions or gives one meets them: with
/// whether the actor's administration co-sponsors the challenge. A proposal the actor can neither
/// read nor follow as one of its administrations' officers is not found.
fn proposal_and_challenge(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ProposalId,
) -> Result<(Proposal, Challenge, bool), StoreError> {
    let proposal = load_proposal(conn, &id.to_string())?;
    let challenge = load_challenge(conn, &proposal.challenge_id.to_string())?;
    let co_sponsor = actor.has_role(Role::Administration) && co_sponsors(conn, &challenge, actor)?;
    if !challenge.seen_by_sponsor(actor, co_sponsor) {
        // Whoever reads the proposal otherwise (its team, its evaluators) is refused, not misled.
        load_visible(conn, actor, id)?;
    } else if !actor.has_role(Role::HubManager) && !super::follow::admitted(conn, &id.to_string(), proposal.state)? {
        // To its administrations, as on their follow page, a proposal not admitted does not exist.
        return Err(StoreError::not_found("proposal"));
    }
    Ok((proposal, challenge, co_sponsor))
}

/// Asks the challenge's administrations for their opinion on `proposal`, just admitted to review:
/// when the challenge asks for opinions, each officer of the sponsor and of the co-sponsors (never of
/// the proposal's own administration, [`Challenge::asked_for_opinion`]) is written, with a link to the
/// proposal's page in their desk. `link` is the proposal's address: the hub's is its part before
/// `/proposals/`. In the caller's transaction.
pub(crate) fn request_opinions(
    conn: &mut DbConnection,
    proposal: &Proposal,
    challenge: &Challenge,
    link: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    if !challenge.content.sponsor_opinions {
        return Ok(());
    }
    let co: Vec<String> = challenge_sponsors::table
        .filter(challenge_sponsors::challenge_id.eq(challenge.id.to_string()))
        .select(challenge_sponsors::organization_id)
        .load(conn)?;
    let co: Vec<OrganizationId> =
        co.iter().map(|c| parse_stored("challenge_sponsors.organization_id", c)).collect::<Result<_, _>>()?;
    let base = link.find("/proposals/").map_or(link, |at| &link[..at]);
    let page = format!("{base}/administration/challenges/{}/proposals/{}", challenge.content.slug, proposal.id);
    for org in challenge.asked_for_opinion(&co, proposal.organization_id) {
        for to in crate::needs::officers(conn, &org.to_string())? {
            let content = mails::OpinionRequested {
                display_name: to.display_name.clone(),
                title: proposal.content.title.clone(),
                challenge: challenge.content.title_it.clone(),
                link: page.clone(),
            };
            enqueue(conn, &OutgoingMail::new(to.email.clone(), to.locale, content), now)?;
        }
    }
    Ok(())
}

impl Store {
    /// Gives (or updates) the opinion of the officer's administration on proposal `id`. Returns it and
    /// whether it is new.
    ///
    /// # Errors
    /// `NotFound` for a proposal the actor may not see; `Forbidden` for who may not give one;
    /// `Conflict`: `opinions_not_requested`, `own_proposal`, `not_under_review`,
    /// `administration_unverified`.
    pub fn opinion_give(
        &self,
        actor: &Actor,
        id: ProposalId,
        content: OpinionContent,
    ) -> Result<(SponsorOpinion, bool), StoreError> {
        let now = self.db.now();
        self.db.write(|conn| {
            let (proposal, challenge, co_sponsor) = proposal_and_challenge(conn, actor, id)?;
            let subject = OpinionSubject { organization_id: proposal.organization_id, state: proposal.state };
            challenge.check_opinion(actor, co_sponsor, subject)?;
            let (key, org) = (id.to_string(), actor.organization_id.to_string());
            load_organization(conn, &org)?.officers_allowed()?;
            let previous: Option<String> = sponsor_opinions::table
                .find((&key, &org))
                .select(sponsor_opinions::proposal_id)
                .first(conn)
                .optional()?;
            let values = (
                sponsor_opinions::verdict.eq(Named(content.verdict)),
                sponsor_opinions::text.eq(content.text.as_str()),
                sponsor_opinions::given_by.eq(actor.user_id.to_string()),
                sponsor_opinions::updated_at.eq(now),
            );
            if previous.is_some() {
                diesel::update(sponsor_opinions::table.find((&key, &org))).set(values).execute(conn)?;
            } else {
                diesel::insert_into(sponsor_opinions::table)
                    .values((
                        sponsor_opinions::proposal_id.eq(&key),
                        sponsor_opinions::organization_id.eq(&org),
                        sponsor_opinions::created_at.eq(now),
                        values,
                    ))
                    .execute(conn)?;
            }
            let event = AuditEvent::new(Some(actor.user_id), "opinion.given", "proposal", &key)
                .with("organization_id", org.clone())
                .with("verdict", content.verdict.as_str());
            audit::append(conn, &self.audit_key, &event, now)?;
            let saved = opinions_of(conn, &key)?
                .into_iter()
                .find(|o| o.organization_id == actor.organization_id)
                .ok_or_else(|| StoreError::not_found("opinion"))?;
            Ok((saved, previous.is_none()))
        })
    }

    /// The opinions on proposal `id`, for hub managers (a token needs `proposals:read`) and the officers
    /// of its challenge's administrations (`administration`); with whether the challenge asks for them.
    ///
    /// # Errors
    /// `NotFound` for a proposal the actor may not see; `Forbidden` for anyone else who sees it.
    pub fn proposal_opinions(&self, actor: &Actor, id: ProposalId) -> Result<(Vec<SponsorOpinion>, bool), StoreError> {
        self.db.read(|conn| {
            let (_, challenge, co_sponsor) = proposal_and_challenge(conn, actor, id)?;
            if !challenge.seen_by_sponsor(actor, co_sponsor) {
                return Err(DomainError::Forbidden(
                    "only hub managers and the challenge's administrations read the opinions".to_owned(),
                )
                .into());
            }
            let scope = if actor.has_role(Role::HubManager) { Scope::ProposalsRead } else { Scope::Administration };
            actor.require_scope(scope)?;
            Ok((opinions_of(conn, &id.to_string())?, challenge.content.sponsor_opinions))
        })
    }
}
