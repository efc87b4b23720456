//! Redress (issue 19): within the challenge's term after a rejection (the hub's clock) the team asks once
//! for a review on procedural grounds; a hub manager other than the one who decided rejects the request
//! with reasons, or upholds it and reopens the evaluation as a new version (the earlier decision stays in
//! the history); every step emailed and audited; each role's refusals.

use chrono::Duration;
use domain::Role;

use super::*;

const STATEMENT: &str = "STATEMENT-r9: la non ammissibilità cita un requisito che il bando non prevede.";
const REASON: &str = "REASON-r9: il requisito non è nel bando; la proposta va valutata.";
const SECOND: &str = "second.manager@hub.example";

async fn redress(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/redress"), token).await
}

async fn file(app: &TestApp, token: Option<&str>, id: &str, statement: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/redress"), token, json!({"statement": statement})).await
}

async fn handle(app: &TestApp, token: Option<&str>, id: &str, outcome: &str, reason: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/redress/handle"), token, json!({"outcome": outcome, "reason": reason}))
        .await
}

/// A proposal of Aurora's on the open call found ineligible at screening by the first hub manager.
async fn ineligible(app: &TestApp, anna: &str, hub: &str, title: &str) -> String {
    let id = submitted(app, anna, title, "open-call").await;
    let screen = json!({"eligible": false, "reason": "Manca la certificazione ISO 27001 richiesta dal bando."});
    let answer = app.post(&format!("/api/v1/proposals/{id}/screen"), Some(hub), screen).await;
    assert_eq!((answer.status, answer.body["state"].as_str()), (200, Some("rejected")), "{}", answer.text);
    id
}

hub_test!(another_manager_upholds_the_teams_request_and_the_evaluation_reopens_as_a_new_version, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let second = app.user_with_roles(SECOND, &[Role::HubManager], None).await;
    let title = "Sportello per le imprese";
    let id = ineligible(&app, &anna, &hub, title).await;

    // The team and the hub read the term; nobody else does.
    let read = redress(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!((read.body["days"].clone(), read.body["open"].clone()), (json!(30), json!(true)));
    assert!(read.body["deadline"].is_string() && read.body["request"].is_null(), "{}", read.text);
    redress(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    redress(&app, None, &id).await.assert_problem(401, "unauthenticated");

    // Only the team files, with a statement, once.
    file(&app, Some(&nico), &id, STATEMENT).await.assert_problem(404, "not_found");
    file(&app, Some(&hub), &id, STATEMENT).await.assert_problem(403, "forbidden");
    assert_eq!(fields(&file(&app, Some(&anna), &id, "  ").await), ["statement"]);
    let filed = file(&app, Some(&anna), &id, STATEMENT).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.header("location"), Some(format!("/api/v1/proposals/{id}/redress").as_str()));
    assert_eq!(filed.body["request"]["state"], "pending");
    assert_eq!(filed.body["open"], false);
    file(&app, Some(&anna), &id, STATEMENT).await.assert_problem(409, "redress_exists");
    let told = wait_mails(&app, SECOND, title, "Aurora Labs", 1, StdDuration::from_secs(10)).await;
    assert_eq!(told.len(), 1, "hub managers are emailed the request");

    // The manager who decided does not handle it; the team does not; the other manager upholds it.
    handle(&app, Some(&hub), &id, "uphold", REASON).await.assert_problem(403, "forbidden");
    handle(&app, Some(&anna), &id, "uphold", REASON).await.assert_problem(403, "forbidden");
    assert_eq!(fields(&handle(&app, Some(&second), &id, "uphold", "").await), ["reason"]);
    let upheld = handle(&app, Some(&second), &id, "uphold", REASON).await;
    assert_eq!(upheld.status, 200, "{}", upheld.text);
    assert_eq!(
        (upheld.body["request"]["state"].clone(), upheld.body["request"]["reason"].clone()),
        (json!("upheld"), json!(REASON))
    );
    handle(&app, Some(&second), &id, "reject", REASON).await.assert_problem(409, "no_redress");

    // Back to review as version 2, open to new assignments; the earlier decision stays in the history.
    let now = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(
        (now.body["state"].as_str(), now.body["version"].as_i64()),
        (Some("under_review"), Some(2)),
        "{}",
        now.text
    );
    let steps: Vec<String> =
        history(&app, &anna, &id).await.iter().map(|s| s["action"].as_str().unwrap_or("").to_owned()).collect();
    let at = |e: &str| steps.iter().position(|s| s == e).unwrap_or_else(|| panic!("{e} in {steps:?}"));
    assert!(at("screen_ineligible") < at("redress_filed") && at("redress_filed") < at("reopen"), "{steps:?}");
    let org = university(&app).await;
    let (_, eva) = evaluator(&app, "eva.redress@uni.example", Some(&org)).await;
    let assignment = assigned(&app, &hub, &id, &eva, &in_days(7)).await;
    let read = app.get(&format!("/api/v1/reviews/{assignment}"), Some(&hub)).await;
    assert_eq!(read.body["proposal_version"], 2, "{}", read.text);
    let outcome = wait_mails(&app, ANNA, title, REASON, 1, StdDuration::from_secs(10)).await;
    assert_eq!(outcome.len(), 1, "the team is emailed the outcome and the reasons");
    let admin = app.token("admin@hub.example").await;
    let audit = app.get("/api/v1/audit?target_type=proposal&limit=100", Some(&admin)).await;
    for action in ["proposal.redress_filed", "proposal.redress_handled"] {
        let items = audit.body["items"].as_array().expect("items");
        assert!(items.iter().any(|e| e["target_id"] == id.as_str() && e["action"] == action), "{action}");
    }
    // The reopened version is not rejected: nothing to ask again.
    file(&app, Some(&anna), &id, STATEMENT).await.assert_problem(409, "not_rejected");
});

hub_test!(a_rejected_request_leaves_the_decision_and_the_term_is_kept_by_the_clock, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let second = app.user_with_roles(SECOND, &[Role::HubManager], None).await;
    let id = ineligible(&app, &anna, &hub, "Sportello respinto").await;
    handle(&app, Some(&second), &id, "reject", REASON).await.assert_problem(409, "no_redress");
    assert_eq!(file(&app, Some(&anna), &id, STATEMENT).await.status, 201);
    let rejected = handle(&app, Some(&second), &id, "reject", REASON).await;
    assert_eq!(rejected.body["request"]["state"], "rejected", "{}", rejected.text);
    handle(&app, Some(&second), &id, "uphold", REASON).await.assert_problem(409, "redress_handled");
    let now = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!((now.body["state"].as_str(), now.body["version"].as_i64()), (Some("rejected"), Some(1)));

    // Another rejection: one second before the thirtieth day the team may still ask, at it no longer.
    let late = ineligible(&app, &anna, &hub, "Sportello in ritardo").await;
    let early = ineligible(&app, &anna, &hub, "Sportello in tempo").await;
    app.clock.advance(Duration::days(30) - Duration::seconds(5));
    let anna = app.token(ANNA).await;
    assert_eq!(file(&app, Some(&anna), &early, STATEMENT).await.status, 201);
    app.clock.advance(Duration::seconds(10));
    let anna = app.token(ANNA).await;
    file(&app, Some(&anna), &late, STATEMENT).await.assert_problem(409, "redress_closed");
    assert_eq!(redress(&app, Some(&anna), &late).await.body["open"], false);
    // A proposal under review has no decision to challenge.
    let hub = app.token(MANAGER).await;
    let reviewing = under_review(&app, &anna, &hub, "Sportello in valutazione", "open-call").await;
    file(&app, Some(&anna), &reviewing, STATEMENT).await.assert_problem(409, "not_rejected");
});
