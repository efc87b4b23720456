//! Consensus (issue 19; PRODUCT.md "Procedure"): where a challenge requires it, a rapporteur designated
//! by a hub manager reconciles the submitted reviews of one version of a proposal into an agreed score
//! per pillar, each with a justification citing the divergences, and a comment to the team. The other
//! evaluators of that version concur or dissent, with a note; the finalised report is frozen, and the
//! ranking and the decision use its scores.

use chrono::{DateTime, Utc};

use crate::actor::{Actor, Role};
use crate::challenge::EvaluationSettings;
use crate::error::{DomainError, FieldError, Validation};
use crate::ids::UserId;
use crate::named::named_enum;
use crate::pillar::{HalfPoints, Pillar};
use crate::proposal::{ProposalId, ProposalState};
use crate::scoring::{Aggregate, agreed_aggregate};
use crate::text::clean_text;

crate::ids::id_type!(
    /// Identifies a consensus report.
    ConsensusId,
    "consensus report"
);

named_enum!(
    /// When a challenge's proposals need a consensus report before their decision.
    #[derive(Default)]
    ConsensusPolicy, "evaluation.consensus", "unknown_consensus_policy" {
        /// Only when the reviews diverge: some pillar's scores differ by
        /// [`crate::scoring::CONSENSUS_GAP`] points or more (the default).
        #[default]
        WhenNeeded = "when_needed",
        /// For every proposal.
        Always = "always",
    }
);

impl ConsensusPolicy {
    /// Whether a proposal whose reviews add up to `aggregate` (none before a scored review) needs a
    /// consensus report before its decision.
    pub fn requires(self, aggregate: Option<&Aggregate>) -> bool {
        match self {
            Self::Always => true,
            Self::WhenNeeded => aggregate.is_some_and(|a| a.needs_consensus),
        }
    }
}

named_enum!(
    /// Where a consensus report is.
    ReportState, "state", "unknown_state" {
        /// The rapporteur drafts; the other evaluators take their positions.
        Draft = "draft",
        /// Finalised and frozen: the ranking and the decision use its scores.
        Final = "final",
    }
);

named_enum!(
    /// An evaluator's position on the rapporteur's draft.
    Stance, "stance", "unknown_stance" {
        /// They agree with it.
        Concur = "concur",
        /// They disagree (a note says why).
        Dissent = "dissent",
    }
);

/// The longest justification of one pillar's agreed score, in characters.
pub const JUSTIFICATION_MAX: usize = 4_000;
/// The longest comment to the team or note of a position, in characters.
pub const COMMENT_MAX: usize = 8_000;

/// What the panel agreed: a score and a justification per pillar, and a comment to the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreed {
    /// Agreed score per pillar, in pillar order.
    pub scores: [HalfPoints; 4],
    /// Why, per pillar, citing the divergences (for the hub and the panel).
    pub justifications: [String; 4],
    /// The comment to the team, shown with the decision's feedback.
    pub comment: Option<String>,
}

/// A draft as sent: `PUT` replaces the whole of it.
#[derive(Debug, Clone, Default)]
pub struct AgreedInput {
    /// Scores by pillar key.
    pub scores: Vec<(String, Option<f64>)>,
    /// Justifications by pillar key.
    pub justifications: Vec<(String, String)>,
    /// Comment to the team.
    pub comment: Option<String>,
}

impl Agreed {
    /// Validates a draft: every pillar needs its score and its justification.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each wrong or missing field (`scores.talent_skills`,
    /// `justifications.growth_development`, `comment`).
    pub fn parse(input: AgreedInput) -> Result<Self, DomainError> {
        let mut v = Validation::new();
        let mut scores: [Option<HalfPoints>; 4] = [None; 4];
        let mut justifications: [Option<String>; 4] = Default::default();
        // Pillars whose score or justification was given but is wrong (already reported).
        let (mut bad_score, mut bad_text) = ([false; 4], [false; 4]);
        for (key, score) in input.scores {
            let field = format!("scores.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) => {
                    scores[pillar.index()] = score.and_then(|s| v.check(HalfPoints::parse(&field, s)));
                    bad_score[pillar.index()] = score.is_some() && scores[pillar.index()].is_none();
                }
            }
        }
        for (key, text) in input.justifications {
            let field = format!("justifications.{key}");
            match key.parse::<Pillar>() {
                Err(_) => v.push(FieldError::new(field, "unknown_pillar", "is not one of the four pillars")),
                Ok(pillar) if !text.trim().is_empty() => {
                    justifications[pillar.index()] = v.check(clean_text(&field, &text, 1, JUSTIFICATION_MAX, true));
                    bad_text[pillar.index()] = justifications[pillar.index()].is_none();
                }
                Ok(_) => {}
            }
        }
        for pillar in Pillar::ALL {
            if scores[pillar.index()].is_none() && !bad_score[pillar.index()] {
                v.push(FieldError::new(format!("scores.{pillar}"), "required", "every pillar needs an agreed score"));
            }
            if justifications[pillar.index()].is_none() && !bad_text[pillar.index()] {
                v.push(FieldError::new(
                    format!("justifications.{pillar}"),
                    "required",
                    "every agreed score needs its justification",
                ));
            }
        }
        let comment = input
            .comment
            .filter(|c| !c.trim().is_empty())
            .and_then(|c| v.check(clean_text("comment", &c, 1, COMMENT_MAX, true)));
        v.finish()?;
        match (scores, justifications) {
            ([Some(a), Some(b), Some(c), Some(d)], [Some(e), Some(f), Some(g), Some(h)]) => {
                Ok(Self { scores: [a, b, c, d], justifications: [e, f, g, h], comment })
            }
            _ => Err(DomainError::invalid("scores", "required", "every pillar needs an agreed score")),
        }
    }

    /// The agreed scores as an aggregate of the challenge's settings ([`agreed_aggregate`]).
    pub fn aggregate(&self, raw: Option<&Aggregate>, settings: &EvaluationSettings) -> Aggregate {
        agreed_aggregate(&self.scores, raw, settings)
    }
}

/// An evaluator's position on a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The evaluator.
    pub evaluator: UserId,
    /// Concur or dissent.
    pub stance: Stance,
    /// Their note (required to dissent).
    pub note: Option<String>,
    /// The report's revision they took it on: a later draft leaves it standing on an earlier one.
    pub revision: i32,
    /// When.
    pub at: DateTime<Utc>,
}

/// A consensus report on one version of a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsensusReport {
    /// Id.
    pub id: ConsensusId,
    /// The proposal.
    pub proposal_id: ProposalId,
    /// The version whose reviews it reconciles.
    pub proposal_version: i32,
    /// Who drafts it: one of the version's evaluators, or a hub manager.
    pub rapporteur: UserId,
    /// The hub manager who designated them.
    pub designated_by: UserId,
    /// Draft or final.
    pub state: ReportState,
    /// The agreed scores, once drafted.
    pub agreed: Option<Agreed>,
    /// Revision (ETag): every draft saved adds one.
    pub revision: i32,
    /// The other evaluators' positions.
    pub positions: Vec<Position>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was finalised, and by whom.
    pub finalised: Option<(DateTime<Utc>, UserId)>,
}

/// Who reconciles a version: the evaluators whose reviews of it are submitted, in submission order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Panel(pub Vec<UserId>);

impl Panel {
    /// Whether `user` reviewed the version.
    pub fn has(&self, user: UserId) -> bool {
        self.0.contains(&user)
    }
}

/// The proposal as the consensus rules read it: its state and current version.
pub type ProposalAt = (ProposalState, i32);

fn closed() -> DomainError {
    DomainError::conflict("consensus_closed", "the proposal is no longer under review at this version")
}

fn frozen() -> DomainError {
    DomainError::conflict("consensus_final", "the consensus report is final and can no longer change")
}

/// Decides whether `actor` may designate `candidate` (`candidate_manager`: whether they are a hub
/// manager with an open account) as rapporteur of `proposal`'s current version, whose report so far is
/// `existing`.
///
/// # Errors
/// `Forbidden` for anyone but a hub manager; `Conflict` (`consensus_closed`, `consensus_final`,
/// `reviews_missing` before any submitted review); `Invalid` (`not_a_rapporteur`) for someone who is
/// neither a reviewer of the version nor a hub manager.
pub fn designate(
    actor: &Actor,
    existing: Option<&ConsensusReport>,
    panel: &Panel,
    candidate: UserId,
    candidate_manager: bool,
    proposal: ProposalAt,
) -> Result<(), DomainError> {
    if !actor.has_role(Role::HubManager) {
        return Err(DomainError::Forbidden("only hub managers designate a rapporteur".to_owned()));
    }
    if proposal.0 != ProposalState::UnderReview {
        return Err(closed());
    }
    if existing.is_some_and(|r| r.state == ReportState::Final) {
        return Err(frozen());
    }
    if panel.0.is_empty() {
        return Err(DomainError::conflict(
            "reviews_missing",
            "no review of this version is submitted yet: there is nothing to reconcile",
        ));
    }
    if !panel.has(candidate) && !candidate_manager {
        return Err(DomainError::invalid(
            "rapporteur_id",
            "not_a_rapporteur",
            "the rapporteur is one of the evaluators who submitted a review of this version, or a hub manager",
        ));
    }
    Ok(())
}

impl ConsensusReport {
    fn open(&self, proposal: ProposalAt) -> Result<(), DomainError> {
        if proposal.0 != ProposalState::UnderReview || proposal.1 != self.proposal_version {
            return Err(closed());
        }
        if self.state == ReportState::Final {
            return Err(frozen());
        }
        Ok(())
    }

    /// Whether the rapporteur may save a draft.
    ///
    /// # Errors
    /// `Forbidden` for anyone but the rapporteur; `Conflict` once final or closed.
    pub fn may_draft(&self, actor: &Actor, proposal: ProposalAt) -> Result<(), DomainError> {
        if actor.user_id != self.rapporteur {
            return Err(DomainError::Forbidden("only the rapporteur drafts the consensus report".to_owned()));
        }
        self.open(proposal)
    }

    /// An evaluator's position on the current draft.
    ///
    /// # Errors
    /// `Forbidden` for the rapporteur and for anyone who did not review the version; `Conflict`
    /// (`nothing_to_concur`) before a draft, once final or closed; `Invalid` for a dissent without a
    /// note.
    pub fn position(
        &self,
        actor: &Actor,
        panel: &Panel,
        stance: Stance,
        note: Option<String>,
        proposal: ProposalAt,
        now: DateTime<Utc>,
    ) -> Result<Position, DomainError> {
        if actor.user_id == self.rapporteur {
            return Err(DomainError::Forbidden("the rapporteur's position is the draft itself".to_owned()));
        }
        if !panel.has(actor.user_id) {
            return Err(DomainError::Forbidden(
                "only the evaluators who submitted a review of this version take a position".to_owned(),
            ));
        }
        self.open(proposal)?;
        if self.agreed.is_none() {
            return Err(DomainError::conflict("nothing_to_concur", "the rapporteur has not drafted the report yet"));
        }
        let note = note.filter(|n| !n.trim().is_empty()).map(|n| clean_text("note", &n, 1, COMMENT_MAX, true));
        let note = note.transpose().map_err(|e| DomainError::Invalid(vec![e]))?;
        if stance == Stance::Dissent && note.is_none() {
            return Err(DomainError::invalid("note", "required", "say why you dissent"));
        }
        Ok(Position { evaluator: actor.user_id, stance, note, revision: self.revision, at: now })
    }

    /// The evaluators (other than the rapporteur) with no position on the current draft.
    pub fn pending(&self, panel: &Panel) -> Vec<UserId> {
        panel
            .0
            .iter()
            .copied()
            .filter(|e| *e != self.rapporteur)
            .filter(|e| !self.positions.iter().any(|p| p.evaluator == *e && p.revision == self.revision))
            .collect()
    }

    /// Whether `actor` may finalise it: the rapporteur once every other evaluator has taken a position on
    /// the current draft; a hub manager at any time (whoever has not answered stays without a position).
    ///
    /// # Errors
    /// `Forbidden` for anyone else; `Conflict` (`nothing_to_concur` before a draft, `positions_pending`,
    /// `consensus_final`, `consensus_closed`).
    pub fn may_finalise(&self, actor: &Actor, panel: &Panel, proposal: ProposalAt) -> Result<(), DomainError> {
        let manager = actor.has_role(Role::HubManager);
        if actor.user_id != self.rapporteur && !manager {
            return Err(DomainError::Forbidden("only the rapporteur or a hub manager finalises the report".to_owned()));
        }
        self.open(proposal)?;
        if self.agreed.is_none() {
            return Err(DomainError::conflict("nothing_to_concur", "the rapporteur has not drafted the report yet"));
        }
        let pending = self.pending(panel).len();
        if pending > 0 && !manager {
            return Err(DomainError::conflict(
                "positions_pending",
                format!("{pending} evaluator(s) have not taken a position on the current draft yet"),
            ));
        }
        Ok(())
    }

    /// The agreed scores, once final.
    pub fn final_scores(&self) -> Option<&Agreed> {
        self.agreed.as_ref().filter(|_| self.state == ReportState::Final)
    }
}

#[cfg(test)]
mod tests;
