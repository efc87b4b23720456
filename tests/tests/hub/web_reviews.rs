//! The evaluators' workspace: the queue, the conflict-of-interest step, the review form (saved, refused
//! when stale, autosaved), submission listing what is missing, the other reviews once submitted; and
//! who may open what. The evaluators made here read English (their accounts' language).

use hub_tests::funnel::{assigned, evaluator, in_days, manager, save_and_submit, under_review, verified_proposer};
use hub_tests::pages::Visitor;
use hub_tests::{TestApp, hub_test};
use reqwest::Method;
use serde_json::json;

const FIRST: &str = "elena@valdora.example";
const SECOND: &str = "paolo@tdi.example";

/// A proposal under review with two evaluators assigned: (proposal, first review, second review, the
/// second evaluator's token).
async fn setup(app: &TestApp) -> (String, String, String, String) {
    let (proposer, _) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    let proposal = under_review(app, &proposer, &hub, "Archivio sanitario federato", "open-call").await;
    let (_, first) = evaluator(app, FIRST, None).await;
    let (second_token, second) = evaluator(app, SECOND, None).await;
    let first_review = assigned(app, &hub, &proposal, &first, &in_days(10)).await;
    let second_review = assigned(app, &hub, &proposal, &second, &in_days(1)).await;
    (proposal, first_review, second_review, second_token)
}

/// The hidden revision of the review form on `html`.
fn revision(html: &str) -> String {
    html.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a revision").to_owned()
}

async fn confirmed(person: &Visitor, review: &str) -> String {
    let page = format!("/reviews/{review}");
    let confirmed = person.submit(&page, &format!("{page}/confirm"), &[]).await;
    assert_eq!((confirmed.status, confirmed.header("location")), (303, Some(page.as_str())), "{}", confirmed.text);
    let form = person.get(&page).await;
    assert_eq!(form.status, 200);
    form.text
}

const FULL: [(&str, &str); 8] = [
    ("score-security_sovereignty", "4"),
    ("score-growth_development", "3.5"),
    ("score-talent_skills", "2"),
    ("comment-talent_skills", "Manca un piano di formazione."),
    ("score-effectiveness_sustainability", "4.5"),
    ("overall_comment", "Proposta solida."),
    ("confidential_comment", "Solo per l'Hub: costi alti."),
    ("recommendation", "accept"),
];

hub_test!(an_evaluator_confirms_scores_submits_and_then_reads_the_others, |app| {
    let (_, review, other, other_token) = setup(&app).await;
    let person = app.signed_in(FIRST, "it").await;
    let queue = person.get("/reviews").await;
    assert_eq!(queue.status, 200, "{}", queue.text);
    assert!(queue.text.contains("Archivio sanitario federato") && queue.text.contains("Assigned"), "{}", queue.text);
    assert!(queue.text.contains(&format!("href=\"/reviews/{review}\"")));

    // The conflict step comes first; the proposal's content stays hidden until it is confirmed.
    let step = person.get(&format!("/reviews/{review}")).await;
    assert!(step.text.contains("Conflict of interest"), "{}", step.text);
    assert!(!step.text.contains("class=\"proposal-fields\""), "the proposal stays hidden: {}", step.text);
    let form = confirmed(&person, &review).await;
    for shown in ["class=\"proposal-fields\"", "Levels of", "name=\"score-talent_skills\""] {
        assert!(form.contains(shown), "{shown}: {form}");
    }

    // A draft saved with the button; then a submission that lists what is still missing.
    let page = format!("/reviews/{review}");
    let rev = revision(&form);
    let partial = [("revision", rev.as_str()), ("intent", "save"), ("score-talent_skills", "2")];
    let saved = person.submit(&page, &page, &partial).await;
    assert_eq!((saved.status, saved.header("location")), (303, Some(format!("{page}?saved=1").as_str())));
    let form = person.follow(&saved).await.text;
    assert!(form.contains("Draft saved.") && form.contains("value=\"2\" checked"), "{form}");
    let rev = revision(&form);
    let incomplete = [("revision", rev.as_str()), ("intent", "submit"), ("score-talent_skills", "2")];
    let missing = person.submit(&page, &page, &incomplete).await;
    assert_eq!(missing.status, 422, "{}", missing.text);
    for place in [
        "href=\"#comment-talent_skills\"",
        "href=\"#score-security_sovereignty\"",
        "href=\"#overall_comment\"",
        "href=\"#recommendation\"",
    ] {
        assert!(missing.text.contains(place), "{place}: {}", missing.text);
    }
    assert!(missing.text.contains("A score of 2 or less needs a comment"), "{}", missing.text);

    let rev = revision(&missing.text);
    let mut full: Vec<(&str, &str)> = vec![("revision", rev.as_str()), ("intent", "submit")];
    full.extend_from_slice(&FULL);
    let sent = person.submit(&page, &page, &full).await;
    assert_eq!(
        (sent.status, sent.header("location")),
        (303, Some(format!("{page}?done=submitted").as_str())),
        "{}",
        sent.text
    );
    let done = person.follow(&sent).await;
    assert!(done.text.contains("Review submitted") && done.text.contains("No other review"), "{}", done.text);
    assert_eq!(app.get(&format!("/api/v1/reviews/{other}"), Some(&other_token)).await.body["state"], "assigned");

    // The other evaluator submits: the first one reads it, anonymised, without its confidential note.
    hub_tests::funnel::confirm(&app, &other_token, &other).await;
    let body = json!({
        "scores": {"security_sovereignty": 3.0, "growth_development": 3.0, "talent_skills": 3.0, "effectiveness_sustainability": 3.0},
        "overall_comment": "Buona idea.", "confidential_comment": "Segreto del secondo.", "recommendation": "revise"
    });
    save_and_submit(&app, &other_token, &other, body).await;
    let done = person.get(&page).await;
    assert!(done.text.contains("Evaluator 1") && done.text.contains("Buona idea."), "{}", done.text);
    assert!(!done.text.contains("Segreto del secondo.") && !done.text.contains("paolo"), "{}", done.text);
    assert!(done.text.contains("costi alti"), "their own confidential note");
});

hub_test!(a_stale_draft_from_another_window_overwrites_nothing_and_autosave_says_so, |app| {
    let (_, review, _, _) = setup(&app).await;
    let person = app.signed_in(FIRST, "it").await;
    let form = confirmed(&person, &review).await;
    let page = format!("/reviews/{review}");
    let old = revision(&form);

    // The script's save: JSON with the next revision.
    let token = hub_tests::pages::csrf_token(&form, &page);
    let auto = [
        ("csrf", token.as_str()),
        ("revision", old.as_str()),
        ("intent", "autosave"),
        ("overall_comment", "Prima finestra."),
    ];
    let answer = person.post(&page, &auto).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let next = answer.body["revision"].as_i64().expect("the next revision");
    assert_eq!(next, old.parse::<i64>().expect("a number") + 1);
    assert!(answer.body["message"].as_str().is_some_and(|m| m.starts_with("Draft saved on")), "{}", answer.text);

    // The second window still holds the old revision: nothing is overwritten, the typed text is kept.
    let stale = [
        ("csrf", token.as_str()),
        ("revision", old.as_str()),
        ("intent", "save"),
        ("overall_comment", "Seconda finestra."),
    ];
    let refused = person.post(&page, &stale).await;
    assert_eq!(refused.status, 412, "{}", refused.text);
    assert!(refused.text.contains("The draft changed meanwhile") && refused.text.contains("Seconda finestra."));
    let auto_stale =
        [("csrf", token.as_str()), ("revision", old.as_str()), ("intent", "autosave"), ("overall_comment", "X")];
    assert_eq!(person.post(&page, &auto_stale).await.status, 412);
    let saved = person.get(&page).await;
    assert!(saved.text.contains("Prima finestra.") && !saved.text.contains("Seconda finestra."), "{}", saved.text);

    // Sent again from the refusal (now at the current revision), it replaces the draft knowingly.
    let again =
        [("revision", &revision(&refused.text)[..]), ("intent", "save"), ("overall_comment", "Seconda finestra.")];
    let replaced = person.post(&page, &[[("csrf", token.as_str())].as_slice(), &again].concat()).await;
    assert_eq!(replaced.status, 303, "{}", replaced.text);
    assert!(person.get(&page).await.text.contains("Seconda finestra."));

    // The API says the same: an ETag on reads, 412 for a stale If-Match.
    let evaluator_token = app.token(FIRST).await;
    let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&evaluator_token)).await;
    let etag = read.header("etag").expect("an ETag").to_owned();
    let put = |tag: String| {
        app.client
            .request(Method::PUT, format!("{}/api/v1/reviews/{review}", app.base))
            .bearer_auth(&evaluator_token)
            .header("if-match", tag)
            .json(&json!({"overall_comment": "Dall'API."}))
            .send()
    };
    let stale = TestApp::answer(put(format!("\"r{old}\"")).await.expect("PUT")).await;
    stale.assert_problem(412, "precondition_failed");
    let fresh = TestApp::answer(put(etag.clone()).await.expect("PUT")).await;
    assert_eq!(fresh.status, 200, "{}", fresh.text);
    assert_ne!(fresh.header("etag"), Some(etag.as_str()));
});

hub_test!(declining_needs_a_reason_and_closes_the_review, |app| {
    let (_, review, _, _) = setup(&app).await;
    let person = app.signed_in(FIRST, "it").await;
    let page = format!("/reviews/{review}");
    let action = format!("{page}/decline");
    let empty = person.submit(&page, &action, &[("reason", "  ")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(empty.text.contains("id=\"reason-error\""), "{}", empty.text);
    let declined = person.submit(&page, &action, &[("reason", "Ho lavorato con Aurora Labs nel 2025.")]).await;
    assert_eq!(declined.status, 303, "{}", declined.text);
    let closed = person.follow(&declined).await;
    assert!(
        closed.text.contains("You declined this assignment") && closed.text.contains("Declined"),
        "{}",
        closed.text
    );
    assert!(person.get("/reviews").await.text.contains("Finished"));
});

hub_test!(the_review_pages_answer_each_role_as_the_api_does, |app| {
    let (_, review, other, _) = setup(&app).await;
    // Not an evaluator: a 403 page; another evaluator's review: a 404 page; signed out: log in first.
    let proposer = app.signed_in("anna@aurora.example", "it").await;
    assert_eq!(proposer.get("/reviews").await.status, 403);
    assert_eq!(proposer.get(&format!("/reviews/{review}")).await.status, 404);
    let person = app.signed_in(FIRST, "it").await;
    assert_eq!(person.get(&format!("/reviews/{other}")).await.status, 404);
    let anonymous = app.visitor("it").get(&format!("/reviews/{review}")).await;
    assert_eq!(anonymous.status, 303);
    // Every form refuses a post without its token; the review is untouched.
    for action in ["", "/confirm", "/decline"] {
        let refused = person.post(&format!("/reviews/{review}{action}"), &[("reason", "x"), ("intent", "save")]).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
    }
    assert!(person.get(&format!("/reviews/{review}")).await.text.contains("Conflict of interest"));
    // Another evaluator cannot act on it, even with a token of their own.
    let second = app.signed_in(SECOND, "it").await;
    let own = second.get("/reviews").await;
    let token = hub_tests::pages::csrf_token(&own.text, "/logout");
    let refused = second.post(&format!("/reviews/{review}/confirm"), &[("csrf", token.as_str())]).await;
    assert_eq!(refused.status, 404, "{}", refused.text);
});
