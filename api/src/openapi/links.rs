//! Links between operations, which let a client (or a stateful fuzzer) follow create → read → act.

/// Links between operations: (from, status, name, to, parameters of `to` as runtime expressions).
type LinkRow = (&'static str, &'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const PROPOSAL_ID: &[(&str, &str)] = &[("path.id", "$response.body#/id")];
const SAME_PROPOSAL: &[(&str, &str)] = &[("path.id", "$request.path.id")];
const SERVICE_SLUG: &[(&str, &str)] = &[("path.slug", "$response.body#/slug")];
const CHALLENGE_ID: &[(&str, &str)] = &[("path.id", "$response.body#/id")];

pub(super) const LINKS: &[LinkRow] = &[
    ("POST /api/v1/proposals", "201", "read", "GET /api/v1/proposals/{id}", PROPOSAL_ID),
    (
        "POST /api/v1/proposals",
        "201",
        "edit",
        "PATCH /api/v1/proposals/{id}",
        &[("path.id", "$response.body#/id"), ("header.If-Match", "$response.header.ETag")],
    ),
    ("POST /api/v1/proposals", "201", "submit", "POST /api/v1/proposals/{id}/submit", PROPOSAL_ID),
    ("POST /api/v1/proposals", "201", "withdraw", "POST /api/v1/proposals/{id}/withdraw", PROPOSAL_ID),
    ("POST /api/v1/proposals", "201", "history", "GET /api/v1/proposals/{id}/history", PROPOSAL_ID),
    ("POST /api/v1/proposals/{id}/submit", "200", "screen", "POST /api/v1/proposals/{id}/screen", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/submit", "200", "read", "GET /api/v1/proposals/{id}", SAME_PROPOSAL),
    (
        "POST /api/v1/proposals/{id}/screen",
        "200",
        "request_revision",
        "POST /api/v1/proposals/{id}/request-revision",
        SAME_PROPOSAL,
    ),
    ("POST /api/v1/proposals/{id}/screen", "200", "assign", "POST /api/v1/proposals/{id}/assignments", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/screen", "200", "decide", "POST /api/v1/proposals/{id}/decide", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/screen", "200", "opinions", "GET /api/v1/proposals/{id}/opinions", SAME_PROPOSAL),
    (
        "PUT /api/v1/proposals/{id}/opinions/{organization_id}",
        "201",
        "opinions",
        "GET /api/v1/proposals/{id}/opinions",
        SAME_PROPOSAL,
    ),
    (
        "POST /api/v1/proposals/{id}/request-revision",
        "200",
        "resubmit",
        "POST /api/v1/proposals/{id}/resubmit",
        SAME_PROPOSAL,
    ),
    ("POST /api/v1/proposals/{id}/decide", "200", "promote", "POST /api/v1/proposals/{id}/promote", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/decide", "200", "feedback", "GET /api/v1/proposals/{id}/feedback", SAME_PROPOSAL),
    ("POST /api/v1/proposals/{id}/promote", "201", "read", "GET /api/v1/catalogue/services/{slug}", SERVICE_SLUG),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "read",
        "GET /api/v1/reviews/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "confirm",
        "POST /api/v1/reviews/{id}/confirm-no-conflict",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "save",
        "PUT /api/v1/reviews/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "submit",
        "POST /api/v1/reviews/{id}/submit",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/proposals/{id}/assignments",
        "201",
        "decline",
        "POST /api/v1/reviews/{id}/decline",
        &[("path.id", "$response.body#/id")],
    ),
    ("POST /api/v1/challenges", "201", "read", "GET /api/v1/challenges/{id}", CHALLENGE_ID),
    (
        "POST /api/v1/challenges",
        "201",
        "edit",
        "PATCH /api/v1/challenges/{id}",
        &[("path.id", "$response.body#/id"), ("header.If-Match", "$response.header.ETag")],
    ),
    ("POST /api/v1/challenges", "201", "open", "POST /api/v1/challenges/{id}/open", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "propose", "POST /api/v1/challenges/{id}/propose", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "follow", "GET /api/v1/challenges/{id}/follow", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "close", "POST /api/v1/challenges/{id}/close", CHALLENGE_ID),
    ("POST /api/v1/challenges", "201", "ranking", "GET /api/v1/challenges/{id}/ranking", CHALLENGE_ID),
    ("POST /api/v1/catalogue/services", "201", "read", "GET /api/v1/catalogue/services/{slug}", SERVICE_SLUG),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "edit",
        "PATCH /api/v1/catalogue/services/{slug}",
        &[("path.slug", "$response.body#/slug"), ("header.If-Match", "$response.header.ETag")],
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "publish",
        "POST /api/v1/catalogue/services/{slug}/publish",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "history",
        "GET /api/v1/catalogue/services/{slug}/history",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/catalogue/services",
        "201",
        "publiccode",
        "GET /api/v1/catalogue/services/{slug}/publiccode.yml",
        SERVICE_SLUG,
    ),
    (
        "POST /api/v1/organizations",
        "201",
        "read",
        "GET /api/v1/organizations/{id}",
        &[("path.id", "$response.body#/id")],
    ),
    (
        "POST /api/v1/organizations",
        "201",
        "invite",
        "POST /api/v1/organizations/{id}/invitations",
        &[("path.id", "$response.body#/id")],
    ),
    ("POST /api/v1/me/tokens", "201", "revoke", "DELETE /api/v1/me/tokens/{id}", &[("path.id", "$response.body#/id")]),
];
