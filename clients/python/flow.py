"""The Innovation Hub's funnel, end to end, with the client generated from openapi.yaml.

A proposer drafts and submits a proposal to the open call; a hub manager screens it and assigns
evaluators; each evaluator confirms having no conflict of interest, scores and submits; the manager
accepts it; the team reads the feedback; a catalogue editor promotes it into a draft service,
completes it and publishes it. Every step is printed; any unexpected answer ends the run with a
non-zero status.

Usage: python3 flow.py --url http://127.0.0.1:8080 --demo-output hub-demo.log
(with the generated package `hub_client` on PYTHONPATH: see README.md and ./run).
The accounts and their password are read from what `hub demo` printed; nothing about them is assumed
but their roles. Start a scoring script from here: the evaluator's part is `evaluate()`.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub_client import AuthenticatedClient, Client
from hub_client.api.auth import log_in
from hub_client.api.catalogue import edit_service, promote_proposal, publish_service, read_service
from hub_client.api.challenges import read_challenge
from hub_client.api.evaluation import (
    assign_evaluator,
    confirm_no_conflict,
    decide_proposal,
    list_reviews,
    read_feedback,
    save_review,
    submit_review,
)
from hub_client.api.me import read_account
from hub_client.api.proposals import create_proposal, read_proposal, screen_proposal, submit_proposal
from hub_client.errors import UnexpectedStatus
from hub_client.models import (
    AssignmentRequest,
    ContactDto,
    Decision,
    DecisionRequest,
    LoginRequest,
    NewProposalRequest,
    NewProposalRequestSelfAssessmentType0,
    ReviewRequest,
    ReviewRequestComments,
    ReviewRequestRecommendationType1,
    ReviewRequestScores,
    ScreenProposalBody,
    ServiceRequest,
    ServiceRequestDevelopmentStatusType1,
    ServiceRequestServiceModelType1,
)
from hub_client.types import Response

CHALLENGE = "open-call"  # the permanent open call: always accepts proposals


# --- plumbing ---------------------------------------------------------------------------------------


class FlowError(Exception):
    """An answer the flow did not expect."""


def step(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.2f}s] {message}", flush=True)


def expect(response: Response[Any], status: int, what: str) -> Any:
    """The parsed body of `response` if its status is `status`; otherwise the run fails, showing the
    problem+json the hub answered (its `code` is stable: match on it, not on the text)."""
    if response.status_code != status:
        body = response.content.decode("utf-8", "replace")
        raise FlowError(f"{what}: expected {status}, got {int(response.status_code)}: {body}")
    return response.parsed


def check(condition: bool, what: str) -> None:
    if not condition:
        raise FlowError(what)


@dataclass
class Account:
    email: str
    roles: list[str]
    organization: str


def demo_accounts(demo_output: str) -> tuple[str, list[Account]]:
    """The password and the accounts `hub demo` printed:
    Demo accounts (password for all: PASSWORD):
      EMAIL   ROLE[,ROLE]   ORGANISATION NAME"""
    header = re.search(r"^Demo accounts \(password for all: (.+)\):$", demo_output, re.MULTILINE)
    if header is None:
        raise FlowError("no 'Demo accounts' list in the demo output")
    accounts = []
    for line in demo_output[header.end() :].splitlines()[1:]:
        if not line.startswith("  "):
            break
        email, roles, organization = line.split(maxsplit=2)
        accounts.append(Account(email, roles.split(","), organization.strip()))
    return header.group(1), accounts


def with_role(accounts: list[Account], role: str) -> list[Account]:
    found = [a for a in accounts if role in a.roles]
    check(bool(found), f"no demo account with the role {role}")
    return found


def sign_in(url: str, account: Account, password: str) -> AuthenticatedClient:
    """A client that sends the account's access token (15 minutes: enough for this run; a long script
    would use a personal access token from create_token instead)."""
    # The document states `security: [{}]` on anonymous operations, which openapi-python-client 0.29
    # reads as "needs authentication" and types every function with AuthenticatedClient. A plain
    # Client works at run time: it sends no Authorization header, which is what logging in needs.
    anonymous = Client(base_url=url, raise_on_unexpected_status=True)
    tokens = expect(
        log_in.sync_detailed(client=anonymous, body=LoginRequest(email=account.email, password=password)),  # type: ignore[arg-type]
        200,
        f"log in as {account.email}",
    )
    return AuthenticatedClient(base_url=url, token=tokens.access_token, raise_on_unexpected_status=True)


# --- the funnel -------------------------------------------------------------------------------------


def draft_and_submit(proposer: AuthenticatedClient) -> str:
    """The proposer drafts a proposal (every field submission needs) and submits it. The idempotency
    key makes the creation safe to retry after a network error."""
    pillars = {
        "security_sovereignty": "Dati cifrati e ospitati nel PSN, chiavi gestite dall'ente.",
        "growth_development": "Riduce i tempi di risposta degli sportelli comunali.",
        "talent_skills": "Formazione del personale comunale inclusa nel progetto.",
        "effectiveness_sustainability": "Costi di esercizio condivisi tra i comuni aderenti.",
    }
    body = NewProposalRequest(
        challenge_id=CHALLENGE,
        title="Sportello digitale per i piccoli comuni",
        summary="Uno sportello digitale condiviso per i comuni sotto i 5.000 abitanti.",
        description="# Problema\nI piccoli comuni non hanno personale per i servizi online.\n",
        trl=6,
        tags=["cloud"],
        self_assessment=NewProposalRequestSelfAssessmentType0.from_dict(pillars),
    )
    draft = expect(
        create_proposal.sync_detailed(client=proposer, body=body, idempotency_key=str(uuid.uuid4())),
        201,
        "create the draft",
    )
    step(f"proposer drafted proposal {draft.id} ({draft.state})")
    # body=None sends a JSON null (no note). Left out, the generated code would serialise its UNSET
    # default and fail: a bug of openapi-python-client 0.29 with an optional `oneOf: [X, null]` body.
    submitted = expect(submit_proposal.sync_detailed(draft.id, client=proposer, body=None), 200, "submit")
    check(submitted.state == "submitted", f"submitted proposal is {submitted.state}")
    step(f"proposer submitted it: {submitted.state}, version {submitted.version}")
    return draft.id


def screen_and_assign(manager: AuthenticatedClient, proposal_id: str, evaluator_ids: list[str]) -> None:
    screened = expect(
        screen_proposal.sync_detailed(proposal_id, client=manager, body=ScreenProposalBody(eligible=True)),
        200,
        "screen",
    )
    check(screened.state == "under_review", f"screened proposal is {screened.state}")
    step(f"manager screened it eligible: {screened.state}")
    due = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(days=14)
    for evaluator_id in evaluator_ids:
        review = expect(
            assign_evaluator.sync_detailed(
                proposal_id, client=manager, body=AssignmentRequest(evaluator_id=evaluator_id, due_at=due)
            ),
            201,
            "assign an evaluator",
        )
        step(f"manager assigned evaluator {evaluator_id}: review {review.id} ({review.state})")


def evaluate(evaluator: AuthenticatedClient, proposal_id: str, scores: dict[str, float]) -> None:
    """What an evaluator's scoring script does: find the assignment in the review queue, confirm no
    conflict of interest (only then may the proposal be read), save the scores and submit."""
    queue = expect(list_reviews.sync_detailed(client=evaluator), 200, "read the review queue")
    mine = [r for r in queue.items if r.proposal_id == proposal_id]
    check(len(mine) == 1, f"expected one assignment for {proposal_id} in the queue, found {len(mine)}")
    review_id = mine[0].id
    expect(confirm_no_conflict.sync_detailed(review_id, client=evaluator), 200, "confirm no conflict")
    proposal = expect(read_proposal.sync_detailed(proposal_id, client=evaluator), 200, "read the proposal")
    draft = ReviewRequest(
        scores=ReviewRequestScores.from_dict(scores),
        comments=ReviewRequestComments.from_dict({pillar: "Solido e ben argomentato." for pillar in scores}),
        overall_comment=f"«{proposal.title}»: proposta matura, consigliata.",
        recommendation=ReviewRequestRecommendationType1.ACCEPT,
    )
    expect(save_review.sync_detailed(review_id, client=evaluator, body=draft), 200, "save the review")
    submitted = expect(submit_review.sync_detailed(review_id, client=evaluator), 200, "submit the review")
    check(submitted.state == "submitted", f"submitted review is {submitted.state}")
    step(f"evaluator confirmed no conflict, scored {scores} and submitted review {review_id}")


def decide(manager: AuthenticatedClient, proposal_id: str, rationale: str) -> None:
    body = DecisionRequest(decision=Decision.ACCEPT, rationale=rationale)
    decided = expect(decide_proposal.sync_detailed(proposal_id, client=manager, body=body), 200, "decide")
    check(decided.state == "accepted", f"decided proposal is {decided.state}")
    step(f"manager accepted it: {decided.state}")


def read_the_feedback(proposer: AuthenticatedClient, proposal_id: str, reviews: int, rationale: str) -> None:
    feedback = expect(read_feedback.sync_detailed(proposal_id, client=proposer), 200, "read the feedback")
    check(feedback.decision == "accept", f"feedback says {feedback.decision}")
    check(feedback.rationale == rationale, "the feedback carries the decision's rationale")
    check(len(feedback.reviews) == reviews, f"{len(feedback.reviews)} reviews in the feedback, {reviews} submitted")
    names = sorted(r.evaluator for r in feedback.reviews)
    step(f"team read the feedback: {feedback.decision}, reviews by {names} (anonymised)")


def promote_and_publish(editor: AuthenticatedClient, anonymous: Client, proposal_id: str) -> str:
    draft = expect(promote_proposal.sync_detailed(proposal_id, client=editor), 201, "promote")
    step(f"catalogue editor promoted it into draft service {draft.slug} ({draft.state})")
    # Edits need the ETag last read (If-Match): 428 without it, 412 when someone changed it since.
    etag = read_service.sync_detailed(draft.slug, client=editor).headers["etag"]
    completion = ServiceRequest(
        service_model=ServiceRequestServiceModelType1.SAAS,
        license_="EUPL-1.2",
        repository_url="https://code.example/aurora/sportello-digitale",
        version="1.0.0",
        # publiccode.yml 0.7's releaseDate: the day this version was released (required to publish).
        release_date=datetime.date(2026, 11, 30),
        contacts=[ContactDto(name="Francesca Moretti", email="proposer@aurora-labs.example")],
        platforms=["web"],
        development_status=ServiceRequestDevelopmentStatusType1.STABLE,
        features_it=["Prenotazione degli appuntamenti", "Pagamenti pagoPA", "Accesso con SPID e CIE"],
        tags=["cloud", "appointment-scheduling"],
        long_description_it=(
            "Sportello digitale condiviso per i piccoli comuni: prenotazioni, pratiche e pagamenti in un "
            "unico punto, ospitato nel Polo Strategico Nazionale e gestito insieme dai comuni aderenti."
        ),
    )
    edited = expect(
        edit_service.sync_detailed(draft.slug, client=editor, body=completion, if_match=etag), 200, "complete"
    )
    step(f"catalogue editor completed it ({edited.state})")
    published = expect(publish_service.sync_detailed(draft.slug, client=editor), 200, "publish")
    check(published.state == "published", f"published service is {published.state}")
    # Anyone reads a published service: no token.
    public = expect(read_service.sync_detailed(draft.slug, client=anonymous), 200, "read it anonymously")  # type: ignore[arg-type]
    check(public.state == "published", f"the public sees {public.state}")
    step(f"catalogue editor published it; the public reads {public.slug}: {public.state}")
    return draft.slug


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the hub's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--demo-output", required=True, type=Path, help="what `hub demo` printed")
    args = parser.parse_args()
    url = args.url.rstrip("/")

    password, accounts = demo_accounts(args.demo_output.read_text())
    proposer_account = with_role(accounts, "proposer")[0]
    step(f"{len(accounts)} demo accounts; proposer {proposer_account.email} of {proposer_account.organization}")
    proposer = sign_in(url, proposer_account, password)
    manager = sign_in(url, with_role(accounts, "hub_manager")[0], password)
    editor = sign_in(url, with_role(accounts, "catalogue_editor")[0], password)
    anonymous = Client(base_url=url, raise_on_unexpected_status=True)

    challenge = expect(read_challenge.sync_detailed(CHALLENGE, client=manager), 200, "read the challenge")
    needed = challenge.evaluation.min_reviews
    # Evaluators of another organisation than the proposer's: no conflict of interest.
    candidates = [a for a in with_role(accounts, "evaluator") if a.organization != proposer_account.organization]
    check(len(candidates) >= needed, f"{CHALLENGE} needs {needed} reviews, {len(candidates)} evaluators can give one")
    evaluators = [sign_in(url, a, password) for a in candidates[:needed]]
    evaluator_ids = [expect(read_account.sync_detailed(client=e), 200, "read my account").id for e in evaluators]
    step(f"{CHALLENGE} needs {needed} reviews: {', '.join(a.email for a in candidates[:needed])}")

    proposal_id = draft_and_submit(proposer)
    screen_and_assign(manager, proposal_id, evaluator_ids)
    for i, evaluator in enumerate(evaluators):
        bump = (0.0, 0.5, -0.5)[i % 3]  # evaluators differ a little; every pillar stays above threshold
        scores = {
            "security_sovereignty": 4.0 + bump,
            "growth_development": 3.5 + bump,
            "talent_skills": 3.5 + bump,
            "effectiveness_sustainability": 4.0 + bump,
        }
        evaluate(evaluator, proposal_id, scores)
    rationale = "Accolta: tutti i pilastri sopra soglia."
    decide(manager, proposal_id, rationale)
    read_the_feedback(proposer, proposal_id, needed, rationale)
    slug = promote_and_publish(editor, anonymous, proposal_id)
    step(f"done: proposal {proposal_id} accepted, service {slug} published")
    return 0


STARTED = time.monotonic()

if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FlowError, UnexpectedStatus) as error:
        step(f"FAILED: {error}")
        sys.exit(1)
