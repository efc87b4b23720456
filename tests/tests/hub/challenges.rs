//! Challenges end to end: the permanent open call, the draft → open → closed → archived life of a
//! challenge and who sees it, sponsors and slugs, validation with field paths, `If-Match` edits,
//! roles, and the list's filters and cursor pagination.

use chrono::{Duration, Utc};
use domain::Role;
use hub_tests::funnel::manager;
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod edits_roles_and_lists;

const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];

/// Registers a public administration (as an admin); returns its id.
async fn administration(app: &TestApp) -> String {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let org = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"name": "Comune di Prova", "kind": "public_administration", "tax_code": "80004739258", "ipa_code": "c_prova"}),
        )
        .await;
    assert_eq!(org.status, 201, "{}", org.text);
    assert_eq!(org.body["kind"], "public_administration");
    org.body["id"].as_str().expect("org id").to_owned()
}

/// A valid creation body: open since yesterday, closing in 30 days.
fn body(slug: &str, sponsor: &str) -> Value {
    json!({
        "slug": slug,
        "title_it": format!("Sfida {slug}"),
        "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor,
        "opens_at": (Utc::now() - Duration::days(1)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::days(30)).to_rfc3339(),
    })
}

/// `body` with extra fields merged in.
fn with(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().expect("object") {
        base[k] = v.clone();
    }
    base
}

/// POST /challenges.
async fn create(app: &TestApp, token: &str, body: Value) -> Answer {
    app.post("/api/v1/challenges", Some(token), body).await
}

/// Creates a draft; asserts 201; returns the challenge.
async fn create_ok(app: &TestApp, token: &str, body: Value) -> Value {
    let answer = create(app, token, body).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body
}

/// Creates and opens a challenge; returns it (open).
async fn create_open(app: &TestApp, token: &str, body: Value) -> Value {
    let id = create_ok(app, token, body).await["id"].as_str().expect("id").to_owned();
    act(app, token, &id, "open").await
}

/// POST /challenges/{id}/{action}; asserts 200; returns the challenge.
async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> Value {
    let answer = app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(token), Value::Null).await;
    assert_eq!(answer.status, 200, "{action} {id}: {}", answer.text);
    answer.body
}

/// PATCH /challenges/{id} with an optional `If-Match`.
async fn patch(app: &TestApp, id: &str, token: Option<&str>, if_match: Option<&str>, body: Value) -> Answer {
    let mut request = app.client.request(Method::PATCH, format!("{}/api/v1/challenges/{id}", app.base)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(if_match) = if_match {
        request = request.header("If-Match", if_match);
    }
    TestApp::answer(request.send().await.expect("the hub answers")).await
}

/// The field paths of a 422 `validation_failed` answer.
#[track_caller]
fn fields(answer: &Answer) -> Vec<String> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field").to_owned()).collect()
}

/// Every item of a list, following `next_cursor`; asserts no page repeats an item.
async fn list_all(app: &TestApp, token: Option<&str>, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut path = format!("/api/v1/challenges?limit=1{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&path, token).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        let page_items = page.body["items"].as_array().expect("items");
        assert!(page_items.len() <= 1, "limit=1 gave {}", page.text);
        items.extend(page_items.iter().cloned());
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
    panic!("pagination did not end");
}

/// The slugs of a list answer's first page.
async fn slugs(app: &TestApp, token: Option<&str>, query: &str) -> Vec<String> {
    let answer = app.get(&format!("/api/v1/challenges{query}"), token).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.text);
    answer.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["slug"].as_str().expect("slug").to_owned())
        .collect()
}

#[track_caller]
fn assert_default_evaluation(challenge: &Value) {
    let evaluation = &challenge["evaluation"];
    for pillar in PILLARS {
        assert_eq!(evaluation["weights"][pillar], json!(25), "weight of {pillar} in {challenge}");
        assert_eq!(evaluation["thresholds"][pillar].as_f64(), Some(3.0), "threshold of {pillar} in {challenge}");
    }
    assert_eq!(evaluation["weights"].as_object().map(|o| o.len()), Some(4), "{challenge}");
    assert_eq!(evaluation["thresholds"].as_object().map(|o| o.len()), Some(4), "{challenge}");
    assert_eq!(evaluation["overall_threshold"].as_f64(), Some(3.0), "{challenge}");
    assert_eq!(evaluation["min_reviews"], json!(3), "{challenge}");
}

hub_test!(the_open_call_exists_from_the_first_migration, |app| {
    let listed = app.get("/api/v1/challenges", None).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let items = listed.body["items"].as_array().expect("items");
    let open_call = items.iter().find(|c| c["slug"] == "open-call").expect("the open call is listed");
    assert_eq!(open_call["state"], "open");
    assert_eq!(open_call["accepting_submissions"], true);
    assert_eq!(open_call["closes_at"], Value::Null);
    assert_eq!(open_call["sponsor_id"], api::cli::OPERATOR_ORGANIZATION);
    assert_default_evaluation(open_call);

    // Readable anonymously by slug and by id, with an ETag.
    let by_slug = app.get("/api/v1/challenges/open-call", None).await;
    assert_eq!(by_slug.status, 200, "{}", by_slug.text);
    assert_eq!(by_slug.header("etag"), Some("\"r1\""));
    assert_eq!(by_slug.body["accepting_submissions"], true);
    assert_eq!(by_slug.body["closes_at"], Value::Null);
    assert_default_evaluation(&by_slug.body);
    let id = open_call["id"].as_str().expect("id");
    let by_id = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.body["slug"], "open-call");

    // It never closes: a year later it still accepts submissions.
    app.clock.advance(Duration::days(365));
    assert_eq!(app.get("/api/v1/challenges/open-call", None).await.body["accepting_submissions"], true);
});

hub_test!(a_challenge_goes_from_draft_to_open_to_closed_to_archived, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    let created = create(&app, &hm, with(body("telemedicina", &sponsor), json!({"tags": ["Salute", "cloud"]}))).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.header("etag"), Some("\"r1\""));
    let draft = created.body.clone();
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["slug"], "telemedicina");
    assert_eq!(draft["sponsor_id"], json!(sponsor));
    assert_eq!(draft["tags"], json!(["cloud", "salute"]));
    assert_eq!(draft["accepting_submissions"], false, "a draft accepts nothing");
    assert_eq!(draft["title_en"], Value::Null);
    assert_default_evaluation(&draft);
    let id = draft["id"].as_str().expect("id").to_owned();

    // A draft is invisible to anonymous callers and to non-managers, listed for the hub manager.
    app.get(&format!("/api/v1/challenges/{id}"), None).await.assert_problem(404, "not_found");
    app.get("/api/v1/challenges/telemedicina", None).await.assert_problem(404, "not_found");
    let proposer = {
        app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
        app.token("anna@aurora.example").await
    };
    app.get(&format!("/api/v1/challenges/{id}"), Some(&proposer)).await.assert_problem(404, "not_found");
    assert!(!slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    assert!(!slugs(&app, Some(&proposer), "").await.contains(&"telemedicina".to_owned()));
    assert!(slugs(&app, Some(&hm), "").await.contains(&"telemedicina".to_owned()));
    let seen = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(seen.header("etag"), Some("\"r1\""));

    // Refused moves from draft.
    for action in ["close", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Open: public, by id and by slug, listed, accepting submissions.
    let opened = app.post(&format!("/api/v1/challenges/{id}/open"), Some(&hm), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    assert_eq!(opened.body["state"], "open");
    assert_eq!(opened.body["accepting_submissions"], true);
    assert_eq!(opened.header("etag"), Some("\"r2\""));
    let by_id = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(by_id.status, 200, "{}", by_id.text);
    assert_eq!(by_id.body["state"], "open");
    assert_eq!(by_id.body["tags"], json!(["cloud", "salute"]));
    let by_slug = app.get("/api/v1/challenges/telemedicina", None).await;
    assert_eq!(by_slug.status, 200, "{}", by_slug.text);
    assert_eq!(by_slug.body["id"], json!(id));
    assert!(slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    for action in ["open", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Close (by slug): still public, no longer accepting submissions.
    let closed = act(&app, &hm, "telemedicina", "close").await;
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["accepting_submissions"], false);
    let public = app.get(&format!("/api/v1/challenges/{id}"), None).await;
    assert_eq!(public.status, 200, "{}", public.text);
    assert_eq!(public.body["state"], "closed");
    assert_eq!(public.body["accepting_submissions"], false);
    assert!(slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    for action in ["open", "close"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Archive: gone for the public, kept for the hub manager; no way out.
    let archived = act(&app, &hm, &id, "archive").await;
    assert_eq!(archived["state"], "archived");
    assert_eq!(archived["accepting_submissions"], false);
    app.get(&format!("/api/v1/challenges/{id}"), None).await.assert_problem(404, "not_found");
    app.get("/api/v1/challenges/telemedicina", Some(&proposer)).await.assert_problem(404, "not_found");
    assert!(!slugs(&app, None, "").await.contains(&"telemedicina".to_owned()));
    let kept = app.get(&format!("/api/v1/challenges/{id}"), Some(&hm)).await;
    assert_eq!(kept.status, 200, "{}", kept.text);
    assert_eq!(kept.body["state"], "archived");
    assert_eq!(kept.header("etag"), Some("\"r4\""));
    assert_eq!(slugs(&app, Some(&hm), "?state=archived").await, vec!["telemedicina".to_owned()]);
    for action in ["open", "close", "archive"] {
        app.post(&format!("/api/v1/challenges/{id}/{action}"), Some(&hm), Value::Null)
            .await
            .assert_problem(409, "invalid_transition");
    }

    // Unknown challenges are 404 for the manager too.
    app.post("/api/v1/challenges/no-such-challenge/open", Some(&hm), Value::Null)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/challenges/no-such-challenge", Some(&hm)).await.assert_problem(404, "not_found");
});

hub_test!(the_submission_window_follows_the_clock, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;
    let later = with(
        body("futura", &sponsor),
        json!({
            "opens_at": (Utc::now() + Duration::days(2)).to_rfc3339(),
            "closes_at": (Utc::now() + Duration::days(10)).to_rfc3339(),
        }),
    );
    let opened = create_open(&app, &hm, later).await;
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["accepting_submissions"], false, "before opens_at");
    app.clock.advance(Duration::days(3));
    assert_eq!(app.get("/api/v1/challenges/futura", None).await.body["accepting_submissions"], true);
    app.clock.advance(Duration::days(8));
    let after = app.get("/api/v1/challenges/futura", None).await;
    assert_eq!(after.body["state"], "open");
    assert_eq!(after.body["accepting_submissions"], false, "after closes_at");
});

hub_test!(the_sponsor_must_be_an_administration_and_slugs_are_unique, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    // The operator organisation is a company.
    let company = create(&app, &hm, body("aziendale", api::cli::OPERATOR_ORGANIZATION)).await;
    assert_eq!(fields(&company), vec!["sponsor_id".to_owned()]);
    assert_eq!(company.body["errors"][0]["code"], "not_an_administration");
    // A startup registered by its founder is not one either.
    let founder = app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let startup = founder["organization_id"].as_str().expect("organization_id").to_owned();
    let refused = create(&app, &hm, body("startup", &startup)).await;
    assert_eq!(fields(&refused), vec!["sponsor_id".to_owned()]);
    assert_eq!(refused.body["errors"][0]["code"], "not_an_administration");
    // Unknown ids and non-ids.
    let unknown = create(&app, &hm, body("ignota", &uuid::Uuid::now_v7().to_string())).await;
    assert_eq!(fields(&unknown), vec!["sponsor_id".to_owned()]);
    assert_eq!(unknown.body["errors"][0]["code"], "unknown_organization");
    let garbage = create(&app, &hm, body("ignota", "not-a-uuid")).await;
    assert_eq!(fields(&garbage), vec!["sponsor_id".to_owned()]);
    // Nothing was created by the refusals.
    assert_eq!(slugs(&app, Some(&hm), "").await, vec!["open-call".to_owned()]);

    // Slugs are unique, the open call's too.
    create_ok(&app, &hm, body("unica", &sponsor)).await;
    create(&app, &hm, body("unica", &sponsor)).await.assert_problem(409, "slug_taken");
    create(&app, &hm, body("open-call", &sponsor)).await.assert_problem(409, "slug_taken");
    // Renaming onto a taken slug is refused too.
    let other = create_ok(&app, &hm, body("altra", &sponsor)).await;
    let id = other["id"].as_str().expect("id");
    patch(&app, id, Some(&hm), Some("\"r1\""), json!({"slug": "unica"})).await.assert_problem(409, "slug_taken");
    // An edit may not move the sponsor to a company.
    let moved =
        patch(&app, id, Some(&hm), Some("\"r1\""), json!({"sponsor_id": api::cli::OPERATOR_ORGANIZATION})).await;
    assert_eq!(fields(&moved), vec!["sponsor_id".to_owned()]);
});

hub_test!(creation_is_validated_with_field_paths, |app| {
    let sponsor = administration(&app).await;
    let hm = manager(&app).await;

    let missing = create(&app, &hm, json!({})).await;
    let mut got = fields(&missing);
    got.sort();
    let mut expected: Vec<String> =
        ["slug", "title_it", "description_it", "sponsor_id", "opens_at"].iter().map(|f| (*f).to_owned()).collect();
    expected.sort();
    assert_eq!(got, expected, "{}", missing.text);
    for error in missing.body["errors"].as_array().expect("errors") {
        assert_eq!(error["code"], "required", "{error}");
    }

    for bad in ["ab", "Maiuscole", "doppio--trattino", "-inizio", "fine-", "con spazio", "àccento"] {
        let answer = create(&app, &hm, body(bad, &sponsor)).await;
        assert_eq!(fields(&answer), vec!["slug".to_owned()], "slug {bad:?}: {}", answer.text);
    }

    let cases = [
        (json!({"evaluation": {"weights": {"talent_skills": 40}}}), "evaluation.weights"),
        (json!({"evaluation": {"thresholds": {"talent_skills": 3.2}}}), "evaluation.thresholds.talent_skills"),
        (
            json!({"evaluation": {"thresholds": {"security_sovereignty": 5.5}}}),
            "evaluation.thresholds.security_sovereignty",
        ),
        (json!({"evaluation": {"weights": {"luck": 0}}}), "evaluation.weights.luck"),
        (json!({"evaluation": {"thresholds": {"luck": 3.0}}}), "evaluation.thresholds.luck"),
        (json!({"evaluation": {"overall_threshold": 6}}), "evaluation.overall_threshold"),
        (json!({"evaluation": {"min_reviews": 0}}), "evaluation.min_reviews"),
        (json!({"evaluation": {"min_reviews": 21}}), "evaluation.min_reviews"),
        (json!({"closes_at": (Utc::now() - Duration::days(2)).to_rfc3339()}), "closes_at"),
        (json!({"tags": ["ok", "non va"]}), "tags[1]"),
        (json!({"title_it": "ab"}), "title_it"),
    ];
    for (extra, field) in cases {
        let answer = create(&app, &hm, with(body("valida", &sponsor), extra.clone())).await;
        assert_eq!(fields(&answer), vec![field.to_owned()], "{extra}: {}", answer.text);
    }
    // closes_at equal to opens_at is not after it.
    let instant = (Utc::now() + Duration::days(1)).to_rfc3339();
    let same =
        create(&app, &hm, with(body("valida", &sponsor), json!({"opens_at": instant, "closes_at": instant}))).await;
    assert_eq!(fields(&same), vec!["closes_at".to_owned()]);

    // Several evaluation mistakes are reported together.
    let many = create(
        &app,
        &hm,
        with(
            body("valida", &sponsor),
            json!({"evaluation": {"weights": {"luck": 10}, "thresholds": {"talent_skills": 3.2}, "overall_threshold": 6, "min_reviews": 0}}),
        ),
    )
    .await;
    let got = fields(&many);
    for field in [
        "evaluation.weights.luck",
        "evaluation.thresholds.talent_skills",
        "evaluation.overall_threshold",
        "evaluation.min_reviews",
    ] {
        assert!(got.contains(&field.to_owned()), "{field} in {got:?}");
    }

    // Unknown JSON fields, at the top and inside the evaluation.
    let unknown = create(&app, &hm, with(body("valida", &sponsor), json!({"colour": "blue"}))).await;
    unknown.assert_problem(422, "validation_failed");
    assert_eq!(unknown.body["errors"][0]["field"], "colour", "{}", unknown.text);
    let nested = create(&app, &hm, with(body("valida", &sponsor), json!({"evaluation": {"weight": {}}}))).await;
    nested.assert_problem(422, "validation_failed");

    // None of the refusals created anything; the valid body does.
    assert_eq!(slugs(&app, Some(&hm), "").await, vec!["open-call".to_owned()]);
    let valid = create_ok(
        &app,
        &hm,
        with(
            body("valida", &sponsor),
            json!({"evaluation": {
                "weights": {"security_sovereignty": 40, "growth_development": 10},
                "thresholds": {"talent_skills": 3.5},
                "overall_threshold": 2.5,
                "min_reviews": 2
            }}),
        ),
    )
    .await;
    let evaluation = &valid["evaluation"];
    assert_eq!(
        evaluation["weights"],
        json!({"security_sovereignty": 40, "growth_development": 10, "talent_skills": 25, "effectiveness_sustainability": 25})
    );
    assert_eq!(evaluation["thresholds"]["talent_skills"].as_f64(), Some(3.5));
    assert_eq!(evaluation["thresholds"]["security_sovereignty"].as_f64(), Some(3.0));
    assert_eq!(evaluation["overall_threshold"].as_f64(), Some(2.5));
    assert_eq!(evaluation["min_reviews"], 2);
});
