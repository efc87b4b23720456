//! Bulk exports for hub managers (issue 19): the proposals and the reviews they may read, streamed as one
//! JSON document or as CSV whose cells never open as formulas, of one challenge or all; a manager on a
//! proposal's side exports none of its reviews; every export audited; the managers' downloads.

use domain::Role;
use hub_tests::funnel::{
    admin, assigned, confirm, evaluator, in_days, manager, organization, save_and_submit, under_review, user_id,
    verified_proposer,
};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::{Value, json};

/// An export as `token` reads it, as CSV when `csv`.
async fn export(app: &TestApp, token: Option<&str>, path: &str, csv: bool) -> Answer {
    let mut request = app.client.get(format!("{}/api/v1/exports/{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if csv {
        request = request.header("accept", "text/csv");
    }
    TestApp::answer(request.send().await.expect("answer")).await
}

/// The records of a CSV document, its head first.
fn records(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

/// The cell of column `name` in `record`, under `head`.
fn cell<'a>(head: &[String], record: &'a [String], name: &str) -> &'a str {
    let at = head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}: {head:?}"));
    &record[at]
}

/// The rows of a JSON export.
fn rows(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().unwrap_or_else(|| panic!("the items: {}", answer.text)).clone()
}

hub_test!(a_hub_manager_exports_the_proposals_and_the_reviews_they_may_read, |app| {
    let (anna, anna_user) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;
    let hub = manager(&app).await;
    let root = admin(&app).await;
    let university = organization(&app, &root, "Università di Prova", "university", "80214573604").await;
    let hostile = "=HYPERLINK(\"http://evil.example\",\"apri\")";
    let a = under_review(&app, &anna, &hub, hostile, "open-call").await;
    let b = under_review(&app, &nico, &hub, "Nuvola per i comuni", "open-call").await;
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", Some(&university)).await;
    let on_a = assigned(&app, &hub, &a, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &on_a).await;
    let review = json!({
        "scores": {"security_sovereignty": 4.0, "growth_development": 3.5, "talent_skills": 3.0,
                   "effectiveness_sustainability": 4.5},
        "comments": {"talent_skills": "-2+3 formatori"},
        "overall_comment": "Solida.",
        "confidential_comment": "CONF-a: nessun conflitto.",
        "recommendation": "accept"
    });
    save_and_submit(&app, &eva, &on_a, review).await;
    let on_b = assigned(&app, &hub, &b, &eva_id, &in_days(7)).await;

    // Proposals as JSON, streamed: both, with their organisation and challenge by name.
    let proposals = export(&app, Some(&hub), "proposals", false).await;
    let disposition = proposals.header("content-disposition").unwrap_or_default().to_owned();
    assert_eq!(disposition, "attachment; filename=\"proposals-all.json\"");
    let items = rows(&proposals);
    let row_a = items.iter().find(|p| p["id"] == a.as_str()).unwrap_or_else(|| panic!("a: {}", proposals.text));
    assert_eq!(
        (&row_a["organization"], &row_a["challenge_slug"], &row_a["state"], &row_a["title"]),
        (&json!("Aurora Labs S.r.l."), &json!("open-call"), &json!("under_review"), &json!(hostile))
    );
    assert!(items.iter().any(|p| p["id"] == b.as_str()), "{}", proposals.text);
    let ids: Vec<&str> = items.iter().filter_map(|p| p["id"].as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in id order: {ids:?}");

    // As CSV: the hostile title is inert in a spreadsheet.
    let csv = export(&app, Some(&hub), "proposals?challenge=open-call", true).await;
    assert_eq!(csv.status, 200, "{}", csv.text);
    assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")));
    assert_eq!(csv.header("content-disposition"), Some("attachment; filename=\"proposals-open-call.csv\""));
    let table = records(&csv.text);
    let (head, body) = table.split_first().expect("a head");
    assert_eq!(body.len(), items.len(), "the same proposals: {}", csv.text);
    let line = body.iter().find(|r| cell(head, r, "id") == a).expect("a's line");
    assert_eq!(cell(head, line, "title"), format!("'{hostile}"));
    export(&app, Some(&hub), "proposals?challenge=no-such-challenge", false).await.assert_problem(404, "not_found");

    // Reviews: the submitted one with its scores, comments and the hub's confidential comment, on time;
    // the assigned one with none.
    let reviews = export(&app, Some(&hub), "reviews", false).await;
    let items = rows(&reviews);
    assert_eq!(items.len(), 2, "{}", reviews.text);
    let sent = items.iter().find(|r| r["id"] == on_a.as_str()).expect("the submitted review");
    assert_eq!(sent["state"], "submitted");
    assert_eq!(sent["evaluator_id"], eva_id.as_str());
    assert_eq!(sent["on_time"], true);
    assert_eq!(sent["scores"]["effectiveness_sustainability"], 4.5);
    assert_eq!(sent["confidential_comment"], "CONF-a: nessun conflitto.");
    assert_eq!(sent["recommendation"], "accept");
    let open = items.iter().find(|r| r["id"] == on_b.as_str()).expect("the open review");
    assert_eq!((&open["state"], &open["on_time"], &open["scores"]), (&json!("assigned"), &Value::Null, &json!({})));
    let csv = export(&app, Some(&hub), "reviews", true).await;
    let table = records(&csv.text);
    let (head, body) = table.split_first().expect("a head");
    assert_eq!(head.len(), 22, "{head:?}");
    let line = body.iter().find(|r| cell(head, r, "id") == on_a).expect("the submitted review's line");
    assert_eq!(cell(head, line, "comment_talent_skills"), "'-2+3 formatori", "a formula-looking comment is inert");
    assert_eq!(cell(head, line, "score_growth_development"), "3.5");
    assert_eq!(cell(head, line, "on_time"), "true");

    // A hub manager of Aurora's own organisation reads none of the reviews of Aurora's proposal.
    let organization_id = anna_user["organization_id"].as_str().expect("Anna's organisation").parse().expect("an id");
    let insider = app.user_with_roles("inside@aurora.example", &[Role::HubManager], Some(organization_id)).await;
    let theirs = rows(&export(&app, Some(&insider), "reviews", false).await);
    let ids: Vec<&str> = theirs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, [on_b.as_str()], "only the review of another organisation's proposal");

    // Hub managers only.
    export(&app, None, "reviews", false).await.assert_problem(401, "unauthenticated");
    export(&app, Some(&anna), "proposals", false).await.assert_problem(403, "forbidden");
    export(&app, Some(&eva), "reviews", true).await.assert_problem(403, "forbidden");

    // Every export is in the audit log, with who and which challenge.
    let audit = app.get("/api/v1/audit?action=export.proposals&limit=100", Some(&root)).await;
    let entries = audit.body["items"].as_array().unwrap_or_else(|| panic!("{}", audit.text));
    assert_eq!(entries.len(), 2, "two proposal exports (the unknown challenge's is not one): {}", audit.text);
    let hub_id = user_id(&app, &hub).await;
    assert!(entries.iter().all(|e| e["actor_id"] == hub_id.as_str()), "{}", audit.text);
    assert!(audit.text.contains("01900000-0000-7000-8000-000000000002"), "the open call named: {}", audit.text);

    // The managers' downloads: the same files from the pages, linked from the desk.
    let visitor = app.signed_in("manager@hub.example", "it").await;
    let desk = visitor.get("/manage").await;
    assert!(desk.text.contains("href=\"/manage/exports/reviews.csv\""), "{}", desk.text);
    let file = visitor.get("/manage/exports/reviews.csv").await;
    assert_eq!(file.status, 200, "{}", file.text);
    assert_eq!(records(&file.text), records(&csv.text), "the page's file is the API's export");
    let json_file = visitor.get("/manage/exports/proposals.json?challenge=open-call").await;
    assert_eq!(json_file.header("content-disposition"), Some("attachment; filename=\"proposals-open-call.json\""));
    let kept: Value = serde_json::from_str(&json_file.text).expect("JSON");
    assert_eq!(kept["items"].as_array().map(Vec::len), Some(2), "{}", json_file.text);
    assert_eq!(visitor.get("/manage/exports/secrets.csv").await.status, 404);
    assert_eq!(visitor.get("/manage/exports/reviews.xml").await.status, 404);
    let proposer = app.signed_in("anna@aurora.example", "it").await;
    assert_eq!(proposer.get("/manage/exports/reviews.csv").await.status, 403);
});

hub_test!(an_export_streams_every_page_once, |app| {
    let hub = manager(&app).await;
    verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    for email in ["e1@hub.example", "e2@hub.example", "e3@hub.example"] {
        app.user_with_roles(email, &[Role::Evaluator], None).await;
    }
    let store = app.store.clone();
    let report = tokio::task::spawn_blocking(move || {
        let plan = persistence::SyntheticPlan {
            proposals: 250,
            challenge: Some("open-call".to_owned()),
            batch: 250,
            all_under_review: true,
        };
        store.synthetic_generate(&plan, |_| {}).expect("synthetic data")
    })
    .await
    .expect("join");
    assert_eq!((report.proposals, report.reviews), (250, 750));

    // 250 proposals (three pages of the export) and 750 reviews (eight), each once, in id order.
    let proposals = rows(&export(&app, Some(&hub), "proposals", false).await);
    let reviews = rows(&export(&app, Some(&hub), "reviews", false).await);
    for (name, items, count) in [("proposals", &proposals, 250), ("reviews", &reviews, 750)] {
        let ids: Vec<&str> = items.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids.len(), count, "{name}");
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{name}: each once, in id order");
    }
    let csv = export(&app, Some(&hub), "reviews?challenge=open-call", true).await;
    assert_eq!(records(&csv.text).len(), 751, "a head and 750 reviews");
});
