//! The notice of the grounds on the pages (issue 19; L. 241/1990 art. 10-bis): the manager's rejection
//! on the open call is refused until the grounds are given from the decision's page; the team reads them
//! on its proposal's page and answers with the form; the decision's page then asks for the reply to the
//! observations, which the team reads in its evaluation summary. CSRF on both forms.

use hub_tests::funnel::{MANAGER, assigned, confirm, evaluator, in_days, manager, save_and_submit, under_review};
use hub_tests::{TestApp, hub_test};
use serde_json::json;

const ANNA: &str = "anna@aurora.example";
const GROUNDS: &str = "GROUNDS-w41: manca la stima dei costi di esercizio.";
const OBSERVATIONS: &str = "OBSERVATIONS-w41: i costi sono nella tabella 2 della proposta.";
const REPLY: &str = "REPLY-w41: la tabella 2 riporta solo i costi di avvio.";

/// A proposal on the open call with three submitted reviews: its id.
pub(crate) async fn reviewed(app: &TestApp) -> String {
    let (anna, _) = hub_tests::funnel::verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    let id = under_review(app, &anna, &hub, "Sportello con costi", "open-call").await;
    for i in 1..=3 {
        let (token, eva) = evaluator(app, &format!("eva{i}@hub.example"), None).await;
        let review = assigned(app, &hub, &id, &eva, &in_days(7)).await;
        confirm(app, &token, &review).await;
        let scores = json!({"security_sovereignty": 2.5, "growth_development": 3.0, "talent_skills": 3.0,
            "effectiveness_sustainability": 2.5});
        save_and_submit(
            app,
            &token,
            &review,
            json!({"scores": scores, "overall_comment": "Costi assenti.",
            "recommendation": "reject"}),
        )
        .await;
    }
    id
}

hub_test!(a_team_answers_the_grounds_and_the_managers_rejection_answers_the_observations, |app| {
    let id = reviewed(&app).await;
    let decide = format!("/manage/proposals/{id}/decide");
    let hub = app.signed_in(MANAGER, "it").await;

    // The rejection is refused until the grounds are given; the decision's page offers the form.
    let refused = hub.submit(&decide, &decide, &[("decision", "reject"), ("rationale", "Costi assenti.")]).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert!(refused.text.contains(&format!("action=\"/manage/proposals/{id}/notice\"")), "{}", refused.text);
    let notice = format!("/manage/proposals/{id}/notice");
    let blank = hub.submit(&decide, &notice, &[("grounds", "  ")]).await;
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert!(blank.text.contains("id=\"grounds-error\""), "{}", blank.text);
    assert_eq!(hub.post(&notice, &[("grounds", GROUNDS)]).await.status, 403, "a form without its token");
    let given = hub.submit(&decide, &notice, &[("grounds", GROUNDS)]).await;
    assert_eq!(
        (given.status, given.header("location")),
        (303, Some(format!("/manage/proposals/{id}?done=notified").as_str())),
        "{}",
        given.text
    );
    let waiting = hub.get(&decide).await;
    assert!(waiting.text.contains(GROUNDS), "{}", waiting.text);
    assert!(!waiting.text.contains(&format!("action=\"{notice}\"")), "one notice per version");
    assert!(!waiting.text.contains("name=\"observations_reply\""), "nothing to answer yet");

    // The team reads the grounds and answers once with the form.
    let team = app.signed_in(ANNA, "it").await;
    let page = format!("/proposals/{id}");
    let shown = team.get(&page).await;
    assert!(shown.text.contains(GROUNDS) && shown.text.contains("name=\"observations\""), "{}", shown.text);
    let action = format!("/proposals/{id}/observations");
    let empty = team.submit(&page, &action, &[("observations", "")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(empty.text.contains("id=\"observations-error\""), "{}", empty.text);
    assert_eq!(team.post(&action, &[("observations", OBSERVATIONS)]).await.status, 403, "a form without its token");
    let sent = team.submit(&page, &action, &[("observations", OBSERVATIONS)]).await;
    assert_eq!((sent.status, sent.header("location")), (303, Some(format!("{page}?done=observed").as_str())));
    let after = team.get(&page).await;
    assert!(after.text.contains(OBSERVATIONS) && !after.text.contains("name=\"observations\""), "{}", after.text);

    // The desk lists the proposal as ready for the decision; the decision's page shows the observations
    // and asks the rejection to answer them.
    let desk = hub.get("/manage").await;
    let awaiting = desk.text.split("id=\"awaiting-heading\"").nth(1).unwrap_or_default();
    let awaiting = awaiting.split("</section>").next().unwrap_or_default();
    assert!(awaiting.contains(&format!("href=\"{decide}\"")), "the desk's procedures list it: {}", desk.text);
    let answer = hub.get(&decide).await;
    assert!(answer.text.contains(OBSERVATIONS) && answer.text.contains("name=\"observations_reply\""));
    let unanswered = hub.submit(&decide, &decide, &[("decision", "reject"), ("rationale", "Costi assenti.")]).await;
    assert_eq!(unanswered.status, 422, "{}", unanswered.text);
    assert!(unanswered.text.contains("id=\"observations_reply-error\""), "{}", unanswered.text);
    let fields = [("decision", "reject"), ("rationale", "Costi assenti."), ("observations_reply", REPLY)];
    let rejected = hub.submit(&decide, &decide, &fields).await;
    assert_eq!(rejected.status, 303, "{}", rejected.text);
    let summary = team.get(&format!("/proposals/{id}/summary")).await;
    assert!([GROUNDS, OBSERVATIONS, REPLY].iter().all(|t| summary.text.contains(t)), "{}", summary.text);
});
