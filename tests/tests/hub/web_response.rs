//! The team's response to the reviews on the pages (issue 19): a hub manager lets a challenge's teams
//! answer from the challenge form; once the reviews are in the team reads them on its proposal's page
//! (comments only, as the challenge says) and answers with the form; the decision's page says the
//! decision waits while the term runs, and the consensus page shows the evaluators the response. CSRF on
//! the form.

use hub_tests::funnel::{
    MANAGER, admin, assigned, confirm, evaluator, in_days, manager, organization, save_and_submit, under_review,
};
use hub_tests::hub_test;
use serde_json::{Value, json};

const ANNA: &str = "anna@aurora.example";
pub(crate) const COMMENT: &str = "COMMENT-r81: le chiavi di cifratura non sono descritte.";
pub(crate) const RESPONSE: &str = "RESPONSE-r81: le chiavi sono gestite dalla Regione, sezione 4.";

/// A proposal on a challenge letting the team answer (comments only) with three submitted reviews
/// commenting `COMMENT`: its id; the evaluators are `eva1@hub.example` … `eva3@hub.example`.
pub(crate) async fn reviewed(app: &hub_tests::TestApp) -> String {
    let (anna, _) = hub_tests::funnel::verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    let root = admin(app).await;
    let sponsor = organization(app, &root, "Comune di Lecce", "public_administration", "80004739258").await;
    let body = json!({"slug": "risposta-browser", "title_it": "Risposta", "description_it": "Prova.",
        "sponsor_id": sponsor, "opens_at": in_days(-1),
        "evaluation": {"response": true, "response_with_scores": false}});
    assert_eq!(app.post("/api/v1/challenges", Some(&hub), body).await.status, 201);
    assert_eq!(app.post("/api/v1/challenges/risposta-browser/open", Some(&hub), Value::Null).await.status, 200);
    let id = under_review(app, &anna, &hub, "Chiavi sul PSN", "risposta-browser").await;
    three_reviews(app, &hub, &id).await;
    id
}

/// Three evaluators review `id` (submitted), commenting `COMMENT` with a confidential note.
async fn three_reviews(app: &hub_tests::TestApp, hub: &str, id: &str) {
    for i in 1..=3 {
        let (token, eva) = evaluator(app, &format!("eva{i}@hub.example"), None).await;
        let review = assigned(app, hub, id, &eva, &in_days(7)).await;
        confirm(app, &token, &review).await;
        let scores = json!({"security_sovereignty": 2.5, "growth_development": 3.5, "talent_skills": 3.5,
            "effectiveness_sustainability": 3.5});
        let body = json!({"scores": scores, "comments": {"security_sovereignty": COMMENT},
            "overall_comment": "Da chiarire.", "confidential_comment": "SECRET-r81", "recommendation": "revise"});
        save_and_submit(app, &token, &review, body).await;
    }
}

hub_test!(a_team_reads_the_reviews_and_answers_them_and_the_panel_reads_the_response, |app| {
    let (anna, _) = hub_tests::funnel::verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let hub_token = manager(&app).await;
    let root = admin(&app).await;
    let sponsor = organization(&app, &root, "Comune di Lecce", "public_administration", "80004739258").await;

    // The hub manager lets the teams answer, comments only, ten days, from the challenge's form.
    let hub = app.signed_in(MANAGER, "it").await;
    let new = "/manage/challenges/new";
    let form = hub.get(new).await;
    assert!(form.text.contains("name=\"response\"") && form.text.contains("name=\"response_days\""), "{}", form.text);
    let fields = crate::web_manage_challenges::fields(&sponsor, "25", "Risposta sulle pagine");
    let wrong = [fields.clone(), vec![("response", "on"), ("response_days", "45")]].concat();
    let refused = hub.submit(new, new, &wrong).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"response_days-error\""), "{}", refused.text);
    let right = [fields, vec![("response", "on"), ("response_days", "10")]].concat();
    let saved = hub.submit(new, new, &right).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let slug = crate::web_manage_challenges::SLUG;
    let read = app.get(&format!("/api/v1/challenges/{slug}"), Some(&hub_token)).await;
    let rule = &read.body["evaluation"];
    let rule = (&rule["response"], &rule["response_days"], &rule["response_with_scores"]);
    assert_eq!(rule, (&json!(true), &json!(10), &json!(false)), "{}", read.text);
    let open = format!("/api/v1/challenges/{slug}/open");
    assert_eq!(app.post(&open, Some(&hub_token), Value::Null).await.status, 200);

    // Three reviews come in: the team's page shows them, without scores, and the form.
    let id = under_review(&app, &anna, &hub_token, "Chiavi sul PSN", slug).await;
    three_reviews(&app, &hub_token, &id).await;
    let team = app.signed_in(ANNA, "it").await;
    let page = format!("/proposals/{id}");
    let shown = team.get(&page).await;
    assert!(shown.text.contains(COMMENT) && shown.text.contains("name=\"response\""), "{}", shown.text);
    assert!(!shown.text.contains("SECRET-r81") && !shown.text.contains("eva1@"), "anonymised: {}", shown.text);
    assert!(!shown.text.contains("class=\"score\""), "no scores: {}", shown.text);

    // The decision's page says it waits; the form needs its token; a blank answer is refused in place.
    let decide = hub.get(&format!("/manage/proposals/{id}/decide")).await;
    assert!(decide.text.contains("the decision waits"), "the decision waits: {}", decide.text);
    let action = format!("/proposals/{id}/response");
    let blank = team.submit(&page, &action, &[("response", " ")]).await;
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert!(blank.text.contains("id=\"response-error\""), "{}", blank.text);
    assert_eq!(team.post(&action, &[("response", RESPONSE)]).await.status, 403, "a form without its token");
    let sent = team.submit(&page, &action, &[("response", RESPONSE)]).await;
    assert_eq!((sent.status, sent.header("location")), (303, Some(format!("{page}?done=responded").as_str())));
    let after = team.get(&format!("{page}?done=responded")).await;
    assert!(after.text.contains(RESPONSE) && !after.text.contains("name=\"response\""), "{}", after.text);
    assert!(after.text.contains("role=\"status\""), "{}", after.text);

    // An evaluator reads the response on the consensus page; the manager on the proposal's page.
    let eva = app.signed_in("eva1@hub.example", "it").await;
    let consensus = eva.get(&format!("/consensus/{id}")).await;
    assert_eq!(consensus.status, 200, "{}", consensus.text);
    assert!(consensus.text.contains(RESPONSE), "{}", consensus.text);
    let managed = hub.get(&format!("/manage/proposals/{id}")).await;
    assert!(managed.text.contains(RESPONSE), "{}", managed.text);
});
