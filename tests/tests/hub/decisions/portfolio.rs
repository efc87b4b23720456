//! The portfolio within a challenge's budget (issue 19): the exact best set of passing proposals that
//! fits, beside the rank order, with why each other is out; who may read it; each decision's record of
//! whether it followed it; the ranking page and the challenge form's budget.

use super::*;

const SLUG: &str = "fondi-limitati";

/// An open challenge with €100,000 in all, one review per decision and the default thresholds.
async fn funded_challenge(app: &TestApp, hub: &str, admin: &str) {
    let sponsor = organization(app, admin, "Comune di Valdora", "public_administration", "80004739258").await;
    let body = json!({
        "slug": SLUG, "title_it": "Servizi con fondi limitati", "description_it": "Una sfida con una dotazione.",
        "sponsor_id": sponsor, "opens_at": in_days(-1), "closes_at": in_days(30),
        "evaluation": {"min_reviews": 1}, "budget_cents": 10_000_000
    });
    let created = app.post("/api/v1/challenges", Some(hub), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["budget_cents"], 10_000_000);
    let opened = app.post(&format!("/api/v1/challenges/{SLUG}/open"), Some(hub), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
}

/// A proposal to the challenge asking for `euro`, under review with one review scoring `score` on
/// every pillar (by an evaluator of the university made for it); returns its id.
async fn scored(app: &TestApp, anna: &str, hub: &str, uni: &str, title: &str, euro: i64, score: f64) -> String {
    let mut body = hub_tests::funnel::complete(title, SLUG);
    body["budget_cents"] = json!(euro * 100);
    let created = app.post("/api/v1/proposals", Some(anna), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().expect("id").to_owned();
    hub_tests::funnel::moved(app, anna, &id, "submit", Value::Null, "submitted").await;
    hub_tests::funnel::moved(app, hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let email = format!("eva-{}@uni.example", title.to_lowercase().replace(' ', "-"));
    let (token, evaluator) = evaluator(app, &email, Some(uni)).await;
    let review_id = assigned(app, hub, &id, &evaluator, &in_days(7)).await;
    review(app, &token, &review_id, review_body([score; 4], title, "Confidential.")).await;
    id
}

/// The portfolio's standing of each proposal, by id.
fn standings(portfolio: &Value) -> std::collections::BTreeMap<String, String> {
    portfolio["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (l["proposal_id"].as_str().expect("id").to_owned(), l["standing"].as_str().expect("standing").to_owned())
        })
        .collect()
}

/// The decision step of a proposal's history.
async fn decision_step(app: &TestApp, token: &str, id: &str) -> Value {
    history(app, token, id)
        .await
        .into_iter()
        .find(|s| s["action"].as_str().is_some_and(|a| a.starts_with("decide_")))
        .expect("a decision step")
}

hub_test!(the_portfolio_beats_the_rank_order_and_each_decision_records_whether_it_followed_it, |app| {
    let hub = manager(&app).await;
    let anna = aurora(&app).await;
    let root = admin(&app).await;
    let uni = organization(&app, &root, "Università di Prova", "university", UNIVERSITY_TAX).await;
    funded_challenge(&app, &hub, &root).await;
    // By rank: Alfa (4.5, €60,000), then Beta and Gamma (4.0, €50,000 each), then Delta (2.5, below).
    let alfa = scored(&app, &anna, &hub, &uni, "Progetto Alfa", 60_000, 4.5).await;
    let beta = scored(&app, &anna, &hub, &uni, "Progetto Beta", 50_000, 4.0).await;
    let gamma = scored(&app, &anna, &hub, &uni, "Progetto Gamma", 50_000, 4.0).await;
    let delta = scored(&app, &anna, &hub, &uni, "Progetto Delta", 10_000, 2.5).await;
    let path = format!("/api/v1/challenges/{SLUG}/portfolio");

    // Only hub managers read it; a challenge without a budget has none.
    assert_eq!(app.get(&path, None).await.status, 401);
    app.get(&path, Some(&anna)).await.assert_problem(403, "forbidden");
    app.get("/api/v1/challenges/open-call/portfolio", Some(&hub)).await.assert_problem(409, "no_budget");

    // Beta and Gamma together (8.0) beat Alfa alone (4.5) within €100,000; Delta is below the thresholds.
    let read = app.get(&path, Some(&hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let expected: std::collections::BTreeMap<String, String> = [
        (alfa.clone(), "outscored"),
        (beta.clone(), "selected"),
        (gamma.clone(), "selected"),
        (delta.clone(), "below_threshold"),
    ]
    .into_iter()
    .map(|(id, s)| (id, s.to_owned()))
    .collect();
    assert_eq!(standings(&read.body), expected, "{}", read.text);
    assert_eq!(read.body["lines"][0]["proposal_id"], alfa.as_str(), "in ranking order");
    assert_eq!(
        (read.body["selected_cents"].as_i64(), read.body["remaining_cents"].as_i64()),
        (Some(10_000_000), Some(0))
    );
    close(&read.body["total_score"], 8.0);
    assert_eq!(read.body["exact"], true);

    // Accepting Alfa departs from it; the accepted budget is then spent, and Beta and Gamma no longer fit.
    let accept = json!({"decision": "accept", "rationale": "Il progetto più solido della sfida."});
    decided(&decide(&app, Some(&hub), &alfa, accept).await, "accepted");
    assert_eq!(decision_step(&app, &hub, &alfa).await["portfolio"], "departed");
    let after = app.get(&path, Some(&hub)).await;
    assert_eq!(after.body["committed_cents"], 6_000_000, "{}", after.text);
    let now = standings(&after.body);
    assert_eq!((now[&alfa].as_str(), now[&beta].as_str()), ("committed", "over_budget"), "{}", after.text);

    // Rejecting Beta, now out of it, follows it.
    let reject = json!({"decision": "reject", "rationale": "La dotazione residua non basta."});
    decided(&decide(&app, Some(&hub), &beta, reject).await, "rejected");
    assert_eq!(decision_step(&app, &hub, &beta).await["portfolio"], "followed");
    // The team never reads the hub's record of it; the audit log keeps the fact.
    assert_eq!(decision_step(&app, &anna, &beta).await["portfolio"], Value::Null);
    let audit = app.get(&format!("/api/v1/audit?action=proposal.moved&target_id={alfa}"), Some(&root)).await;
    let decided_entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["details"]["action"] == "decide_accept")
        .cloned()
        .unwrap_or_else(|| panic!("the decision's audit entry: {}", audit.text));
    assert_eq!(decided_entry["details"]["portfolio"], "departed");

    // The managers' ranking page shows it beside the rank order (in the manager's language: English).
    let person = app.signed_in(MANAGER, "it").await;
    let page = person.get(&format!("/manage/challenges/{SLUG}/ranking")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    for text in
        ["Proposed portfolio within the budget", "Accepted already", "Asks for more than is left", "100,000.00 €"]
    {
        assert!(page.text.contains(text), "{text}: {}", page.text);
    }
    // The decision form says where the proposal stands.
    let form = person.get(&format!("/manage/proposals/{gamma}/decide")).await;
    assert!(
        form.text.contains(
            "In the portfolio the Innovation Hub proposes within the budget, this proposal is: \
             <strong>Asks for more than is left</strong>"
        ),
        "{}",
        form.text
    );
    // A challenge without a budget shows no portfolio.
    let plain = person.get("/manage/challenges/open-call/ranking").await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    assert!(!plain.text.contains("Proposed portfolio"), "{}", plain.text);
});

hub_test!(the_challenge_form_sets_and_clears_the_budget_in_the_managers_language_and_the_consensus_rule, |app| {
    let hub = manager(&app).await;
    funded_challenge(&app, &hub, &admin(&app).await).await;
    let person = app.signed_in(MANAGER, "it").await;
    let edit = format!("/manage/challenges/{SLUG}/edit");
    let form = person.get(&edit).await;
    // Managers made here read English: amounts as English writes them.
    assert!(form.text.contains("value=\"100,000.00\""), "the budget as English writes it: {}", form.text);
    // The consensus rule too: when needed, until it is set to always below.
    assert!(form.text.contains("name=\"consensus\" value=\"when_needed\" checked"), "{}", form.text);

    let revision = |html: &str| {
        html.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("revision").to_owned()
    };
    let read = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.body;
    let form_fields = |budget: &'static str, rev: String| {
        vec![
            ("title_it".to_owned(), read["title_it"].as_str().unwrap_or_default().to_owned()),
            ("slug".to_owned(), SLUG.to_owned()),
            ("description_it".to_owned(), read["description_it"].as_str().unwrap_or_default().to_owned()),
            ("sponsor_id".to_owned(), read["sponsor_id"].as_str().unwrap_or_default().to_owned()),
            ("opens_at".to_owned(), "2026-01-15".to_owned()),
            ("closes_at".to_owned(), "2099-05-31".to_owned()),
            ("budget".to_owned(), budget.to_owned()),
            ("revision".to_owned(), rev),
        ]
        .into_iter()
        .chain(
            PILLARS
                .iter()
                .flat_map(|p| [(format!("weight-{p}"), "25".to_owned()), (format!("threshold-{p}"), "3".to_owned())]),
        )
        .chain([("overall_threshold".to_owned(), "3".to_owned()), ("min_reviews".to_owned(), "1".to_owned())])
        .chain([("consensus".to_owned(), "always".to_owned())])
        .collect::<Vec<_>>()
    };
    let send = |fields: Vec<(String, String)>| {
        let person = &person;
        let edit = edit.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            person.submit(&edit, &edit, &pairs).await
        }
    };
    // Not an amount: refused beside the field, nothing saved.
    let wrong = send(form_fields("molti soldi", revision(&form.text))).await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(wrong.text.contains("href=\"#budget\""), "{}", wrong.text);
    // 250,000.50 € is 25,000,050 cents.
    let saved = send(form_fields("250,000.50", revision(&form.text))).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let budget = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.body["budget_cents"].clone();
    assert_eq!(budget, 25_000_050);
    let read = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await;
    assert_eq!(read.body["evaluation"]["consensus"], "always", "{}", read.text);
    // Emptied: no budget, and the portfolio says so.
    let again = person.get(&edit).await;
    let cleared = send(form_fields("", revision(&again.text))).await;
    assert_eq!(cleared.status, 303, "{}", cleared.text);
    assert_eq!(app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.body["budget_cents"], Value::Null);
    app.get(&format!("/api/v1/challenges/{SLUG}/portfolio"), Some(&hub)).await.assert_problem(409, "no_budget");
    // The API refuses a budget of nothing.
    let tag = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.header("etag").expect("etag").to_owned();
    let zero = app
        .client
        .request(Method::PATCH, format!("{}/api/v1/challenges/{SLUG}", app.base))
        .bearer_auth(&hub)
        .header("If-Match", tag)
        .json(&json!({"budget_cents": 0}));
    let zero = TestApp::answer(zero.send().await.expect("the hub answers")).await;
    assert_eq!(fields(&zero), ["budget_cents"], "{}", zero.text);
});
