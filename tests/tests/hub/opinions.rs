//! The opinions (*pareri*) of a challenge's administrations on its proposals under review: asked for per
//! challenge; given by the officers of its sponsor and co-sponsors, one per administration and proposal,
//! never on their own administration's proposal, only while it is under review; read by hub managers on
//! the decision's page and by the administrations on their follow page, never by the team. API and pages.

use hub_tests::funnel::{
    MANAGER, admin, mails_with, manager, moved, submitted, under_review, verified_proposer, wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

use crate::needs::{officer, stated};

pub(crate) const SLUG: &str = "sportelli-con-parere";
const VALDORA: &str = "a@comune.valdora.example";
const BORGO: &str = "b@comune.borgo.example";

async fn give(app: &TestApp, token: &str, proposal: &str, org: &str, body: Value) -> Answer {
    app.request(Method::PUT, &format!("/api/v1/proposals/{proposal}/opinions/{org}"), Some(token), body).await
}

fn opinion(verdict: &str, text: &str) -> Value {
    json!({"verdict": verdict, "text": text})
}

/// Sets the challenge's `sponsor_opinions` as the hub manager.
pub(crate) async fn ask_opinions(app: &TestApp, hub: &str, asked: bool) {
    let path = format!("/api/v1/challenges/{SLUG}");
    let tag = app.get(&path, Some(hub)).await.header("etag").expect("an ETag").to_owned();
    let edited = app
        .client
        .patch(format!("{}{path}", app.base))
        .bearer_auth(hub)
        .header("if-match", tag)
        .json(&json!({"sponsor_opinions": asked}))
        .send()
        .await
        .expect("PATCH");
    let edited = TestApp::answer(edited).await;
    assert_eq!((edited.status, edited.body["sponsor_opinions"].as_bool()), (200, Some(asked)), "{}", edited.text);
}

/// An open challenge of Valdora's, co-sponsored by Borgo (its need became part of it): the two officers'
/// tokens and organisations, and the hub manager's token.
pub(crate) async fn challenge(app: &TestApp, root: &str) -> ((String, String), (String, String), String) {
    let valdora = officer(app, root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let borgo = officer(app, root, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    let hub = manager(app).await;
    let created = app
        .post(
            "/api/v1/challenges",
            Some(&hub),
            json!({"slug": SLUG, "title_it": "Prenotare gli sportelli comunali", "description_it": "Una descrizione della sfida.",
                   "sponsor_id": valdora.1, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!((created.status, created.body["sponsor_opinions"].as_bool()), (201, Some(false)), "{}", created.text);
    let need = stated(app, &borgo.0, "Prenotazione online degli sportelli", false).await;
    let conversion = format!("/api/v1/needs/{}/conversion", need["id"].as_str().expect("id"));
    assert_eq!(app.post(&conversion, Some(&hub), json!({"challenge_id": created.body["id"]})).await.status, 200);
    let opened = app.post(&format!("/api/v1/challenges/{SLUG}/open"), Some(&hub), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    (valdora, borgo, hub)
}

hub_test!(the_challenges_administrations_give_opinions_that_hub_managers_read_before_deciding, |app| {
    let root = admin(&app).await;
    let ((valdora, valdora_org), (borgo, borgo_org), hub) = challenge(&app, &root).await;
    let (rupe, rupe_org) =
        officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let (anna, anna_account) =
        verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let anna_org = anna_account["organization_id"].as_str().expect("organisation").to_owned();
    let id = under_review(&app, &anna, &hub, "Agenda unica degli sportelli", SLUG).await;
    let list = format!("/api/v1/proposals/{id}/opinions");
    let favourable = opinion("favourable", "Risponde al fabbisogno che abbiamo espresso.");

    // Not asked for: refused, and the list says so.
    give(&app, &valdora, &id, &valdora_org, favourable.clone()).await.assert_problem(409, "opinions_not_requested");
    let none = app.get(&list, Some(&hub)).await;
    assert_eq!((none.status, none.body.clone()), (200, json!({"requested": false, "items": []})), "{}", none.text);
    ask_opinions(&app, &hub, true).await;

    // Validated field by field; for one's own administration only; by its administrations' officers only.
    let invalid = give(&app, &valdora, &id, &valdora_org, json!({"verdict": "forse", "text": "Breve"})).await;
    invalid.assert_problem(422, "validation_failed");
    assert_eq!(hub_tests::funnel::fields(&invalid), ["verdict", "text"], "{}", invalid.text);
    give(&app, &valdora, &id, &borgo_org, favourable.clone()).await.assert_problem(403, "forbidden");
    give(&app, &rupe, &id, &rupe_org, favourable.clone()).await.assert_problem(404, "not_found");
    give(&app, &anna, &id, &anna_org, favourable.clone()).await.assert_problem(403, "forbidden");
    give(&app, &hub, &id, &valdora_org, favourable.clone()).await.assert_problem(403, "forbidden");

    // Given (201, then 200 for a change), by the sponsor and by the co-sponsor.
    let given = give(&app, &valdora, &id, &valdora_org, favourable).await;
    assert_eq!(given.status, 201, "{}", given.text);
    assert_eq!(given.header("location"), Some(list.as_str()));
    let remarks = "Favorevole, purché si integri con pagoPA e con l'anagrafe nazionale.";
    let changed = give(&app, &valdora, &id, &valdora_org, opinion("favourable_with_remarks", remarks)).await;
    assert_eq!((changed.status, changed.body["verdict"].as_str()), (200, Some("favourable_with_remarks")));
    let against = "Non risponde al fabbisogno di Borgo: manca lo sportello telefonico.";
    assert_eq!(give(&app, &borgo, &id, &borgo_org, opinion("unfavourable", against)).await.status, 201);

    // Read by the hub and the administrations; refused to the team (which reads the proposal) and hidden
    // from another administration.
    for token in [&hub, &valdora, &borgo] {
        let read = app.get(&list, Some(token)).await;
        let seen: Vec<(&str, &str)> = read.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|o| (o["organization_name"].as_str().unwrap_or(""), o["verdict"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(
            (read.body["requested"].as_bool(), seen),
            (Some(true), vec![("Comune di Valdora", "favourable_with_remarks"), ("Comune di Borgo", "unfavourable")]),
            "{}",
            read.text
        );
    }
    app.get(&list, Some(&anna)).await.assert_problem(403, "forbidden");
    app.get(&list, Some(&rupe)).await.assert_problem(404, "not_found");
    app.get(&list, None).await.assert_problem(401, "unauthenticated");
    let own_view = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert!(!own_view.text.contains(against), "the team never reads an opinion: {}", own_view.text);

    // The follow view carries the description (read to give an opinion) and the opinions.
    let followed = app.get(&format!("/api/v1/challenges/{SLUG}/follow"), Some(&borgo)).await;
    assert_eq!(followed.body["sponsor_opinions"], true, "{}", followed.text);
    let admitted = &followed.body["admitted"][0];
    assert!(admitted["description"].as_str().is_some_and(|d| !d.is_empty()), "{}", followed.text);
    assert_eq!(admitted["opinions"].as_array().map(Vec::len), Some(2), "{}", followed.text);
    let audit = app.get("/api/v1/audit?action=opinion.given&limit=100", Some(&root)).await;
    assert_eq!(audit.body["items"].as_array().map(Vec::len), Some(3), "{}", audit.text);

    // Before the decision, the hub manager reads them on the decision's page (in English, their language).
    let desk = app.signed_in(MANAGER, "it").await;
    let decide = desk.get(&format!("/manage/proposals/{id}/decide")).await;
    assert!(
        decide.text.contains("The sponsoring administrations")
            && decide.text.contains("In favour, with remarks")
            && decide.text.contains("manca lo sportello telefonico"),
        "{}",
        decide.text
    );
    // Decided: no more opinions, the ones given stay.
    let body = json!({"decision": "reject", "rationale": "Motivazione.", "override_reason": "Prova"});
    moved(&app, &hub, &id, "decide", body, "rejected").await;
    let late = give(&app, &valdora, &id, &valdora_org, opinion("favourable", "Ci ripensiamo: favorevoli."));
    late.await.assert_problem(409, "not_under_review");
    assert_eq!(app.get(&list, Some(&hub)).await.body["items"].as_array().map(Vec::len), Some(2));
});

hub_test!(no_opinion_before_admission_nor_on_the_administrations_own_proposal, |app| {
    use domain::Role;
    let root = admin(&app).await;
    let ((valdora, valdora_org), _, hub) = challenge(&app, &root).await;
    ask_opinions(&app, &hub, true).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let org = Some(valdora_org.parse().expect("an organisation id"));
    let offering =
        app.user_with_roles("offre@comune.valdora.example", &[Role::Administration, Role::Proposer], org).await;
    let body = opinion("favourable", "Risponde al fabbisogno che abbiamo espresso.");

    // A proposal not admitted (a draft, one waiting for screening) does not exist for the administrations,
    // as on their follow page; the hub managers read its (empty) opinions.
    let waiting = submitted(&app, &anna, "In attesa di ammissione", SLUG).await;
    let sketch = hub_tests::funnel::draft(&app, &anna, "Bozza", SLUG).await;
    for id in [&waiting, &sketch] {
        give(&app, &valdora, id, &valdora_org, body.clone()).await.assert_problem(404, "not_found");
        let read = app.get(&format!("/api/v1/proposals/{id}/opinions"), Some(&valdora)).await;
        read.assert_problem(404, "not_found");
    }
    let read = app.get(&format!("/api/v1/proposals/{waiting}/opinions"), Some(&hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let own = under_review(&app, &offering, &hub, "La soluzione del Comune", SLUG).await;
    give(&app, &valdora, &own, &valdora_org, body).await.assert_problem(409, "own_proposal");

    // Admitted proposals are announced to the administrations asked, linking to the page of the opinion:
    // Borgo for the Comune's own, never Valdora (its own); both for another's; none before admission.
    let page = |id: &str| format!("/administration/challenges/{SLUG}/proposals/{id}");
    let wait = std::time::Duration::from_secs(10);
    assert_eq!(wait_mails(&app, BORGO, "La soluzione del Comune", &page(&own), 1, wait).await.len(), 1);
    let other = under_review(&app, &anna, &hub, "Agenda per tutti", SLUG).await;
    for to in [VALDORA, BORGO, "offre@comune.valdora.example"] {
        assert_eq!(wait_mails(&app, to, "Agenda per tutti", &page(&other), 1, wait).await.len(), 1, "{to}");
    }
    for to in [VALDORA, "offre@comune.valdora.example"] {
        assert!(mails_with(&app, to, "La soluzione del Comune", "/administration/").is_empty(), "{to}: its own");
    }
    assert!(mails_with(&app, BORGO, "In attesa di ammissione", "/administration/").is_empty(), "not admitted");
});

hub_test!(an_officer_reads_a_proposal_and_gives_the_opinion_through_the_pages, |app| {
    let root = admin(&app).await;
    let ((_, valdora_org), _, hub) = challenge(&app, &root).await;
    let (anna, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let id = under_review(&app, &anna, &hub, "Agenda unica degli sportelli", SLUG).await;
    let person = app.signed_in(VALDORA, "it").await;
    let follow = format!("/administration/challenges/{SLUG}");
    let page = format!("{follow}/proposals/{id}");

    // Not asked for: the proposal's page says so and has no form.
    let closed = person.get(&page).await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert!(
        closed.text.contains("non chiede il parere") && !closed.text.contains("name=\"verdict\""),
        "{}",
        closed.text
    );

    // Asked for through the hub's form: the box is ticked and saved.
    let desk = app.signed_in(MANAGER, "it").await;
    let edit = format!("/manage/challenges/{SLUG}/edit");
    let form = desk.get(&edit).await;
    assert!(
        form.text.contains("id=\"sponsor_opinions\"") && !form.text.contains("checked><label for=\"sponsor_opinions\"")
    );
    let revision =
        form.text.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("rev").to_owned();
    let mut fields = crate::web_manage_challenges::fields(&valdora_org, "25", "Prenotare gli sportelli comunali");
    fields.retain(|(k, _)| !["slug", "opens_at"].contains(k));
    fields.extend([
        ("slug", SLUG),
        ("opens_at", "2026-01-01"),
        ("revision", revision.as_str()),
        ("sponsor_opinions", "on"),
    ]);
    let saved = desk.submit(&edit, &edit, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(app.get(&format!("/api/v1/challenges/{SLUG}"), Some(&hub)).await.body["sponsor_opinions"], true);
    let public = app.visitor("it").get(&format!("/challenges/{SLUG}")).await;
    assert!(public.text.contains("esprimono un parere non vincolante"), "proposers are told: {}", public.text);

    // The follow page links the proposal, whose page shows its description and the form.
    let listed = person.get(&follow).await;
    assert!(
        listed.text.contains(&format!("href=\"{page}\"")) && listed.text.contains("da esprimere"),
        "{}",
        listed.text
    );
    let shown = person.get(&page).await;
    assert!(
        shown.text.contains("Descrizione della proposta") && shown.text.contains("name=\"verdict\""),
        "{}",
        shown.text
    );

    // A refused post keeps what was typed and says why beside the fields; a post without CSRF is refused.
    let refused = person.submit(&page, &page, &[("text", "Breve")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains("id=\"verdict-error\"") && refused.text.contains(">Breve</textarea>"),
        "{}",
        refused.text
    );
    assert_eq!(person.post(&page, &[("verdict", "favourable"), ("text", "Senza token CSRF.")]).await.status, 403);
    let reasons = "Utile per i nostri sportelli, purché si integri con pagoPA.";
    let given = person.submit(&page, &page, &[("verdict", "favourable_with_remarks"), ("text", reasons)]).await;
    assert_eq!(given.header("location"), Some(format!("{follow}?done=opinion").as_str()), "{}", given.text);
    let after = person.follow(&given).await;
    assert!(
        after.text.contains("Parere registrato") && after.text.contains("Favorevole con osservazioni"),
        "{}",
        after.text
    );
    let again = person.get(&page).await;
    assert!(again.text.contains("Aggiorna il parere") && again.text.contains(reasons), "{}", again.text);
    // The follow page invites opinions while a proposal awaits one, and no longer once it is decided.
    assert!(after.text.contains("chiede il parere della sua amministrazione"), "{}", after.text);
    let body = json!({"decision": "reject", "rationale": "Motivazione.", "override_reason": "Prova"});
    moved(&app, &hub, &id, "decide", body, "rejected").await;
    let decided = person.get(&follow).await;
    assert!(!decided.text.contains("chiede il parere della sua amministrazione"), "{}", decided.text);
    // Another administration's officer has no such page.
    officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    assert_eq!(app.signed_in("c@comune.rupe.example", "it").await.get(&page).await.status, 403);
});
