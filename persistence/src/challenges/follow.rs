//! What a challenge's administrations follow: how many proposals are in each state, the public summary
//! of each proposal admitted to evaluation (its description too, and the opinions given on it, when the
//! challenge asks them for opinions), and — only once it is decided — its decision and the sums its
//! ranking rests on. Never a review, an evaluator or a score before the decision.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::challenge::SponsorOpinion;
use domain::scoring::ScoreSums;
use domain::{Actor, Challenge, DomainError, OrganizationId, ProposalId, ProposalState, Role, Scope};

use super::opinions::opinions_on;
use super::{co_sponsors, resolve_seen};
use crate::Store;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{organizations, proposal_history, proposals};

/// A proposal admitted to evaluation, as its challenge's administrations see it.
#[derive(Debug, Clone)]
pub struct FollowedProposal {
    /// Its id.
    pub id: ProposalId,
    /// Its title.
    pub title: String,
    /// Its summary.
    pub summary: Option<String>,
    /// Its description: only when the challenge asks its administrations for opinions, which they give
    /// having read it.
    pub description: Option<String>,
    /// Its organisation.
    pub organization_id: OrganizationId,
    /// Its organisation's name.
    pub organization_name: String,
    /// Where it is: under review, accepted, rejected or promoted.
    pub state: ProposalState,
    /// When it was last submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the hub decided on it, once it has.
    pub decided_at: Option<DateTime<Utc>>,
    /// The sums of its reviews, once it is decided (none before).
    pub sums: Option<ScoreSums>,
    /// The agreed scores of its final consensus report, once it is decided (none before, or without one).
    pub agreed: Option<[domain::HalfPoints; 4]>,
    /// The opinions its challenge's administrations gave on it.
    pub opinions: Vec<SponsorOpinion>,
}

/// A challenge as its administrations follow it.
#[derive(Debug, Clone)]
pub struct ChallengeFollow {
    /// The challenge.
    pub challenge: Challenge,
    /// How many of its proposals are in each state.
    pub counts: BTreeMap<ProposalState, i64>,
    /// Its proposals admitted to evaluation, in the order they were submitted.
    pub admitted: Vec<FollowedProposal>,
}

/// The states of a proposal admitted to evaluation that its administrations follow (one withdrawn by
/// its team is counted, not shown).
const FOLLOWED: [ProposalState; 4] =
    [ProposalState::UnderReview, ProposalState::Accepted, ProposalState::Rejected, ProposalState::Promoted];

/// Whether proposal `id`, in `state`, is admitted to evaluation as its administrations see it:
/// screened eligible at some point, and where [`FOLLOWED`] says. Any other proposal does not exist for
/// them.
pub(super) fn admitted(conn: &mut crate::db::DbConnection, id: &str, state: ProposalState) -> Result<bool, StoreError> {
    if !FOLLOWED.contains(&state) {
        return Ok(false);
    }
    let screened: i64 = proposal_history::table
        .filter(proposal_history::proposal_id.eq(id))
        .filter(proposal_history::action.eq("screen_eligible"))
        .count()
        .get_result(conn)?;
    Ok(screened > 0)
}

type Row = (String, String, Option<String>, Option<String>, String, String, ProposalState, Option<NaiveDateTime>);

impl Store {
    /// Challenge `id_or_slug` as its sponsor's and co-sponsors' officers follow it (a token needs
    /// `administration`), and hub managers (`proposals:read`): read in one snapshot.
    ///
    /// # Errors
    /// `NotFound` for a challenge the actor may not see; `Forbidden` for anyone else.
    pub fn challenge_follow(&self, actor: &Actor, id_or_slug: &str) -> Result<ChallengeFollow, StoreError> {
        self.db.snapshot(|conn| {
            let challenge = resolve_seen(conn, actor, id_or_slug)?;
            let co_sponsor = actor.has_role(Role::Administration) && co_sponsors(conn, &challenge, actor)?;
            if !challenge.seen_by_sponsor(actor, co_sponsor) {
                return Err(DomainError::Forbidden(
                    "only its administrations' officers and hub managers follow a challenge".to_owned(),
                )
                .into());
            }
            let scope = if actor.has_role(Role::HubManager) { Scope::ProposalsRead } else { Scope::Administration };
            actor.require_scope(scope)?;
            let id = challenge.id.to_string();
            let counted: Vec<(ProposalState, i64)> = proposals::table
                .filter(proposals::challenge_id.eq(&id))
                .group_by(proposals::state)
                .select((proposals::state, diesel::dsl::count_star()))
                .load(conn)?;
            // Admitted: screened eligible at some point, and where the table says.
            let eligible = proposal_history::table
                .filter(proposal_history::action.eq("screen_eligible"))
                .select(proposal_history::proposal_id);
            let rows: Vec<Row> = proposals::table
                .inner_join(organizations::table.on(organizations::id.eq(proposals::organization_id)))
                .filter(proposals::challenge_id.eq(&id))
                .filter(proposals::state.eq_any(crate::stored::named(FOLLOWED)))
                .filter(proposals::id.eq_any(eligible))
                .order((proposals::submitted_at.asc(), proposals::id.asc()))
                .select((
                    proposals::id,
                    proposals::title,
                    proposals::summary,
                    proposals::description,
                    proposals::organization_id,
                    organizations::name,
                    proposals::state,
                    proposals::submitted_at,
                ))
                .load(conn)?;
            let decisions: Vec<(String, NaiveDateTime)> = proposal_history::table
                .inner_join(proposals::table)
                .filter(proposals::challenge_id.eq(&id))
                .filter(proposal_history::action.eq_any(["decide_accept", "decide_reject"]))
                .select((proposal_history::proposal_id, proposal_history::occurred_at))
                .load(conn)?;
            let decided: BTreeMap<String, NaiveDateTime> = decisions.into_iter().collect();
            let mut sums: BTreeMap<String, (ScoreSums, Option<[domain::HalfPoints; 4]>)> =
                crate::ranking::ranked_rows(conn, &id)?
                    .into_iter()
                    .filter(|r| decided.contains_key(&r.proposal_id.to_string()))
                    .map(|r| (r.proposal_id.to_string(), (r.sums, r.agreed)))
                    .collect();
            let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
            let mut opinions: BTreeMap<String, Vec<SponsorOpinion>> = BTreeMap::new();
            for opinion in opinions_on(conn, &ids)? {
                opinions.entry(opinion.proposal_id.to_string()).or_default().push(opinion);
            }
            let admitted = rows
                .into_iter()
                .map(|(pid, title, summary, description, org, organization_name, state, submitted_at)| {
                    let decided_at = decided.get(&pid).copied().map(utc);
                    let (sums, agreed) = decided_at.and(sums.remove(&pid)).unzip();
                    Ok(FollowedProposal {
                        id: parse_stored("proposals.id", &pid)?,
                        title,
                        summary,
                        description: description.filter(|_| challenge.content.sponsor_opinions),
                        organization_id: parse_stored("proposals.organization_id", &org)?,
                        organization_name,
                        state,
                        submitted_at: submitted_at.map(utc),
                        sums,
                        agreed: agreed.flatten(),
                        opinions: opinions.remove(&pid).unwrap_or_default(),
                        decided_at,
                    })
                })
                .collect::<Result<_, StoreError>>()?;
            Ok(ChallengeFollow { challenge, counts: counted.into_iter().collect(), admitted })
        })
    }
}
