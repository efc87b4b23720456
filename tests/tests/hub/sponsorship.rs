//! Challenges and their administrations: the officers of a challenge's sponsor and of its co-sponsors
//! (the administrations of the needs it came from) see it in every state, as hub managers do; other
//! administrations, proposers and the public only once it is open. An officer drafts, proposes and follows;
//! an officer who evaluates does so under the existing conflict-of-interest rules.

use hub_tests::funnel::{admin, manager, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::json;

use crate::needs::{officer, stated};

const SLUG: &str = "sportelli-prenotati";

fn slugs(list: &Answer) -> Vec<String> {
    assert_eq!(list.status, 200, "{}", list.text);
    list.body["items"].as_array().expect("items").iter().filter_map(|c| c["slug"].as_str().map(str::to_owned)).collect()
}

async fn sees(app: &TestApp, token: Option<&str>) -> (u16, bool) {
    let read = app.get(&format!("/api/v1/challenges/{SLUG}"), token).await;
    let listed = slugs(&app.get("/api/v1/challenges?limit=100", token).await).contains(&SLUG.to_owned());
    (read.status, listed)
}

hub_test!(a_draft_challenge_is_seen_by_its_sponsors_officers_and_the_hub_only, |app| {
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, _) = officer(&app, &root, "b@comune.borgo.example", "Comune di Borgo", "80139582748", "c_b001").await;
    let (rupe, _) = officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;

    // A draft for Valdora, which Borgo's need becomes part of: Borgo co-sponsors it.
    let created = app
        .post(
            "/api/v1/challenges",
            Some(&hub),
            json!({"slug": SLUG, "title_it": "Prenotare gli sportelli comunali", "description_it": "Una descrizione della sfida.",
                   "sponsor_id": valdora_org, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let need = stated(&app, &borgo, "Prenotazione online degli sportelli", false).await;
    let converted = app
        .post(
            &format!("/api/v1/needs/{}/conversion", need["id"].as_str().expect("id")),
            Some(&hub),
            json!({"challenge_id": created.body["id"]}),
        )
        .await;
    assert_eq!(converted.status, 200, "{}", converted.text);

    // While a draft: the hub, the sponsor's and the co-sponsor's officers; nobody else, not even listed.
    assert_eq!(sees(&app, Some(&hub)).await, (200, true));
    assert_eq!(sees(&app, Some(&valdora)).await, (200, true));
    assert_eq!(sees(&app, Some(&borgo)).await, (200, true));
    assert_eq!(sees(&app, Some(&rupe)).await, (404, false));
    assert_eq!(sees(&app, Some(&anna)).await, (404, false));
    assert_eq!(sees(&app, None).await, (404, false));
    // Seeing is not editing: a co-sponsor's officer may not; the sponsor's may, while it is a draft.
    assert_eq!(patched(&app, &borgo, json!({"title_it": "Un altro titolo"})).await, 403);
    assert_eq!(patched(&app, &valdora, json!({"title_it": "Prenotare gli sportelli anagrafici"})).await, 200);

    // Open: everyone.
    let opened = app.post(&format!("/api/v1/challenges/{SLUG}/open"), Some(&hub), serde_json::Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    for token in [Some(rupe.as_str()), Some(anna.as_str()), None] {
        assert_eq!(sees(&app, token).await, (200, true));
    }
});

/// An officer's challenge for their own administration, as the API takes it.
fn drafted(slug: &str, sponsor: &str) -> serde_json::Value {
    json!({"slug": slug, "title_it": "Prenotare gli sportelli comunali", "description_it": "Una descrizione della sfida.",
           "sponsor_id": sponsor, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()})
}

async fn patched(app: &TestApp, token: &str, body: serde_json::Value) -> u16 {
    let path = format!("/api/v1/challenges/{SLUG}");
    let read = app.get(&path, Some(token)).await;
    let tag = read.header("etag").unwrap_or("\"r0\"").to_owned();
    let edited = app
        .client
        .patch(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("if-match", tag)
        .json(&body)
        .send()
        .await
        .expect("PATCH");
    edited.status().as_u16()
}

hub_test!(an_officer_drafts_a_challenge_proposes_it_and_a_hub_manager_returns_it_then_opens_it, |app| {
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (rupe, rupe_org) =
        officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    let challenges = "/api/v1/challenges";
    let act = |action: &str| format!("/api/v1/challenges/{SLUG}/{action}");

    // Drafting: for their own administration only; a proposer never.
    app.post(challenges, Some(&valdora), drafted(SLUG, &rupe_org)).await.assert_problem(403, "forbidden");
    app.post(challenges, Some(&anna), drafted(SLUG, &valdora_org)).await.assert_problem(403, "forbidden");
    let created = app.post(challenges, Some(&valdora), drafted(SLUG, &valdora_org)).await;
    assert_eq!((created.status, created.body["state"].as_str()), (201, Some("draft")), "{}", created.text);
    assert_eq!(patched(&app, &valdora, json!({"title_it": "Prenotare gli sportelli anagrafici"})).await, 200);
    assert_eq!(patched(&app, &valdora, json!({"sponsor_id": rupe_org})).await, 403, "the sponsor stays");
    assert_eq!(patched(&app, &rupe, json!({"title_it": "Di Rupe"})).await, 404, "another administration's draft");

    // Proposed: in review, the hub managers told; the officer can no longer edit it, nor propose it twice.
    app.post(&act("propose"), Some(&rupe), serde_json::Value::Null).await.assert_problem(404, "not_found");
    app.post(&act("propose"), Some(&hub), serde_json::Value::Null).await.assert_problem(403, "forbidden");
    let proposed = app.post(&act("propose"), Some(&valdora), serde_json::Value::Null).await;
    assert_eq!(proposed.body["state"], "in_review", "{}", proposed.text);
    let told = app.mails_to(hub_tests::funnel::MANAGER, 1).await;
    assert!(
        told[0].body.contains("Comune di Valdora")
            && told[0].body.contains("Prenotare gli sportelli anagrafici")
            && told[0].body.contains(&format!("/manage/challenges/{SLUG}/edit")),
        "{}",
        told[0].body
    );
    assert_eq!(patched(&app, &valdora, json!({"title_it": "Ancora"})).await, 409);
    app.post(&act("propose"), Some(&valdora), serde_json::Value::Null).await.assert_problem(409, "invalid_transition");
    app.post(&act("open"), Some(&valdora), serde_json::Value::Null).await.assert_problem(403, "forbidden");

    // Returned with a note (required), which the officer reads on the challenge and by email.
    app.post(&act("return"), Some(&hub), json!({"note": "  "})).await.assert_problem(422, "validation_failed");
    app.post(&act("return"), Some(&valdora), json!({"note": "No."})).await.assert_problem(403, "forbidden");
    let note = "Indicare la data di chiusura delle proposte.";
    let returned = app.post(&act("return"), Some(&hub), json!({"note": note})).await;
    assert_eq!((returned.body["state"].as_str(), returned.body["review_note"].as_str()), (Some("draft"), Some(note)));
    // (Two mails before: the address's verification and the administration's.)
    let mails = app.mails_to("a@comune.valdora.example", 3).await;
    let mail = mails.iter().find(|m| m.body.contains(note)).expect("the return's mail");
    assert!(mail.body.contains(&format!("/administration/challenges/{SLUG}")), "{}", mail.body);
    let audit = app.get("/api/v1/audit?action=challenge.state_changed&limit=100", Some(&root)).await;
    assert!(audit.text.contains(note), "the note is in the audit log: {}", audit.text);

    // Edited and proposed again; opened: the note is cleared, the officers told, the public sees it.
    assert_eq!(
        patched(&app, &valdora, json!({"closes_at": (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339()}))
            .await,
        200
    );
    assert_eq!(app.post(&act("propose"), Some(&valdora), serde_json::Value::Null).await.status, 200);
    let opened = app.post(&act("open"), Some(&hub), serde_json::Value::Null).await;
    assert_eq!(
        (opened.body["state"].as_str(), opened.body["review_note"].clone()),
        (Some("open"), serde_json::Value::Null)
    );
    let mails = app.mails_to("a@comune.valdora.example", 4).await;
    assert!(
        mails
            .iter()
            .any(|m| m.body.contains("ha aperto la sfida")
                && m.body.contains(&format!("/administration/challenges/{SLUG}"))),
        "the opening's mail"
    );
    assert_eq!(app.get(&format!("/api/v1/challenges/{SLUG}"), None).await.status, 200);
    // Open, it is the hub's: the officer no longer edits it.
    assert_eq!(patched(&app, &valdora, json!({"title_it": "Dopo"})).await, 409);
});

/// A proposal to `challenge` screened eligible, reviewed at `score` and decided.
async fn decided(app: &TestApp, anna: &str, hub: &str, title: &str, score: f64, accept: bool) -> String {
    use hub_tests::funnel::{assigned, confirm, evaluator, in_days, moved, save_and_submit, under_review};
    let id = under_review(app, anna, hub, title, SLUG).await;
    let (token, evaluator_id) = evaluator(app, &format!("ev-{}@hub.example", &id[id.len() - 12..]), None).await;
    let review = assigned(app, hub, &id, &evaluator_id, &in_days(10)).await;
    confirm(app, &token, &review).await;
    save_and_submit(app, &token, &review, crate::catalogue::review(score)).await;
    let (decision, state) = if accept { ("accept", "accepted") } else { ("reject", "rejected") };
    let body = json!({"decision": decision, "rationale": "Motivazione.", "override_reason": "Prova"});
    moved(app, hub, &id, "decide", body, state).await;
    id
}

hub_test!(an_administration_follows_its_challenge_without_a_score_before_the_decision, |app| {
    use hub_tests::funnel::{moved, submitted, under_review};
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (rupe, _) = officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    assert_eq!(app.post("/api/v1/challenges", Some(&valdora), drafted(SLUG, &valdora_org)).await.status, 201);
    let follow = format!("/api/v1/challenges/{SLUG}/follow");
    let empty = app.get(&follow, Some(&valdora)).await;
    assert_eq!((empty.status, empty.body["admitted"].clone()), (200, json!([])), "{}", empty.text);
    assert_eq!(
        app.post(&format!("/api/v1/challenges/{SLUG}/open"), Some(&hub), serde_json::Value::Null).await.status,
        200
    );

    let pending = submitted(&app, &anna, "In attesa di ammissione", SLUG).await;
    let out = submitted(&app, &anna, "Fuori tema", SLUG).await;
    moved(&app, &hub, &out, "screen", json!({"eligible": false, "reason": "Non pertinente."}), "rejected").await;
    let reviewing = under_review(&app, &anna, &hub, "Ancora in valutazione", SLUG).await;
    let first = decided(&app, &anna, &hub, "La migliore", 4.5, true).await;
    let second = decided(&app, &anna, &hub, "La seconda", 2.0, false).await;

    let seen = app.get(&follow, Some(&valdora)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(
        seen.body["counts"],
        json!({"submitted": 1, "under_review": 1, "accepted": 1, "rejected": 2}),
        "{}",
        seen.text
    );
    let admitted: Vec<&str> =
        seen.body["admitted"].as_array().expect("admitted").iter().filter_map(|p| p["id"].as_str()).collect();
    assert_eq!(
        admitted,
        [reviewing.as_str(), first.as_str(), second.as_str()],
        "screened eligible only: {}",
        seen.text
    );
    assert!(!seen.text.contains(&pending) && !seen.text.contains(&out), "neither unscreened nor ineligible");
    assert_eq!(seen.body["admitted"][0]["organization_name"], "Aurora Labs S.r.l.");
    assert_eq!(seen.body["admitted"][0]["decided_at"], serde_json::Value::Null);
    // The ranking holds the decided proposals only, each with its decision and total.
    let ranking = seen.body["ranking"].as_array().expect("ranking");
    let ranked: Vec<(u64, &str, &str, f64)> = ranking
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap_or(0),
                r["proposal_id"].as_str().unwrap_or(""),
                r["decision"].as_str().unwrap_or(""),
                r["weighted_total"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(ranked, [(1, first.as_str(), "accepted", 4.5), (2, second.as_str(), "rejected", 2.0)], "{}", seen.text);
    // Nothing of the reviews: no evaluator, no comment, no score of the proposal still under review.
    for secret in ["ev-", "Solido.", "evaluator", "comments"] {
        assert!(!seen.text.contains(secret), "{secret} in {}", seen.text);
    }

    // Another administration, a proposer: refused; the hub: reads it.
    app.get(&follow, Some(&rupe)).await.assert_problem(403, "forbidden");
    app.get(&follow, Some(&anna)).await.assert_problem(403, "forbidden");
    app.get(&follow, None).await.assert_problem(401, "unauthenticated");
    assert_eq!(app.get(&follow, Some(&hub)).await.status, 200);
});

hub_test!(an_officer_evaluates_their_administrations_challenge_only_without_a_conflict_of_interest, |app| {
    use domain::Role;
    use hub_tests::funnel::{assign, confirm, in_days, under_review};
    let root = admin(&app).await;
    let (valdora, valdora_org) =
        officer(&app, &root, "a@comune.valdora.example", "Comune di Valdora", "80214573604", "c_l219").await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    let org = Some(valdora_org.parse().expect("an organisation id"));
    // Valdora's people: an officer who evaluates, and one who offers the administration's own solution.
    let judge =
        app.user_with_roles("valuta@comune.valdora.example", &[Role::Administration, Role::Evaluator], org).await;
    let judge_id = app.get("/api/v1/me", Some(&judge)).await.body["id"].as_str().expect("id").to_owned();
    let offering =
        app.user_with_roles("offre@comune.valdora.example", &[Role::Administration, Role::Proposer], org).await;
    assert_eq!(app.post("/api/v1/challenges", Some(&valdora), drafted(SLUG, &valdora_org)).await.status, 201);
    for (token, action) in [(&valdora, "propose"), (&hub, "open")] {
        let moved =
            app.post(&format!("/api/v1/challenges/{SLUG}/{action}"), Some(token), serde_json::Value::Null).await;
        assert_eq!(moved.status, 200, "{action}: {}", moved.text);
    }
    let startup = under_review(&app, &anna, &hub, "Agenda della startup", SLUG).await;
    let own = under_review(&app, &offering, &hub, "La soluzione del Comune", SLUG).await;

    // The existing rules: never on their own administration's proposal; on another's, after confirming.
    assign(&app, Some(&hub), &own, &judge_id, &in_days(7)).await.assert_problem(409, "conflict_of_interest");
    let review = assign(&app, Some(&hub), &startup, &judge_id, &in_days(7)).await;
    assert_eq!(review.status, 201, "{}", review.text);
    let review = review.body["id"].as_str().expect("id").to_owned();
    assert_eq!(confirm(&app, &judge, &review).await.status, 200);
});
