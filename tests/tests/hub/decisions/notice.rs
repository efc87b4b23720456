//! Notice of the grounds before a refusal (issue 19; L. 241/1990 art. 10-bis): the open call requires it;
//! a hub manager gives the grounds, the team has ten days (the hub's clock) to send observations once; a
//! rejection waits for them or for the term to end and answers them; notice, observations and reply are in
//! the history, the audit log, the emails and the evaluation summary. Each role's refusals.

use chrono::Duration;
use domain::Clock;

use super::*;

const GROUNDS: &str = "GROUNDS-7f3: il piano di formazione non indica destinatari né ore.";
const OBSERVATIONS: &str = "OBSERVATIONS-7f3: il piano è nella sezione 3, con 40 ore per 120 operatori.";
const REPLY: &str = "REPLY-7f3: la sezione 3 non indica chi tiene la formazione né come si misura.";

async fn notice(app: &TestApp, token: Option<&str>, id: &str) -> Answer {
    app.get(&format!("/api/v1/proposals/{id}/notice"), token).await
}

async fn give(app: &TestApp, token: Option<&str>, id: &str, grounds: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/notice"), token, json!({"grounds": grounds})).await
}

async fn observe(app: &TestApp, token: Option<&str>, id: &str, text: &str) -> Answer {
    app.post(&format!("/api/v1/proposals/{id}/notice/observations"), token, json!({"observations": text})).await
}

fn reject(reply: Option<&str>) -> Value {
    json!({"decision": "reject", "rationale": "Il talento resta sotto la soglia.", "observations_reply": reply})
}

hub_test!(a_rejection_on_the_open_call_follows_the_notice_and_answers_the_observations, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Formazione digitale per gli sportelli";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let panel = reviewed(&app, &hub, &id, &org, 3, 3, [4.0, 4.0, 2.0, 4.0]).await;
    let (eva, _, _) = &panel[0];

    // The open call requires notice; nothing given yet. Only the team and hub managers read it.
    let read = notice(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!((read.body["required"].clone(), read.body["days"].clone()), (json!(true), json!(10)));
    assert_eq!(read.body["notice"], Value::Null);
    notice(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    notice(&app, Some(eva), &id).await.assert_problem(404, "not_found");
    notice(&app, None, &id).await.assert_problem(401, "unauthenticated");
    let open_call = app.get("/api/v1/challenges/open-call", Some(&hub)).await;
    assert_eq!(open_call.body["evaluation"]["notice_of_grounds"], true, "{}", open_call.text);

    // A rejection without notice is refused; the team, another organisation and evaluators give none.
    decide(&app, Some(&hub), &id, reject(None)).await.assert_problem(409, "notice_required");
    give(&app, Some(&anna), &id, GROUNDS).await.assert_problem(403, "forbidden");
    give(&app, Some(&nico), &id, GROUNDS).await.assert_problem(404, "not_found");
    give(&app, Some(eva), &id, GROUNDS).await.assert_problem(404, "not_found");
    assert_eq!(fields(&give(&app, Some(&hub), &id, " \n ").await), ["grounds"]);

    // The hub gives notice: ten days from the hub's clock, the team emailed the grounds.
    let given_at = app.clock.now();
    let given = give(&app, Some(&hub), &id, GROUNDS).await;
    assert_eq!(given.status, 201, "{}", given.text);
    assert_eq!(given.header("location"), Some(format!("/api/v1/proposals/{id}/notice").as_str()));
    let n = &given.body["notice"];
    assert_eq!((n["stage"].clone(), n["grounds"].clone()), (json!("running"), json!(GROUNDS)));
    assert_eq!(n["notified_by"], "Staff Member");
    let due: chrono::DateTime<Utc> = n["due_at"].as_str().and_then(|d| d.parse().ok()).expect("a due date");
    assert!((due - given_at - Duration::days(10)).num_seconds().abs() <= 1, "{due} vs {given_at}");
    give(&app, Some(&hub), &id, "Altri motivi.").await.assert_problem(409, "notice_exists");
    let mails = wait_mails(&app, ANNA, title, GROUNDS, 1, StdDuration::from_secs(10)).await;
    assert_eq!(mails.len(), 1, "the team is emailed the grounds");
    assert!(mails[0].body.contains("10-bis"), "{}", mails[0].body);

    // While the term runs the rejection waits (acceptance would not); the team's page shows the form.
    decide(&app, Some(&hub), &id, reject(None)).await.assert_problem(409, "notice_running");
    let visitor = app.signed_in(ANNA, "it").await;
    let page = visitor.get(&format!("/proposals/{id}")).await;
    assert!(page.text.contains(GROUNDS) && page.text.contains("name=\"observations\""), "{}", page.text);

    // Only a proposer of the team sends observations, once, not blank.
    observe(&app, Some(&hub), &id, OBSERVATIONS).await.assert_problem(403, "forbidden");
    observe(&app, Some(&nico), &id, OBSERVATIONS).await.assert_problem(404, "not_found");
    assert_eq!(fields(&observe(&app, Some(&anna), &id, "   ").await), ["observations"]);
    app.clock.advance(Duration::days(3));
    let (anna, hub) = (app.token(ANNA).await, app.token(MANAGER).await);
    let answered = observe(&app, Some(&anna), &id, OBSERVATIONS).await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    assert_eq!(answered.body["notice"]["stage"], "answered");
    assert_eq!(answered.body["notice"]["observations"], OBSERVATIONS);
    observe(&app, Some(&anna), &id, "Ancora.").await.assert_problem(409, "observations_sent");
    let told = wait_mails(&app, MANAGER, title, "Aurora Labs", 1, StdDuration::from_secs(10)).await;
    assert_eq!(told.len(), 1, "the manager who gave notice is told");

    // The rejection now answers the observations; accepting does not take a reply.
    assert_eq!(fields(&decide(&app, Some(&hub), &id, reject(None)).await), ["observations_reply"]);
    let accept =
        json!({"decision": "accept", "rationale": "Sì.", "override_reason": "Prova.", "observations_reply": REPLY});
    assert_eq!(fields(&decide(&app, Some(&hub), &id, accept).await), ["observations_reply"]);
    decided(&decide(&app, Some(&hub), &id, reject(Some(REPLY))).await, "rejected");
    let decision = wait_mails(&app, ANNA, title, REPLY, 1, StdDuration::from_secs(10)).await;
    assert_eq!(decision.len(), 1, "the decision's email answers the observations");
    assert_eq!(notice(&app, Some(&anna), &id).await.body["notice"]["observations_reply"], REPLY);

    // The record: history, audit, the evaluation summary with the notice and its steps.
    let steps: Vec<String> =
        history(&app, &anna, &id).await.iter().map(|s| s["action"].as_str().unwrap_or("").to_owned()).collect();
    let at = |e: &str| steps.iter().position(|s| s == e).unwrap_or_else(|| panic!("{e} in {steps:?}"));
    assert!(at("notice_of_grounds") < at("observations") && at("observations") < at("decide_reject"), "{steps:?}");
    let admin = app.token("admin@hub.example").await;
    let audit = app.get("/api/v1/audit?target_type=proposal&limit=100", Some(&admin)).await;
    for action in ["proposal.grounds_notified", "proposal.observations_sent"] {
        let found = audit.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["target_id"] == id.as_str() && e["action"] == action);
        assert!(found, "{action} audited: {}", audit.text);
    }
    let summary = app.get(&format!("/api/v1/proposals/{id}/evaluation-summary"), Some(&anna)).await;
    assert_eq!(summary.status, 200, "{}", summary.text);
    let record = &summary.body["notice"];
    assert_eq!((record["grounds"].clone(), record["observations"].clone()), (json!(GROUNDS), json!(OBSERVATIONS)));
    assert_eq!(record["observations_reply"], REPLY);
    let visitor = app.signed_in(ANNA, "it").await;
    let page = visitor.get(&format!("/proposals/{id}/summary")).await;
    assert!([GROUNDS, OBSERVATIONS, REPLY].iter().all(|t| page.text.contains(t)), "{}", page.text);
});

hub_test!(once_the_term_ends_the_team_can_no_longer_answer_and_the_rejection_needs_no_reply, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let id = under_review(&app, &anna, &hub, "Sportello senza osservazioni", "open-call").await;
    reviewed(&app, &hub, &id, &org, 3, 3, [2.5; 4]).await;
    assert_eq!(give(&app, Some(&hub), &id, GROUNDS).await.status, 201);

    // One second before the end of the term it still runs; at the end it has lapsed.
    app.clock.advance(Duration::days(10) - Duration::seconds(1));
    let hub = app.token(MANAGER).await;
    decide(&app, Some(&hub), &id, reject(None)).await.assert_problem(409, "notice_running");
    app.clock.advance(Duration::seconds(1));
    let (anna, hub) = (app.token(ANNA).await, app.token(MANAGER).await);
    assert_eq!(notice(&app, Some(&anna), &id).await.body["notice"]["stage"], "lapsed");
    observe(&app, Some(&anna), &id, OBSERVATIONS).await.assert_problem(409, "notice_lapsed");
    assert_eq!(fields(&decide(&app, Some(&hub), &id, reject(Some(REPLY))).await), ["observations_reply"]);
    decided(&decide(&app, Some(&hub), &id, reject(None)).await, "rejected");
    // After the decision there is nothing to answer any more.
    observe(&app, Some(&anna), &id, OBSERVATIONS).await.assert_problem(409, "invalid_transition");
    give(&app, Some(&hub), &id, GROUNDS).await.assert_problem(409, "invalid_transition");
});

hub_test!(a_challenge_requires_no_notice_unless_it_says_so_and_sets_a_term_of_the_laws_or_longer, |app| {
    let anna = aurora(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let sponsor = organization(&app, &admin, "Comune di Prova", "public_administration", "80004739258").await;
    let opens_at = (Utc::now() - Duration::hours(1)).to_rfc3339();
    let body = json!({"slug": "sportelli-prova", "title_it": "Sportelli di prova", "description_it": "Prenotazioni.",
        "sponsor_id": sponsor, "opens_at": opens_at});
    let created = app.post("/api/v1/challenges", Some(&hub), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["evaluation"]["notice_of_grounds"], false, "a competitive procedure: off");
    let path = "/api/v1/challenges/sportelli-prova";
    let patch = async |body: Value| {
        let etag = app.get(path, Some(&hub)).await.header("etag").unwrap_or_default().to_owned();
        let response = app
            .client
            .request(Method::PATCH, format!("{}{path}", app.base))
            .bearer_auth(&hub)
            .header("If-Match", etag)
            .json(&body)
            .send()
            .await
            .expect("patch");
        TestApp::answer(response).await
    };
    assert_eq!(fields(&patch(json!({"evaluation": {"notice_days": 9}})).await), ["evaluation.notice_days"]);
    // On, with twenty days (set before any review: the evaluation settings freeze at the first).
    let on = patch(json!({"evaluation": {"notice_of_grounds": true, "notice_days": 20}})).await;
    assert_eq!(on.status, 200, "{}", on.text);
    assert_eq!(app.post(&format!("{path}/open"), Some(&hub), Value::Null).await.status, 200);
    let id = under_review(&app, &anna, &hub, "Prenotazioni con preavviso", "sportelli-prova").await;
    decide(&app, Some(&hub), &id, reject(None)).await.assert_problem(409, "notice_required");
    let given = give(&app, Some(&hub), &id, GROUNDS).await;
    let (from, to) = (given.body["notice"]["notified_at"].as_str(), given.body["notice"]["due_at"].as_str());
    let parse = |t: Option<&str>| t.and_then(|t| t.parse::<chrono::DateTime<Utc>>().ok()).expect("a time");
    assert_eq!(parse(to) - parse(from), Duration::days(20), "{}", given.text);
});
