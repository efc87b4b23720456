"""Schemathesis hooks for the Innovation Hub: every operation is called as the demo account whose
role performs it (a proposer drafts, a hub manager screens and decides, an evaluator reviews, the
catalogue team publishes, an admin administers), so that the fuzzer reaches the code behind the
authorisation checks. Tokens are fetched by logging in and fetched again on a 401 (a role change
revokes access tokens at once)."""

import json
import os
import urllib.request

import schemathesis

BASE = os.environ["HUB_URL"]
PASSWORD = os.environ["HUB_DEMO_PASSWORD"]
ACCOUNTS = {
    "admin": "admin@hub.example",
    "manager": "manager@hub.example",
    "catalogue": "catalogue@hub.example",
    "evaluator": "evaluator@hub.example",
    "proposer": "proposer@aurora-labs.example",
}
MANAGER_MOVES = ("/screen", "/request-revision", "/decide", "/assignments", "/assignments/{assignment_id}", "/reviews")
PROPOSER_MOVES = ("/submit", "/withdraw", "/resubmit", "/feedback")


def role_for(method: str, path: str) -> str:
    """The demo role that may perform `method path`."""
    if path.startswith(("/api/v1/admin", "/api/v1/audit", "/api/v1/users", "/api/v1/organizations")):
        return "admin"
    if path.startswith("/api/v1/reviews") or path == "/api/v1/me/assigned-annexes":
        return "evaluator"
    if path.startswith("/api/v1/catalogue") or path.endswith("/promote"):
        return "catalogue"
    if path.startswith("/api/v1/challenges"):
        return "manager"
    if path.startswith("/api/v1/proposals"):
        if path.endswith(MANAGER_MOVES):
            return "manager"
        if path.endswith(PROPOSER_MOVES) or method in ("POST", "PATCH", "PUT"):
            return "proposer"
        return "manager"
    return "proposer"


def role_of_case(case, _ctx) -> str:
    return role_for(case.method.upper(), case.operation.path)


def login(role: str) -> str:
    body = json.dumps({"email": ACCOUNTS[role], "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{BASE}/api/v1/auth/login", data=body, headers={"content-type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access_token"]


def demo_user_ids() -> set[str]:
    """The ids of the demo accounts the run signs in as."""
    ids = set()
    for role in ACCOUNTS:
        request = urllib.request.Request(f"{BASE}/api/v1/me", headers={"authorization": f"Bearer {login(role)}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            ids.add(json.load(response)["id"])
    return ids


DEMO_USERS = demo_user_ids()


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    """The fuzzer may change any user's roles but those of the accounts it signs in as (a proposer
    turned catalogue editor would answer 403 to every proposal operation for the rest of the run):
    such a request goes to an id that names no one instead, and is answered 404."""
    parameters = case.path_parameters or {}
    if case.operation.path == "/api/v1/users/{id}/roles" and parameters.get("id") in DEMO_USERS:
        parameters["id"] = "00000000-0000-7000-8000-000000000000"


@schemathesis.auth(refresh_interval=600, cache_by_key=role_of_case)
class DemoRoles:
    def get(self, case, ctx):
        return login(role_of_case(case, ctx))

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
