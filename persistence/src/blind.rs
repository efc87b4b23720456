//! The one persistence filter of the blind rule ([`domain::blind`]): every path that returns reviews,
//! scores or aggregates (a proposal's reviews and assignments, one review, the ranking, the feedback)
//! asks it what its reader may read, version by version.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use domain::blind::{Revealed, ReviewSight, review_sight};
use domain::duties::{Parties, conflict_of_interest};
use domain::review::{Assignment, ReviewState};
use domain::{Actor, Proposal, ProposalState};

use crate::db::DbConnection;
use crate::duties::{is_conflicted, person};
use crate::error::StoreError;
use crate::rows::parse_stored;
use crate::schema::{assignments, organizations, proposal_team, proposals};
use crate::stored::named;

/// What one reader may read of the reviews of one proposal, version by version.
pub(crate) struct ReviewFilter {
    actor: Actor,
    conflicted: bool,
    own: BTreeMap<i32, ReviewState>,
}

/// The reader's own assignments to a proposal: version → state.
fn own_states(
    conn: &mut DbConnection,
    actor: &Actor,
    proposal: &str,
) -> Result<BTreeMap<i32, ReviewState>, StoreError> {
    Ok(assignments::table
        .filter(assignments::proposal_id.eq(proposal))
        .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
        .select((assignments::proposal_version, assignments::state))
        .load::<(i32, ReviewState)>(conn)?
        .into_iter()
        .collect())
}

impl ReviewFilter {
    /// The filter of `actor` on `proposal`.
    pub(crate) fn load(conn: &mut DbConnection, actor: &Actor, proposal: &Proposal) -> Result<Self, StoreError> {
        Ok(Self {
            actor: actor.clone(),
            conflicted: is_conflicted(conn, actor, proposal)?,
            own: own_states(conn, actor, &proposal.id.to_string())?,
        })
    }

    /// What the reader may read of the reviews of `version`.
    pub(crate) fn sight(&self, version: i32) -> ReviewSight {
        review_sight(&self.actor, self.conflicted, self.own.get(&version).copied())
    }

    /// Whether the reader holds an assignment to some version of the proposal.
    pub(crate) fn is_assigned(&self) -> bool {
        self.own.values().any(|s| *s != ReviewState::Declined)
    }

    /// A review as the reader may read it, or `None`.
    pub(crate) fn reveal(&self, review: Assignment) -> Option<Revealed> {
        self.sight(review.proposal_version).reveal(&self.actor, review)
    }
}

/// The proposals of a challenge in `states` whose reviews of their current version `actor` may not
/// read one by one or aggregated: the ranking leaves them out.
pub(crate) fn blinded_in_challenge(
    conn: &mut DbConnection,
    actor: &Actor,
    challenge: &str,
    states: &[ProposalState],
) -> Result<BTreeSet<String>, StoreError> {
    let me = person(conn, actor.user_id)?;
    let rows: Vec<(String, String, String, String, i32)> = proposals::table
        .inner_join(organizations::table.on(organizations::id.eq(proposals::organization_id)))
        .filter(proposals::challenge_id.eq(challenge))
        .filter(proposals::state.eq_any(named(states.iter().copied())))
        .select((
            proposals::id,
            proposals::organization_id,
            organizations::tax_code,
            proposals::created_by,
            proposals::version,
        ))
        .load(conn)?;
    let of_challenge = proposals::table.filter(proposals::challenge_id.eq(challenge)).select(proposals::id);
    let on_team: BTreeSet<String> = proposal_team::table
        .filter(proposal_team::user_id.eq(actor.user_id.to_string()))
        .filter(proposal_team::proposal_id.eq_any(of_challenge))
        .select(proposal_team::proposal_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let of_challenge = proposals::table.filter(proposals::challenge_id.eq(challenge)).select(proposals::id);
    let mine: Vec<(String, i32, ReviewState)> = assignments::table
        .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
        .filter(assignments::proposal_id.eq_any(of_challenge))
        .select((assignments::proposal_id, assignments::proposal_version, assignments::state))
        .load(conn)?;
    let own: BTreeMap<(String, i32), ReviewState> =
        mine.into_iter().map(|(proposal, version, state)| ((proposal, version), state)).collect();
    let mut blinded = BTreeSet::new();
    for (id, organization, tax_code, created_by, version) in rows {
        let mut team = BTreeSet::from([parse_stored("proposals.created_by", &created_by)?]);
        if on_team.contains(&id) {
            team.insert(actor.user_id);
        }
        let parties =
            Parties { organization: parse_stored("proposals.organization_id", &organization)?, tax_code, team };
        let conflicted = conflict_of_interest(&me, &parties).is_some();
        let sight = review_sight(actor, conflicted, own.get(&(id.clone(), version)).copied());
        if !sight.reads_others() {
            blinded.insert(id);
        }
    }
    Ok(blinded)
}
