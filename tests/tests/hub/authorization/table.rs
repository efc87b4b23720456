//! The matrix itself: the callers, the expectations and one row per documented operation.

use domain::Scope;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Who {
    /// No credential.
    Anonymous,
    /// A proposer of the organisation owning the object (Aurora Labs).
    OwnProposer,
    /// A proposer of another organisation (Nuvola).
    OtherProposer,
    /// The evaluator assigned to the proposal or review concerned.
    AssignedEvaluator,
    /// An evaluator assigned to nothing.
    OtherEvaluator,
    /// A hub manager.
    HubManager,
    /// A catalogue editor.
    CatalogueEditor,
    /// The hub's only admin.
    Admin,
    /// A personal access token lacking the operation's scope (see [`Row::pat`]).
    Pat,
}

/// The columns of the table, in order.
pub(super) const CALLERS: [Who; 9] = [
    Who::Anonymous,
    Who::OwnProposer,
    Who::OtherProposer,
    Who::AssignedEvaluator,
    Who::OtherEvaluator,
    Who::HubManager,
    Who::CatalogueEditor,
    Who::Admin,
    Who::Pat,
];

/// What a cell must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expect {
    /// This success status.
    Success(u16),
    /// A problem+json with this status and code.
    Problem(u16, &'static str),
}

pub(super) const OK: Expect = Expect::Success(200);
pub(super) const CREATED: Expect = Expect::Success(201);
pub(super) const QUEUED: Expect = Expect::Success(202);
pub(super) const DONE: Expect = Expect::Success(204);
/// 401: not authenticated.
pub(super) const A: Expect = Expect::Problem(401, "unauthenticated");
/// 403: the role or the token may never do this.
pub(super) const F: Expect = Expect::Problem(403, "forbidden");
/// 404: not there, or not for this caller to know.
pub(super) const N: Expect = Expect::Problem(404, "not_found");
/// 409: the personas' addresses are verified already (the caller got past authentication).
pub(super) const VERIFIED: Expect = Expect::Problem(409, "already_verified");
/// 409: the message is delivered or waiting, not dead (the caller got past authorisation).
pub(super) const NOT_DEAD: Expect = Expect::Problem(409, "not_dead");
/// 409: a startup has no officers (the caller got past authorisation).
pub(super) const NOT_PA: Expect = Expect::Problem(409, "not_an_administration");
/// 409: the hub's only admin cannot erase themself.
pub(super) const LAST_ADMIN: Expect = Expect::Problem(409, "last_admin");

/// One operation's row.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) method: &'static str,
    pub(super) path: &'static str,
    /// One expectation per caller of [`CALLERS`].
    pub(super) cells: [Expect; 9],
    /// The personal access token of the `Pat` column: whose, and the scope it lacks (`None`: the
    /// operation needs no scope; the token has every scope).
    pub(super) pat: (Who, Option<Scope>),
}

pub(super) const fn row(
    method: &'static str,
    path: &'static str,
    cells: [Expect; 9],
    pat: (Who, Option<Scope>),
) -> Row {
    Row { method, path, cells, pat }
}

/// A token of `owner` with every scope but `lacking`.
pub(super) const fn lacking(owner: Who, scope: Scope) -> (Who, Option<Scope>) {
    (owner, Some(scope))
}

/// A token of `owner` with every scope.
pub(super) const fn any_token(owner: Who) -> (Who, Option<Scope>) {
    (owner, None)
}

use Who::{Admin as AD, AssignedEvaluator as EA, CatalogueEditor as CE, HubManager as HM, OwnProposer as PO};

/// The matrix. Columns: anonymous, own proposer, other proposer, assigned evaluator, other evaluator,
/// hub manager, catalogue editor, admin, PAT. Rows run in this order; `DELETE /api/v1/me` is last.
#[rustfmt::skip]
pub(super) const TABLE: &[Row] = &[
    // Accounts: public, whoever calls (a bearer credential is ignored).
    row("POST", "/api/v1/auth/register", [QUEUED; 9], any_token(PO)),
    row("POST", "/api/v1/auth/login", [OK; 9], any_token(PO)),
    row("POST", "/api/v1/auth/refresh", [OK; 9], any_token(PO)),
    row("POST", "/api/v1/auth/logout", [DONE; 9], any_token(PO)),
    row("POST", "/api/v1/auth/verify-email", [DONE; 9], any_token(PO)),
    row("POST", "/api/v1/auth/password-reset", [QUEUED; 9], any_token(PO)),
    row("POST", "/api/v1/auth/password-reset/confirm", [DONE; 9], any_token(PO)),
    // Asking for mail needs a signed-in session, not a personal access token.
    row("POST", "/api/v1/auth/verify-email/resend", [A, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, VERIFIED, F], any_token(PO)),
    // Operations and the rubric: public.
    row("GET", "/healthz", [OK; 9], any_token(PO)),
    row("GET", "/readyz", [OK; 9], any_token(PO)),
    row("GET", "/status", [OK; 9], any_token(PO)),
    row("GET", "/metrics", [OK; 9], any_token(PO)),
    row("GET", "/api/v1/pillars", [OK; 9], any_token(PO)),
    // The caller's account: credentials need an interactive session.
    row("GET", "/api/v1/me", [A, OK, OK, OK, OK, OK, OK, OK, OK], any_token(PO)),
    row("PATCH", "/api/v1/me", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    row("GET", "/api/v1/me/tokens", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    row("POST", "/api/v1/me/tokens", [A, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, F], any_token(PO)),
    row("DELETE", "/api/v1/me/tokens/{id}", [A, DONE, DONE, DONE, DONE, DONE, DONE, DONE, F], any_token(PO)),
    // Organisations (Aurora Labs is the own proposer's) and administration.
    row("GET", "/api/v1/organizations", [A, F, F, F, F, OK, F, OK, F], lacking(AD, Scope::Admin)),
    row("POST", "/api/v1/organizations", [A, F, F, F, F, F, F, CREATED, F], lacking(AD, Scope::Admin)),
    // Without the `admin` scope an admin's token sees only its own organisation.
    row("GET", "/api/v1/organizations/{id}", [A, OK, N, N, N, OK, N, OK, N], lacking(AD, Scope::Admin)),
    row("POST", "/api/v1/organizations/{id}/invitations", [A, CREATED, N, N, N, N, N, CREATED, F], lacking(PO, Scope::ProposalsWrite)),
    // Managing it: its owner and admins (handing over and renaming in a session only; both are no-ops here,
    // which leave the world as it was: the owner stays, the name too).
    row("PATCH", "/api/v1/organizations/{id}", [A, OK, N, N, N, N, N, OK, F], any_token(PO)),
    row("POST", "/api/v1/organizations/{id}/ownership", [A, OK, N, N, N, N, N, OK, F], any_token(PO)),
    row("GET", "/api/v1/organizations/{id}/invitations", [A, OK, N, N, N, N, N, OK, F], lacking(PO, Scope::ProposalsWrite)),
    row("DELETE", "/api/v1/organizations/{id}/invitations/{invitation_id}", [A, DONE, N, N, N, N, N, DONE, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/organizations/{id}/members", [A, OK, N, N, N, N, N, OK, N], lacking(AD, Scope::Admin)),
    // Each cell removes a member of its own: the owner in a session, or an admin.
    row("DELETE", "/api/v1/organizations/{id}/members/{user_id}", [A, DONE, N, N, N, N, N, DONE, F], any_token(PO)),
    // Officers: the owner in a session (never a token) or an admin, of a verified administration only.
    row("PUT", "/api/v1/organizations/{id}/officers/{user_id}", [A, NOT_PA, N, N, N, N, N, NOT_PA, F], any_token(PO)),
    row("DELETE", "/api/v1/organizations/{id}/officers/{user_id}", [A, NOT_PA, N, N, N, N, N, NOT_PA, F], any_token(PO)),
    // Each cell verifies an administration of its own, founded and pending.
    row("POST", "/api/v1/organizations/{id}/verification", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    // Needs: public ones for everyone; officers state and co-sign (none of these callers is one: the
    // needs tests run the officers' cells); hub managers triage, each cell on a need of its own.
    row("GET", "/api/v1/needs", [OK; 9], any_token(PO)),
    row("GET", "/api/v1/needs/{id}", [OK; 9], any_token(PO)),
    // Only its administration's officers edit it: whoever else reads the public need is refused.
    row("PATCH", "/api/v1/needs/{id}", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    row("POST", "/api/v1/needs", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    row("POST", "/api/v1/needs/{id}/cosignatures", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    row("DELETE", "/api/v1/needs/{id}/cosignatures/{organization_id}", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    row("POST", "/api/v1/needs/{id}/merge", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/needs/{id}/close", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/needs/{id}/conversion", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/evaluators", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsRead)),
    // Open data: anyone, signed in or not.
    row("GET", "/api/v1/open-data/services", [OK; 9], any_token(PO)),
    row("GET", "/api/v1/open-data/adoptions", [OK; 9], any_token(PO)),
    row("GET", "/api/v1/open-data/funnel", [OK; 9], any_token(PO)),
    // Bulk exports and the funnel's figures: hub managers alone.
    row("GET", "/api/v1/analytics/funnel", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    row("GET", "/api/v1/exports/proposals", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    row("GET", "/api/v1/exports/reviews", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    // The expertise vocabulary: read by anyone signed in, curated by hub managers (the cell rewords a term
    // as it is, or retires one of its own), declared by evaluators (each cell declares what it had).
    row("GET", "/api/v1/expertise", [A, OK, OK, OK, OK, OK, OK, OK, OK], any_token(PO)),
    row("PUT", "/api/v1/expertise/{tag}", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("DELETE", "/api/v1/expertise/{tag}", [A, F, F, F, F, DONE, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("PUT", "/api/v1/me/expertise", [A, F, F, OK, OK, F, F, F, F], lacking(EA, Scope::ReviewsWrite)),
    row("GET", "/api/v1/users", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("PUT", "/api/v1/users/{id}/roles", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("GET", "/api/v1/admin/outbox", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("POST", "/api/v1/admin/outbox/{id}/retry", [A, F, F, F, F, F, F, NOT_DEAD, F], lacking(AD, Scope::Admin)),
    row("GET", "/api/v1/audit", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    row("GET", "/api/v1/audit/verification", [A, F, F, F, F, F, F, OK, F], lacking(AD, Scope::Admin)),
    // Challenges: anyone reads the public ones; hub managers alone see drafts and manage them.
    row("GET", "/api/v1/challenges", [OK; 9], any_token(HM)),
    row("POST", "/api/v1/challenges", [A, F, F, F, F, CREATED, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/challenges/{id}", [N, N, N, N, N, OK, N, N, OK], any_token(HM)),
    // A draft exists only for the hub and its administration's officers: 404 to anyone else.
    row("PATCH", "/api/v1/challenges/{id}", [A, N, N, N, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/open", [A, N, N, N, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    // Only its sponsor's officers propose a draft (tests/tests/hub/sponsorship.rs); a hub manager never.
    row("POST", "/api/v1/challenges/{id}/propose", [A, N, N, N, N, F, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/return", [A, N, N, N, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/challenges/{id}/follow", [A, N, N, N, N, OK, N, N, F], lacking(HM, Scope::ProposalsRead)),
    row("POST", "/api/v1/challenges/{id}/close", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/archive", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/challenges/{id}/auto-assign", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("GET", "/api/v1/challenges/{id}/ranking", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    row("GET", "/api/v1/challenges/{id}/portfolio", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    // Proposals of Aurora Labs. Evaluators see the proposals assigned to them (conflict confirmed);
    // catalogue editors the accepted and promoted ones; admins none.
    row("GET", "/api/v1/proposals", [A, OK, OK, OK, OK, OK, OK, OK, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals", [A, CREATED, CREATED, F, F, F, F, F, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/proposals/{id}", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // A proposal under revision, once assigned to the evaluator.
    row("PATCH", "/api/v1/proposals/{id}", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    // Similarity: the catalogue services like a proposal for its readers; other proposals like it for hub managers.
    row("GET", "/api/v1/proposals/{id}/similar-services", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("GET", "/api/v1/proposals/{id}/similar-proposals", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsRead)),
    // Opinions: hub managers and the challenge's administrations read them (the team that reads the proposal
    // is refused, whoever does not see it is told nothing); only their officers give one.
    row("GET", "/api/v1/proposals/{id}/opinions", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsRead)),
    row("PUT", "/api/v1/proposals/{id}/opinions/{organization_id}", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    row("GET", "/api/v1/proposals/{id}/history", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("GET", "/api/v1/proposals/{id}/versions/{version}", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // A draft: no evaluator can be assigned to it yet.
    row("POST", "/api/v1/proposals/{id}/submit", [A, OK, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/withdraw", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/resubmit", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    // Submitted again after a revision, its earlier evaluator still assigned.
    row("POST", "/api/v1/proposals/{id}/screen", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/request-revision", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/decide", [A, F, N, F, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    // The notice of the grounds is between the hub and the team: to anyone else it does not exist.
    row("GET", "/api/v1/proposals/{id}/notice", [A, OK, N, N, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals/{id}/notice", [A, F, N, N, N, CREATED, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    // Redress: the team asks; a hub manager other than the one who decided handles it.
    row("GET", "/api/v1/proposals/{id}/redress", [A, OK, N, N, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals/{id}/redress", [A, CREATED, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/redress/handle", [A, F, N, N, N, OK, N, N, F], lacking(HM, Scope::ProposalsWrite)),
    row("POST", "/api/v1/proposals/{id}/notice/observations", [A, OK, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    // The response to the reviews: the team, and those who read the version's reviews (the evaluator once
    // theirs is in, the hub managers); only the team answers.
    // Annexes: whoever reads the proposal reads its submitted version's; its team alone changes the working
    // copy (a hub manager reads it, changes nothing). Only evaluators have a bundle.
    row("GET", "/api/v1/proposals/{id}/annexes", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals/{id}/annexes", [A, CREATED, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("PUT", "/api/v1/proposals/{id}/annexes/{rule}/{filename}", [A, CREATED, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/annexes/{id}", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("GET", "/api/v1/annexes/{id}/content", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("DELETE", "/api/v1/annexes/{id}", [A, DONE, N, N, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/me/assigned-annexes", [A, F, F, OK, OK, F, F, F, F], lacking(EA, Scope::ProposalsRead)),
    // Webhooks: an organisation's owner (Aurora's, Nuvola's) manages its own endpoints, an admin every one; the list
    // is the caller's own (empty for the others). The staff are no organisation's owner; an admin registers only
    // for the hub (`scope: hub`).
    row("GET", "/api/v1/webhooks", [A, OK, OK, OK, OK, OK, OK, OK, OK], lacking(PO, Scope::Webhooks)),
    row("POST", "/api/v1/webhooks", [A, CREATED, CREATED, F, F, F, F, F, F], lacking(PO, Scope::Webhooks)),
    row("GET", "/api/v1/webhooks/{id}", [A, OK, N, N, N, N, N, OK, F], lacking(PO, Scope::Webhooks)),
    row("PATCH", "/api/v1/webhooks/{id}", [A, OK, N, N, N, N, N, OK, F], lacking(PO, Scope::Webhooks)),
    row("DELETE", "/api/v1/webhooks/{id}", [A, DONE, N, N, N, N, N, DONE, F], lacking(PO, Scope::Webhooks)),
    row("POST", "/api/v1/webhooks/{id}/rotate-secret", [A, OK, N, N, N, N, N, OK, F], lacking(PO, Scope::Webhooks)),
    row("POST", "/api/v1/webhooks/{id}/ping", [A, QUEUED, N, N, N, N, N, QUEUED, F], lacking(PO, Scope::Webhooks)),
    row("GET", "/api/v1/webhooks/{id}/deliveries", [A, OK, N, N, N, N, N, OK, F], lacking(PO, Scope::Webhooks)),
    row("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", [A, QUEUED, N, N, N, N, N, QUEUED, F], lacking(PO, Scope::Webhooks)),
    row("GET", "/api/v1/proposals/{id}/response", [A, OK, N, OK, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    row("POST", "/api/v1/proposals/{id}/response", [A, OK, N, F, N, F, N, N, F], lacking(PO, Scope::ProposalsWrite)),
    // The feedback is the team's and the hub's: to anyone else it does not exist.
    row("GET", "/api/v1/proposals/{id}/feedback", [A, OK, N, N, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // So is the evaluation summary (access to the records).
    row("GET", "/api/v1/proposals/{id}/evaluation-summary", [A, OK, N, N, N, OK, N, N, F], lacking(PO, Scope::ProposalsRead)),
    // Role-gated operations: 403 for every other role, whatever the proposal.
    row("POST", "/api/v1/proposals/{id}/promote", [A, F, F, F, F, F, CREATED, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("GET", "/api/v1/proposals/{id}/assignments", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsRead)),
    row("POST", "/api/v1/proposals/{id}/assignments", [A, F, F, F, F, CREATED, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    row("DELETE", "/api/v1/proposals/{id}/assignments/{assignment_id}", [A, F, F, F, F, DONE, F, F, F], lacking(HM, Scope::ProposalsWrite)),
    // Blind rules: the hub and the evaluators who submitted read the reviews; to the team (before and
    // after the decision they read the feedback instead) and to anyone else they do not exist.
    row("GET", "/api/v1/proposals/{id}/reviews", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    // Consensus (a fresh proposal per cell, its evaluator's review submitted): the panel and the hub read it;
    // hub managers designate; the rapporteur (the evaluator here) drafts; another panel member (the evaluator,
    // the manager drafting) takes a position; the rapporteur or a manager finalises.
    row("GET", "/api/v1/proposals/{id}/consensus", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    row("PUT", "/api/v1/proposals/{id}/consensus/rapporteur", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ReviewsWrite)),
    row("PUT", "/api/v1/proposals/{id}/consensus", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("PUT", "/api/v1/proposals/{id}/consensus/position", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/proposals/{id}/consensus/finalise", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    // Reviews: the evaluator's; hub managers read every one and write none.
    row("GET", "/api/v1/reviews", [A, F, F, OK, OK, F, F, F, F], lacking(EA, Scope::ReviewsRead)),
    row("GET", "/api/v1/reviews/{id}", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    row("PUT", "/api/v1/reviews/{id}", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    // Review quality: the evaluator reads the ratings of their review unsigned, hub managers rate it; the
    // records are the managers'.
    row("GET", "/api/v1/reviews/{id}/ratings", [A, N, N, OK, N, OK, N, N, F], lacking(EA, Scope::ReviewsRead)),
    row("PUT", "/api/v1/reviews/{id}/rating", [A, N, N, F, N, CREATED, N, N, F], lacking(HM, Scope::ReviewsWrite)),
    row("GET", "/api/v1/evaluators/{id}/quality", [A, F, F, F, F, OK, F, F, F], lacking(HM, Scope::ProposalsRead)),
    row("POST", "/api/v1/reviews/{id}/confirm-no-conflict", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/reviews/{id}/decline", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    row("POST", "/api/v1/reviews/{id}/submit", [A, N, N, OK, N, F, N, N, F], lacking(EA, Scope::ReviewsWrite)),
    // The catalogue: anyone reads the public part; the draft read here was promoted from Aurora Labs'
    // proposal, so its proposers see it too.
    row("GET", "/api/v1/catalogue/services", [OK; 9], any_token(CE)),
    row("POST", "/api/v1/catalogue/services", [A, F, F, F, F, F, CREATED, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("GET", "/api/v1/catalogue/services/{slug}", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    row("GET", "/api/v1/catalogue/services/{slug}/history", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    row("GET", "/api/v1/catalogue/services/{slug}/publiccode.yml", [N, OK, N, N, N, N, OK, N, OK], any_token(CE)),
    // Adoption: the sponsor's officer adopts Aurora Labs' published service, unlisted: its community (Aurora
    // Labs) and the hub name it, nobody else. None of these callers is an officer, who alone declares.
    row("GET", "/api/v1/catalogue/services/{slug}/adoptions", [OK; 9], any_token(CE)),
    row("GET", "/api/v1/catalogue/services/{slug}/adoptions/{organization_id}", [N, OK, N, N, N, OK, OK, OK, OK], any_token(CE)),
    row("PUT", "/api/v1/catalogue/services/{slug}/adoptions/{organization_id}", [A, F, F, F, F, F, F, F, F], any_token(PO)),
    // The provider writes to its community; no one else here belongs to it.
    row("POST", "/api/v1/catalogue/services/{slug}/messages", [A, QUEUED, F, F, F, F, F, F, F], lacking(PO, Scope::ProposalsWrite)),
    row("GET", "/api/v1/organizations/{id}/adoptions", [A, OK, N, N, N, OK, N, OK, N], lacking(AD, Scope::Admin)),
    row("PATCH", "/api/v1/catalogue/services/{slug}", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/publish", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/deprecate", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    row("POST", "/api/v1/catalogue/services/{slug}/retire", [A, F, F, F, F, F, OK, F, F], lacking(CE, Scope::CatalogueWrite)),
    // Personal data, last: erasing ends each persona.
    row("GET", "/api/v1/me/export", [A, OK, OK, OK, OK, OK, OK, OK, F], any_token(PO)),
    // A new password (the same one here) keeps the caller's session and revokes every personal access
    // token: erasing with the revoked token is then unauthenticated.
    row("POST", "/api/v1/me/password", [A, DONE, DONE, DONE, DONE, DONE, DONE, DONE, F], any_token(PO)),
    row("DELETE", "/api/v1/me", [A, DONE, DONE, DONE, DONE, DONE, DONE, LAST_ADMIN, A], any_token(PO)),
];
