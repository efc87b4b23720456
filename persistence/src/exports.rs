//! Bulk exports for hub managers (issue 19): the proposals and the reviews they may read, page by page
//! in id order, for the API to stream. Each page is one read; what a reader may read is the same rule
//! as everywhere else — the proposals' visibility ([`crate::proposals::visible_filter`] through
//! [`Store::proposals_list`]) and, for reviews, the blind rule ([`domain::blind::review_sight`]) with
//! separation of duties: a manager on a proposal's side reads none of its reviews but their own.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use domain::blind::review_sight;
use domain::duties::{Parties, conflict_of_interest};
use domain::review::{Assignment, ReviewState};
use domain::{Actor, AuditEvent, Role, Scope};

use crate::Store;
use crate::audit;
use crate::duties::person;
use crate::error::StoreError;
use crate::reviews::AssignmentRow;
use crate::rows::parse_stored;
use crate::schema::{assignments, challenges, organizations, proposal_team, proposals, users};

/// What a hub manager exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The proposals.
    Proposals,
    /// The reviews.
    Reviews,
}

impl Export {
    /// Its name: `proposals`, `reviews`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposals => "proposals",
            Self::Reviews => "reviews",
        }
    }

    /// Its audit action.
    fn action(self) -> &'static str {
        match self {
            Self::Proposals => "export.proposals",
            Self::Reviews => "export.reviews",
        }
    }
}

/// One review in an export, as its reader may read it.
#[derive(Debug, Clone)]
pub struct ReviewExport {
    /// The review (the confidential comment left out where the reader may not read it).
    pub review: Assignment,
    /// The proposal's challenge.
    pub challenge_id: String,
    /// The evaluator's name, where the reader may know who reviewed.
    pub evaluator: Option<String>,
}

/// The names an export writes beside ids: organisations and challenges.
#[derive(Debug, Clone, Default)]
pub struct ExportNames {
    /// Organisation names by id.
    pub organizations: BTreeMap<String, String>,
    /// Challenge slugs by id.
    pub challenges: BTreeMap<String, String>,
}

/// A review row with what the blind rule decides on: the proposal's challenge, organisation, tax code,
/// author, and the evaluator's name.
type Row = (AssignmentRow, String, String, String, String, String);

impl Store {
    /// Records that `actor` exported `what`, of one challenge or all, in the
    /// audit log: a bulk read of personal data is accounted for (GDPR art. 5(2)).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers (scope `reviews:read`).
    pub fn export_audited(&self, actor: &Actor, what: Export, challenge: Option<&str>) -> Result<(), StoreError> {
        actor.require(Role::HubManager, Scope::ReviewsRead)?;
        let now = self.db.now();
        self.db.write(|conn| {
            let mut event = AuditEvent::new(Some(actor.user_id), what.action(), "export", what.as_str());
            if let Some(challenge) = challenge {
                event = event.with("challenge_id", challenge);
            }
            audit::append(conn, &self.audit_key, &event, now)
        })
    }

    /// The organisations' names and the challenges' slugs, for an export's rows.
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn export_names(&self, actor: &Actor) -> Result<ExportNames, StoreError> {
        actor.require(Role::HubManager, Scope::ReviewsRead)?;
        self.db.read(|conn| {
            let organizations =
                organizations::table.select((organizations::id, organizations::name)).load(conn)?.into_iter().collect();
            let challenges =
                challenges::table.select((challenges::id, challenges::slug)).load(conn)?.into_iter().collect();
            Ok(ExportNames { organizations, challenges })
        })
    }

    /// Up to `limit` reviews after review id `after` (of challenge `challenge`, if given) that `actor`
    /// may read, in id order, with the id to continue after (none at the end).
    ///
    /// # Errors
    /// `Forbidden` for anyone but hub managers.
    pub fn reviews_export_page(
        &self,
        actor: &Actor,
        challenge: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<(Vec<ReviewExport>, Option<String>), StoreError> {
        actor.require(Role::HubManager, Scope::ReviewsRead)?;
        self.db.read(|conn| {
            let me = person(conn, actor.user_id)?;
            let mut query = assignments::table
                .inner_join(proposals::table)
                .inner_join(organizations::table.on(organizations::id.eq(proposals::organization_id)))
                .inner_join(users::table.on(users::id.eq(assignments::evaluator_id)))
                .select((
                    AssignmentRow::as_select(),
                    proposals::challenge_id,
                    proposals::organization_id,
                    organizations::tax_code,
                    proposals::created_by,
                    users::display_name,
                ))
                .order(assignments::id.asc())
                .limit(i64::from(limit))
                .into_boxed();
            if let Some(challenge) = challenge {
                query = query.filter(proposals::challenge_id.eq(challenge.to_owned()));
            }
            if let Some(after) = after {
                query = query.filter(assignments::id.gt(after.to_owned()));
            }
            let rows: Vec<Row> = query.load(conn)?;
            let next = (rows.len() == limit as usize).then(|| rows.last().map(|r| r.0.id.clone())).flatten();
            let mut ids: Vec<&str> = rows.iter().map(|r| r.0.proposal_id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            let on_team: BTreeSet<String> = proposal_team::table
                .filter(proposal_team::user_id.eq(actor.user_id.to_string()))
                .filter(proposal_team::proposal_id.eq_any(&ids))
                .select(proposal_team::proposal_id)
                .load::<String>(conn)?
                .into_iter()
                .collect();
            let own: BTreeMap<(String, i32), ReviewState> = assignments::table
                .filter(assignments::evaluator_id.eq(actor.user_id.to_string()))
                .filter(assignments::proposal_id.eq_any(&ids))
                .select((assignments::proposal_id, assignments::proposal_version, assignments::state))
                .load::<(String, i32, ReviewState)>(conn)?
                .into_iter()
                .map(|(proposal, version, state)| ((proposal, version), state))
                .collect();
            let mut page = Vec::with_capacity(rows.len());
            for (row, challenge_id, organization, tax_code, created_by, name) in rows {
                let mut team = BTreeSet::from([parse_stored("proposals.created_by", &created_by)?]);
                if on_team.contains(&row.proposal_id) {
                    team.insert(actor.user_id);
                }
                let parties =
                    Parties { organization: parse_stored("proposals.organization_id", &organization)?, tax_code, team };
                let conflicted = conflict_of_interest(&me, &parties).is_some();
                let key = (row.proposal_id.clone(), row.proposal_version);
                let sight = review_sight(actor, conflicted, own.get(&key).copied());
                if let Some(revealed) = sight.reveal(actor, row.into_assignment()?) {
                    let evaluator = revealed.named.then_some(name);
                    page.push(ReviewExport { review: revealed.review, challenge_id, evaluator });
                }
            }
            Ok((page, next))
        })
    }
}
