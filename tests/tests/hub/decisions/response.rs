//! The team's response to the reviews (issue 19): where a challenge allows it, the submission that brings
//! in the challenge's minimum of reviews opens a window (the hub's clock); the team reads the reviews
//! anonymised — without scores where the challenge says so — and answers once; the evaluators and the
//! rapporteur read the answer; the consensus report's finalisation and the decision wait for it or for
//! the term to end. History, audit, emails; each role's refusals.

use chrono::Duration;
use domain::Clock;

use super::consensus::{designate, draft_body, finalise, save_draft};
use super::*;

const RESPONSE: &str = "RESPONSE-5c2: la cifratura delle chiavi è descritta nell'allegato tecnico, sezione 4.";

async fn response(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/response"), token).await
}

async fn answer(app: &TestApp, token: Option<&str>, id: &str, text: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/response"), token, json!({"response": text})).await
}

/// An open challenge `slug` allowing the response with `evaluation` (min_reviews 2).
async fn challenge(app: &TestApp, hub: &str, slug: &str, evaluation: Value) -> String {
    let root = app.token("admin@hub.example").await;
    let sponsor = organization(app, &root, "Comune di Valdora", "public_administration", "80004739258").await;
    let body = json!({
        "slug": slug, "title_it": "Risposta alle valutazioni", "description_it": "Il gruppo risponde.",
        "sponsor_id": sponsor, "opens_at": in_days(-1), "closes_at": in_days(30), "evaluation": evaluation
    });
    let created = app.post("/api/v1/challenges", Some(hub), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(app.post(&format!("/api/v1/challenges/{slug}/open"), Some(hub), Value::Null).await.status, 200);
    slug.to_owned()
}

fn accept() -> Value {
    json!({"decision": "accept", "rationale": "Proposta solida; la risposta chiarisce le chiavi."})
}

hub_test!(the_team_reads_the_reviews_once_they_are_in_and_answers_once_before_the_consensus_and_the_decision, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let evaluation = json!({"min_reviews": 2, "response": true, "response_days": 5, "response_with_scores": false});
    let slug = challenge(&app, &hub, "risposta-prova", evaluation).await;
    let read = app.get(&format!("/api/v1/challenges/{slug}"), None).await;
    let rule = &read.body["evaluation"];
    assert_eq!(
        (&rule["response"], &rule["response_days"], &rule["response_with_scores"]),
        (&json!(true), &json!(5), &json!(false))
    );
    let title = "Chiavi gestite dalla Regione";
    let id = under_review(&app, &anna, &hub, title, &slug).await;
    let panel = reviewed(&app, &hub, &id, &org, 3, 1, [4.0; 4]).await;
    let ((eva1, _, _), (eva2, _, review2), (eva3, _, _)) = (&panel[0], &panel[1], &panel[2]);

    // One review of the two needed: no window; the team reads no review, and cannot answer.
    let before = response(&app, Some(&anna), &id).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!((&before.body["allowed"], &before.body["window"]), (&json!(true), &Value::Null), "{}", before.text);
    answer(&app, Some(&anna), &id, RESPONSE).await.assert_problem(409, "no_response_window");
    response(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    response(&app, Some(eva2), &id).await.assert_problem(403, "forbidden");
    response(&app, None, &id).await.assert_problem(401, "unauthenticated");
    // The consensus waits for the team: a report drafted now cannot be finalised before the window opens.
    let hub_id = user_id(&app, &hub).await;
    assert_eq!(designate(&app, &hub, &id, &hub_id).await.status, 200);
    assert_eq!(save_draft(&app, &hub, &id, draft_body(4.0, 4.0), None).await.status, 200);
    finalise(&app, &hub, &id).await.assert_problem(409, "response_pending");

    // The second review brings in the minimum: the window opens for five days and the team is emailed.
    let opened_at = app.clock.now();
    review(&app, eva2, review2, review_body([4.0; 4], "reviewer 2", "Confidential note 2")).await;
    let mails = wait_mails(&app, ANNA, title, "rispondere", 1, StdDuration::from_secs(10)).await;
    assert_eq!(mails.len(), 1, "the team is invited to answer");
    let read = response(&app, Some(&anna), &id).await;
    let window = &read.body["window"];
    assert_eq!(window["stage"], "running", "{}", read.text);
    let due: chrono::DateTime<Utc> = window["due_at"].as_str().and_then(|d| d.parse().ok()).expect("a due date");
    assert!((due - opened_at - Duration::days(5)).num_seconds().abs() <= 1, "{due} vs {opened_at}");
    let reviews = window["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 2, "the submitted reviews: {}", read.text);
    assert!(reviews.iter().all(|r| r["scores"] == json!({})), "comments only: {}", read.text);
    assert_eq!(reviews[0]["evaluator"], "Evaluator 1");
    assert!(read.text.contains("reviewer 1") && read.text.contains("reviewer 2"), "the comments: {}", read.text);
    assert!(!read.text.contains("Confidential") && !read.text.contains("eva1@"), "anonymised: {}", read.text);

    // The decision and the consensus wait while the team may answer.
    decide(&app, Some(&hub), &id, accept()).await.assert_problem(409, "response_running");
    finalise(&app, &hub, &id).await.assert_problem(409, "response_running");

    // Only a proposer of the team answers, once, not blank; the evaluator still writing reads nothing.
    answer(&app, Some(&hub), &id, RESPONSE).await.assert_problem(403, "forbidden");
    answer(&app, Some(eva1), &id, RESPONSE).await.assert_problem(403, "forbidden");
    answer(&app, Some(&nico), &id, RESPONSE).await.assert_problem(404, "not_found");
    response(&app, Some(eva3), &id).await.assert_problem(403, "forbidden");
    assert_eq!(fields(&answer(&app, Some(&anna), &id, " \n ").await), ["response"]);
    app.clock.advance(Duration::days(2));
    let (anna, hub) = (app.token(ANNA).await, app.token(MANAGER).await);
    let sent = answer(&app, Some(&anna), &id, RESPONSE).await;
    assert_eq!(sent.status, 200, "{}", sent.text);
    assert_eq!(
        (&sent.body["window"]["stage"], &sent.body["window"]["response"]),
        (&json!("answered"), &json!(RESPONSE))
    );
    answer(&app, Some(&anna), &id, "Ancora.").await.assert_problem(409, "response_sent");

    // A manager's token that may not read reviews reads none here either.
    let scopes: Vec<&str> = domain::Scope::ALL.iter().map(|s| s.as_str()).filter(|s| *s != "reviews:read").collect();
    let pat = app.post("/api/v1/me/tokens", Some(&hub), json!({"name": "no reviews", "scopes": scopes})).await;
    let pat = pat.body["secret"].as_str().expect("a token").to_owned();
    response(&app, Some(&pat), &id).await.assert_problem(403, "forbidden");

    // The panel reads it, and is emailed a link to the consensus; so is the rapporteur, here the responsible
    // officer too (told once).
    let eva1 = app.token("eva1@uni.example").await;
    let read = response(&app, Some(&eva1), &id).await;
    assert_eq!(read.body["window"]["response"], RESPONSE, "{}", read.text);
    for who in ["eva1@uni.example", "eva2@uni.example"] {
        let told = wait_mails(&app, who, title, "answered the reviews", 1, StdDuration::from_secs(10)).await;
        assert_eq!(told.len(), 1, "{who} is told of the response");
        assert!(told[0].body.contains(&format!("/consensus/{id}")), "{}", told[0].body);
    }
    assert!(mails_with(&app, "eva3@uni.example", title, "answered the reviews").is_empty(), "not the panel");
    let marker = "answered the reviews";
    let officer = wait_mails(&app, MANAGER, title, marker, 1, StdDuration::from_secs(10)).await;
    assert_eq!(officer.len(), 1, "the rapporteur and responsible officer is told once");
    std::thread::sleep(StdDuration::from_millis(300));
    assert_eq!(mails_with(&app, MANAGER, title, marker).len(), 1, "once");

    // The consensus and the decision may follow.
    assert_eq!(finalise(&app, &hub, &id).await.status, 200);
    decided(&decide(&app, Some(&hub), &id, accept()).await, "accepted");
    answer(&app, Some(&anna), &id, RESPONSE).await.assert_problem(409, "invalid_transition");

    // The record: history and audit.
    let steps: Vec<String> =
        history(&app, &anna, &id).await.iter().map(|s| s["action"].as_str().unwrap_or("").to_owned()).collect();
    let at = |e: &str| steps.iter().position(|s| s == e).unwrap_or_else(|| panic!("{e} in {steps:?}"));
    assert!(at("response_opened") < at("response") && at("response") < at("decide_accept"), "{steps:?}");
    let root = app.token("admin@hub.example").await;
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&limit=100"), Some(&root)).await;
    for action in ["proposal.response_opened", "proposal.response_sent"] {
        assert!(audit.text.contains(action), "{action} audited: {}", audit.text);
    }
});

hub_test!(once_the_term_ends_the_team_can_no_longer_answer_and_the_decision_follows, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let evaluation = json!({"min_reviews": 2, "response": true, "response_days": 3});
    let slug = challenge(&app, &hub, "risposta-scaduta", evaluation).await;
    let id = under_review(&app, &anna, &hub, "Sportello senza risposta", &slug).await;
    reviewed(&app, &hub, &id, &org, 2, 2, [2.5, 3.0, 3.5, 4.0]).await;

    // The challenge shows the scores: the team reads them.
    let read = response(&app, Some(&anna), &id).await;
    let reviews = read.body["window"]["reviews"].as_array().cloned().unwrap_or_default();
    assert_eq!(reviews.len(), 2, "{}", read.text);
    assert_eq!(reviews[0]["scores"]["talent_skills"], 3.5, "{}", read.text);

    // One second before the end of the term it still runs; at the end it has lapsed.
    app.clock.advance(Duration::days(3) - Duration::seconds(1));
    let hub = app.token(MANAGER).await;
    decide(&app, Some(&hub), &id, accept()).await.assert_problem(409, "response_running");
    app.clock.advance(Duration::seconds(1));
    let (anna, hub) = (app.token(ANNA).await, app.token(MANAGER).await);
    assert_eq!(response(&app, Some(&anna), &id).await.body["window"]["stage"], "lapsed");
    answer(&app, Some(&anna), &id, RESPONSE).await.assert_problem(409, "response_lapsed");
    let reject = json!({"decision": "reject", "rationale": "Sotto la soglia sulla sicurezza."});
    decided(&decide(&app, Some(&hub), &id, reject).await, "rejected");
});

hub_test!(a_window_running_when_the_proposal_leaves_review_is_closed_and_takes_no_response, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let evaluation = json!({"min_reviews": 1, "response": true});
    let slug = challenge(&app, &hub, "risposta-chiusa", evaluation).await;
    let id = under_review(&app, &anna, &hub, "Sportello da rivedere", &slug).await;
    reviewed(&app, &hub, &id, &org, 1, 1, [3.0; 4]).await;
    assert_eq!(response(&app, Some(&anna), &id).await.body["window"]["stage"], "running");
    let revise = json!({"note": "Precisare dove risiedono i dati."});
    let asked = app.post(&format!("/api/v1/proposals/{id}/request-revision"), Some(&hub), revise).await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    let read = response(&app, Some(&anna), &id).await;
    assert_eq!(read.body["window"]["stage"], "closed", "{}", read.text);
    answer(&app, Some(&anna), &id, RESPONSE).await.assert_problem(409, "invalid_transition");
    let visitor = app.signed_in(ANNA, "it").await;
    let page = visitor.get(&format!("/proposals/{id}")).await;
    assert!(!page.text.contains("name=\"response\""), "no form on a proposal out of review: {}", page.text);
});

hub_test!(a_challenge_allows_no_response_unless_it_says_so_and_sets_a_term_of_three_to_thirty_days, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let root = app.token("admin@hub.example").await;
    let sponsor = organization(&app, &root, "Comune di Prova", "public_administration", "80004739258").await;
    for days in [2, 31] {
        let body = json!({"slug": "risposta-termine", "title_it": "Termine", "description_it": "Prova.",
            "sponsor_id": sponsor, "opens_at": in_days(-1), "evaluation": {"response": true, "response_days": days}});
        assert_eq!(fields(&app.post("/api/v1/challenges", Some(&hub), body).await), ["evaluation.response_days"]);
    }
    // The open call allows none: its reviews go to the decision as before, the team reads nothing early.
    let open_call = app.get("/api/v1/challenges/open-call", None).await;
    assert_eq!(open_call.body["evaluation"]["response"], false, "{}", open_call.text);
    let id = under_review(&app, &anna, &hub, "Sportello senza risposta prevista", "open-call").await;
    reviewed(&app, &hub, &id, &org, 3, 3, [4.0; 4]).await;
    let read = response(&app, Some(&anna), &id).await;
    assert_eq!((&read.body["allowed"], &read.body["window"]), (&json!(false), &Value::Null), "{}", read.text);
    answer(&app, Some(&anna), &id, RESPONSE).await.assert_problem(409, "no_response_window");
    decided(&decide(&app, Some(&hub), &id, accept()).await, "accepted");
});
