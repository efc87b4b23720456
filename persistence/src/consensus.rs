//! Consensus reports (issue 19): one per version of a proposal, drafted by a rapporteur a hub manager
//! designates, with the positions of the version's other evaluators. The rules are
//! [`domain::consensus`]'s; who may read a report is the blind rule's ([`crate::blind`]): whoever reads
//! the version's reviews of others.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::consensus::{Agreed, ConsensusReport, Panel, Position, ReportState, Stance};
use domain::pillar::{HalfPoints, Pillar};
use domain::scoring::Aggregate;
use domain::{Actor, DomainError, Proposal, Role, UserId};

use crate::blind::ReviewFilter;
use crate::db::DbConnection;
use crate::error::StoreError;
use crate::rows::{parse_stored, utc};
use crate::schema::{assignments, consensus_positions, consensus_reports, users};
use crate::stored::Named;

mod act;

/// A report as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consensus_reports, treat_none_as_null = true)]
struct ReportRow {
    id: String,
    proposal_id: String,
    proposal_version: i32,
    rapporteur_id: String,
    designated_by: String,
    #[diesel(serialize_as = Named<ReportState>)]
    state: ReportState,
    score_security_sovereignty: Option<i32>,
    score_growth_development: Option<i32>,
    score_talent_skills: Option<i32>,
    score_effectiveness_sustainability: Option<i32>,
    justifications: Option<String>,
    comment: Option<String>,
    revision: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    finalised_at: Option<NaiveDateTime>,
    finalised_by: Option<String>,
}

/// The score columns of agreed scores, in pillar order.
fn score_columns(agreed: Option<&Agreed>) -> [Option<i32>; 4] {
    std::array::from_fn(|k| agreed.map(|a| a.scores[k].halves()))
}

/// The justifications as stored: a JSON object by pillar key.
fn justifications_json(agreed: &Agreed) -> Result<String, StoreError> {
    let by_key: BTreeMap<&str, &str> =
        Pillar::ALL.iter().map(|p| (p.key(), agreed.justifications[p.index()].as_str())).collect();
    serde_json::to_string(&by_key).map_err(|e| StoreError::internal("consensus_reports.justifications", e))
}

/// The stored scores and justifications, when the report has been drafted.
fn stored_agreed(
    scores: [Option<i32>; 4],
    justifications: Option<&str>,
    comment: Option<String>,
) -> Result<Option<Agreed>, StoreError> {
    let ([Some(a), Some(b), Some(c), Some(d)], Some(text)) = (scores, justifications) else { return Ok(None) };
    let half = |h: i32| HalfPoints::from_halves(h).map_err(|e| StoreError::internal("consensus_reports.score", e));
    let mut by_key: BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| StoreError::internal("consensus_reports.justifications", e))?;
    let mut take = |p: Pillar| by_key.remove(p.key()).unwrap_or_default();
    Ok(Some(Agreed {
        scores: [half(a)?, half(b)?, half(c)?, half(d)?],
        justifications: Pillar::ALL.map(&mut take),
        comment,
    }))
}

impl ReportRow {
    fn into_report(self, positions: Vec<Position>) -> Result<ConsensusReport, StoreError> {
        let scores = [
            self.score_security_sovereignty,
            self.score_growth_development,
            self.score_talent_skills,
            self.score_effectiveness_sustainability,
        ];
        let finalised = match (self.finalised_at, self.finalised_by) {
            (Some(at), Some(by)) => Some((utc(at), parse_stored("consensus_reports.finalised_by", &by)?)),
            _ => None,
        };
        Ok(ConsensusReport {
            id: parse_stored("consensus_reports.id", &self.id)?,
            proposal_id: parse_stored("consensus_reports.proposal_id", &self.proposal_id)?,
            proposal_version: self.proposal_version,
            rapporteur: parse_stored("consensus_reports.rapporteur_id", &self.rapporteur_id)?,
            designated_by: parse_stored("consensus_reports.designated_by", &self.designated_by)?,
            state: self.state,
            agreed: stored_agreed(scores, self.justifications.as_deref(), self.comment)?,
            revision: self.revision,
            positions,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            finalised,
        })
    }
}

/// The report on version `version` of proposal `proposal`, with its positions, if there is one.
pub(crate) fn report_of(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
) -> Result<Option<ConsensusReport>, StoreError> {
    let Some(row) = consensus_reports::table
        .filter(consensus_reports::proposal_id.eq(proposal))
        .filter(consensus_reports::proposal_version.eq(version))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let rows: Vec<(String, Stance, Option<String>, i32, NaiveDateTime)> = consensus_positions::table
        .filter(consensus_positions::report_id.eq(&row.id))
        .order((consensus_positions::at.asc(), consensus_positions::evaluator_id.asc()))
        .select((
            consensus_positions::evaluator_id,
            consensus_positions::stance,
            consensus_positions::note,
            consensus_positions::revision,
            consensus_positions::at,
        ))
        .load(conn)?;
    let positions = rows
        .into_iter()
        .map(|(evaluator, stance, note, revision, at)| {
            Ok(Position {
                evaluator: parse_stored("consensus_positions.evaluator_id", &evaluator)?,
                stance,
                note,
                revision,
                at: utc(at),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(row.into_report(positions)?))
}

/// The agreed scores of the final report on a version, if there is one.
pub(crate) fn final_agreed(
    conn: &mut DbConnection,
    proposal: &str,
    version: i32,
) -> Result<Option<Agreed>, StoreError> {
    Ok(report_of(conn, proposal, version)?.and_then(|r| r.final_scores().cloned()))
}

/// The version's panel: the evaluators whose reviews of it are submitted, in submission order.
pub(crate) fn panel_of(conn: &mut DbConnection, proposal: &str, version: i32) -> Result<Panel, StoreError> {
    let ids: Vec<String> = assignments::table
        .filter(assignments::proposal_id.eq(proposal))
        .filter(assignments::proposal_version.eq(version))
        .filter(assignments::state.eq(Named(domain::review::ReviewState::Submitted)))
        .order((assignments::submitted_at.asc(), assignments::id.asc()))
        .select(assignments::evaluator_id)
        .load(conn)?;
    Ok(Panel(ids.iter().map(|e| parse_stored("assignments.evaluator_id", e)).collect::<Result<_, _>>()?))
}

/// Refuses a reader who may not read the version's reviews of others: the consensus reconciles them.
pub(crate) fn require_sight(conn: &mut DbConnection, actor: &Actor, proposal: &Proposal) -> Result<(), StoreError> {
    let filter = ReviewFilter::load(conn, actor, proposal)?;
    if filter.sight(proposal.version).reads_others() {
        return Ok(());
    }
    if filter.is_assigned() || actor.has_role(Role::HubManager) {
        return Err(DomainError::Forbidden("submit your own review of this version first".to_owned()).into());
    }
    Err(StoreError::not_found("proposal"))
}

/// A proposal's consensus as one reader sees it.
#[derive(Debug, Clone)]
pub struct ConsensusView {
    /// The proposal.
    pub proposal: Proposal,
    /// Its challenge's evaluation settings.
    pub settings: domain::EvaluationSettings,
    /// The report on its current version, if a rapporteur was designated.
    pub report: Option<ConsensusReport>,
    /// The evaluators whose reviews of the version are submitted, in submission order.
    pub panel: Panel,
    /// Names by user id: of the panel and the rapporteur, for a reader who may know who reviewed (hub
    /// managers); otherwise the reader's own only.
    pub names: BTreeMap<UserId, String>,
    /// The raw aggregate of the version's reviews.
    pub raw: Option<Aggregate>,
    /// Whether the challenge requires a final report before the decision.
    pub required: bool,
    /// Whether the reader may know who reviewed.
    pub named: bool,
}

impl ConsensusView {
    /// The report's agreed scores as an aggregate, once drafted.
    pub fn agreed(&self) -> Option<Aggregate> {
        let agreed = self.report.as_ref()?.agreed.as_ref()?;
        Some(agreed.aggregate(self.raw.as_ref(), &self.settings))
    }
}

/// The consensus of proposal `proposal` as `actor` reads it.
pub(crate) fn view_of(conn: &mut DbConnection, actor: &Actor, proposal: Proposal) -> Result<ConsensusView, StoreError> {
    require_sight(conn, actor, &proposal)?;
    let key = proposal.id.to_string();
    let challenge = crate::challenges::load_challenge(conn, &proposal.challenge_id.to_string())?;
    let settings = challenge.content.evaluation;
    let report = report_of(conn, &key, proposal.version)?;
    let panel = panel_of(conn, &key, proposal.version)?;
    let raw = crate::reviews::version_scores(conn, &key, proposal.version, &settings)?.aggregate;
    let named = actor.has_role(Role::HubManager) && !crate::duties::is_conflicted(conn, actor, &proposal)?;
    let mut people: Vec<String> = vec![actor.user_id.to_string()];
    if named {
        people.extend(panel.0.iter().map(ToString::to_string));
        people.extend(report.iter().flat_map(|r| [r.rapporteur.to_string(), r.designated_by.to_string()]));
    }
    let rows: Vec<(String, String)> =
        users::table.filter(users::id.eq_any(&people)).select((users::id, users::display_name)).load(conn)?;
    let names = rows
        .into_iter()
        .map(|(id, name)| Ok((parse_stored("users.id", &id)?, name)))
        .collect::<Result<_, StoreError>>()?;
    let required = settings.consensus.requires(raw.as_ref());
    Ok(ConsensusView { proposal, settings, report, panel, names, raw, required, named })
}

/// What user `id` wrote in consensus reports, for their personal data export: the reports they drafted
/// as rapporteur (scores, justifications, comment) and the positions they took (stance, note).
pub(crate) fn personal(conn: &mut DbConnection, id: &str) -> Result<Vec<serde_json::Value>, StoreError> {
    use serde_json::json;
    let drafted: Vec<ReportRow> = consensus_reports::table
        .filter(consensus_reports::rapporteur_id.eq(id))
        .order(consensus_reports::created_at.asc())
        .select(ReportRow::as_select())
        .load(conn)?;
    let mut acts: Vec<serde_json::Value> = drafted
        .into_iter()
        .map(|r| {
            json!({"kind": "rapporteur", "report_id": r.id, "proposal_id": r.proposal_id, "version": r.proposal_version,
                   "state": r.state.as_str(), "scores": score_columns_json(&r), "justifications": r.justifications
                       .as_deref().and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()),
                   "comment": r.comment, "updated_at": utc(r.updated_at)})
        })
        .collect();
    let taken: Vec<(String, String, Stance, Option<String>, i32, NaiveDateTime)> = consensus_positions::table
        .inner_join(consensus_reports::table)
        .filter(consensus_positions::evaluator_id.eq(id))
        .order(consensus_positions::at.asc())
        .select((
            consensus_positions::report_id,
            consensus_reports::proposal_id,
            consensus_positions::stance,
            consensus_positions::note,
            consensus_positions::revision,
            consensus_positions::at,
        ))
        .load(conn)?;
    acts.extend(taken.into_iter().map(|(report, proposal, stance, note, revision, at)| {
        json!({"kind": "position", "report_id": report, "proposal_id": proposal, "stance": stance.as_str(),
               "note": note, "revision": revision, "at": utc(at)})
    }));
    Ok(acts)
}

/// A stored report's scores by pillar key, in points (null before the draft).
fn score_columns_json(r: &ReportRow) -> serde_json::Value {
    let halves = [
        r.score_security_sovereignty,
        r.score_growth_development,
        r.score_talent_skills,
        r.score_effectiveness_sustainability,
    ];
    Pillar::ALL
        .iter()
        .map(|p| (p.key().to_owned(), serde_json::json!(halves[p.index()].map(|h| f64::from(h) / 2.0))))
        .collect()
}
