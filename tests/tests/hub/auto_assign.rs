//! Automatic assignment across a challenge: N evaluators per proposal, balanced, expertise first,
//! never a conflict of interest, existing assignments counted, shortfalls explained.

use chrono::{Duration, SubsecRound, Utc};
use domain::Role;
use hub_tests::funnel::{user_id, verified_proposer};
use hub_tests::{TestApp, hub_test};
use serde_json::{Value, json};

/// The proposer of "Aurora Labs"; returns the token and the organisation id.
async fn proposer(app: &TestApp) -> (String, String) {
    let (token, user) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    (token, user["organization_id"].as_str().expect("org").to_owned())
}

async fn under_review(app: &TestApp, proposer: &str, manager: &str, title: &str, tags: &[&str]) -> String {
    let body = json!({
        "challenge_id": "open-call", "title": title, "summary": "S.", "description": "D.", "trl": 5, "tags": tags,
        "self_assessment": {"security_sovereignty": "a", "growth_development": "b", "talent_skills": "c", "effectiveness_sustainability": "d"}
    });
    let id = app.post("/api/v1/proposals", Some(proposer), body).await.body["id"].as_str().expect("id").to_owned();
    assert_eq!(app.post(&format!("/api/v1/proposals/{id}/submit"), Some(proposer), Value::Null).await.status, 200);
    assert_eq!(
        app.post(&format!("/api/v1/proposals/{id}/screen"), Some(manager), json!({"eligible": true})).await.status,
        200
    );
    id
}

fn due() -> String {
    (Utc::now() + Duration::days(14)).trunc_subsecs(0).to_rfc3339()
}

hub_test!(auto_assignment_staffs_every_proposal_without_conflicts, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let (proposer, org_a) = proposer(&app).await;
    let cloud = app.provision("cloud@hub.example", &[Role::Evaluator], None, &["cloud"]).await;
    let ai = app.provision("ai@hub.example", &[Role::Evaluator], None, &["ai"]).await;
    let plain = app.provision("plain@hub.example", &[Role::Evaluator], None, &[]).await;
    let insider = app
        .provision("insider@aurora.example", &[Role::Evaluator], Some(org_a.parse().expect("uuid")), &["cloud", "ai"])
        .await;
    let insider_id = user_id(&app, &insider).await;
    let cloud_id = user_id(&app, &cloud).await;
    let mut proposals = Vec::new();
    for (i, tags) in [["cloud"], ["ai"], ["cloud"], ["health"]].iter().enumerate() {
        proposals.push(under_review(&app, &proposer, &manager, &format!("Proposta numero {i}"), tags).await);
    }

    // One evaluator per proposal: the expert of the proposal's tag, never the insider.
    let one = app
        .post(
            "/api/v1/challenges/open-call/auto-assign",
            Some(&manager),
            json!({"evaluators_per_proposal": 1, "due_at": due()}),
        )
        .await;
    assert_eq!(one.status, 200, "{}", one.text);
    let pairs: Vec<(String, String)> = one.body["assigned"]
        .as_array()
        .expect("assigned")
        .iter()
        .map(|a| {
            (a["proposal_id"].as_str().unwrap_or("").to_owned(), a["evaluator_id"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(pairs.len(), 4, "{}", one.text);
    assert!(pairs.iter().all(|(_, e)| *e != insider_id), "no conflict of interest: {pairs:?}");
    let first_cloud = pairs.iter().find(|(p, _)| *p == proposals[0]).expect("first");
    assert_eq!(first_cloud.1, cloud_id, "the cloud expert reviews the cloud proposal");
    assert_eq!(one.body["unassigned"], json!([]));

    // Three per proposal: existing assignments count; the insider is never used, so the three others take all.
    let three = app
        .post(
            "/api/v1/challenges/open-call/auto-assign",
            Some(&manager),
            json!({"evaluators_per_proposal": 3, "due_at": due()}),
        )
        .await;
    assert_eq!(three.status, 200, "{}", three.text);
    assert_eq!(three.body["assigned"].as_array().map(Vec::len), Some(8), "{}", three.text);
    assert_eq!(three.body["unassigned"], json!([]));
    for proposal in &proposals {
        let listed = app.get(&format!("/api/v1/proposals/{proposal}/assignments"), Some(&manager)).await;
        let evaluators: Vec<&str> =
            listed.body["items"].as_array().expect("list").iter().filter_map(|a| a["evaluator_id"].as_str()).collect();
        assert_eq!(evaluators.len(), 3, "{}", listed.text);
        assert!(!evaluators.contains(&insider_id.as_str()));
    }
    // Each evaluator was emailed once per assignment.
    assert_eq!(app.mails_to("cloud@hub.example", 4).await.len(), 4);

    // Four per proposal cannot be done without the insider: reported, not forced.
    let four = app
        .post(
            "/api/v1/challenges/open-call/auto-assign",
            Some(&manager),
            json!({"evaluators_per_proposal": 4, "due_at": due()}),
        )
        .await;
    assert_eq!(four.status, 200, "{}", four.text);
    assert_eq!(four.body["assigned"], json!([]));
    let short = four.body["unassigned"].as_array().expect("unassigned");
    assert_eq!(short.len(), 4);
    assert!(
        short.iter().all(|s| s["missing"] == 1 && s["reason"].as_str().is_some_and(|r| r.contains("conflict"))),
        "{}",
        four.text
    );
    let _ = (ai, plain);
});

hub_test!(auto_assignment_is_for_hub_managers_with_valid_input, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let (proposer, _) = proposer(&app).await;
    let body = json!({"evaluators_per_proposal": 2, "due_at": due()});
    app.post("/api/v1/challenges/open-call/auto-assign", None, body.clone())
        .await
        .assert_problem(401, "unauthenticated");
    app.post("/api/v1/challenges/open-call/auto-assign", Some(&proposer), body.clone())
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/challenges/nothing/auto-assign", Some(&manager), body).await.assert_problem(404, "not_found");
    for n in [0, 11] {
        let answer = app
            .post(
                "/api/v1/challenges/open-call/auto-assign",
                Some(&manager),
                json!({"evaluators_per_proposal": n, "due_at": due()}),
            )
            .await;
        assert_eq!(answer.assert_problem(422, "validation_failed")["errors"][0]["field"], "evaluators_per_proposal");
    }
    let past = (Utc::now() - Duration::days(1)).trunc_subsecs(0).to_rfc3339();
    let answer = app
        .post(
            "/api/v1/challenges/open-call/auto-assign",
            Some(&manager),
            json!({"evaluators_per_proposal": 1, "due_at": past}),
        )
        .await;
    assert_eq!(answer.assert_problem(422, "validation_failed")["errors"][0]["field"], "due_at");
    // Nothing under review: nothing to do.
    let empty = app
        .post(
            "/api/v1/challenges/open-call/auto-assign",
            Some(&manager),
            json!({"evaluators_per_proposal": 1, "due_at": due()}),
        )
        .await;
    assert_eq!(empty.body, json!({"assigned": [], "unassigned": []}));
});

hub_test!(a_preview_answers_the_plan_and_assigns_nobody, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let (proposer, _) = proposer(&app).await;
    app.provision("cloud@hub.example", &[Role::Evaluator], None, &["cloud"]).await;
    app.provision("ai@hub.example", &[Role::Evaluator], None, &["ai"]).await;
    let first = under_review(&app, &proposer, &manager, "Proposta in anteprima", &["cloud"]).await;
    under_review(&app, &proposer, &manager, "Seconda proposta", &["ai"]).await;
    let ask = |preview: bool| json!({"evaluators_per_proposal": 2, "due_at": due(), "preview": preview});
    let preview = app.post("/api/v1/challenges/open-call/auto-assign", Some(&manager), ask(true)).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["assigned"].as_array().map(Vec::len), Some(4), "{}", preview.text);
    let listed = app.get(&format!("/api/v1/proposals/{first}/assignments"), Some(&manager)).await;
    assert_eq!(listed.body["items"], json!([]), "a preview assigns nobody: {}", listed.text);

    // Applied, the same request makes exactly the plan the preview showed.
    let applied = app.post("/api/v1/challenges/open-call/auto-assign", Some(&manager), ask(false)).await;
    assert_eq!(applied.status, 200, "{}", applied.text);
    assert_eq!(applied.body["assigned"], preview.body["assigned"], "the plan previewed is the plan applied");
    let listed = app.get(&format!("/api/v1/proposals/{first}/assignments"), Some(&manager)).await;
    assert_eq!(listed.body["items"].as_array().map(Vec::len), Some(2), "{}", listed.text);
    // Emailed once per assignment applied (cloud@ has both proposals), never for the preview.
    let wait = std::time::Duration::from_secs(10);
    for title in ["Proposta in anteprima", "Seconda proposta"] {
        let mails = hub_tests::funnel::wait_mails(&app, "cloud@hub.example", title, "", 1, wait).await;
        assert_eq!(mails.len(), 1, "{title}: {mails:?}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let all = hub_tests::funnel::mails_with(&app, "cloud@hub.example", "Proposta in anteprima", "");
    assert_eq!(all.len(), 1, "no mail of the preview: {all:?}");
});

hub_test!(asked_to_the_better_review_record_breaks_a_tie_between_equal_candidates, |app| {
    let manager = app.user_with_roles("manager@hub.example", &[Role::HubManager], None).await;
    let (proposer, _) = proposer(&app).await;
    // Two evaluators equal in expertise (none) and in load; the first made has the lower id and wins ties.
    let first = app.provision("first@hub.example", &[Role::Evaluator], None, &[]).await;
    let second = app.provision("second@hub.example", &[Role::Evaluator], None, &[]).await;
    let (first_id, second_id) = (user_id(&app, &first).await, user_id(&app, &second).await);
    assert!(first_id < second_id, "ids in order of creation");
    // Both review an earlier proposal; the first's review is rated vague.
    let earlier = under_review(&app, &proposer, &manager, "Proposta già valutata", &[]).await;
    let mut reviews = Vec::new();
    for (token, id) in [(&first, &first_id), (&second, &second_id)] {
        let review = hub_tests::funnel::assigned(&app, &manager, &earlier, id, &due()).await;
        hub_tests::funnel::confirm(&app, token, &review).await;
        let scores: serde_json::Map<String, Value> =
            ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"]
                .iter()
                .map(|p| ((*p).to_owned(), json!(4.0)))
                .collect();
        let body = json!({"scores": scores, "overall_comment": "Solida.", "recommendation": "accept"});
        hub_tests::funnel::save_and_submit(&app, token, &review, body).await;
        reviews.push(review);
    }
    let path = format!("/api/v1/reviews/{}/rating", reviews[0]);
    let rated = app.request(reqwest::Method::PUT, &path, Some(&manager), json!({"labels": ["vague"]})).await;
    assert_eq!(rated.status, 201, "{}", rated.text);
    let next = under_review(&app, &proposer, &manager, "Proposta da assegnare", &[]).await;
    let chosen = async |prefer_quality: bool| {
        let body =
            json!({"evaluators_per_proposal": 1, "due_at": due(), "preview": true, "prefer_quality": prefer_quality});
        let plan = app.post("/api/v1/challenges/open-call/auto-assign", Some(&manager), body).await;
        assert_eq!(plan.status, 200, "{}", plan.text);
        let line = plan.body["assigned"].as_array().and_then(|a| a.iter().find(|l| l["proposal_id"] == next.as_str()));
        line.and_then(|l| l["evaluator_id"].as_str()).map(str::to_owned).unwrap_or_else(|| panic!("{}", plan.text))
    };
    assert_eq!(chosen(false).await, first_id, "without the record: the lower id");
    assert_eq!(chosen(true).await, second_id, "with it: the better record");
});
