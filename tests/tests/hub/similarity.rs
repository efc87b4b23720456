//! Similarity on both engines' full-text indexes: the reuse check shows a proposal's team the published
//! services most like it (never a draft, never an unrelated one, and it follows an edit), and a hub
//! manager at screening sees the other organisations' submitted proposals most like one (never a draft,
//! never the same organisation's) — each with its figure, the most similar first.

use hub_tests::funnel::{manager, moved, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::{completion, direct, editor, proposer, publish};

/// A proposal to the open call with its own words (no text shared with the others but theirs), the
/// reuse check not yet answered.
fn proposal(title: &str, summary: &str, description: &str) -> Value {
    let mut body = hub_tests::funnel::complete(title, "open-call");
    body["summary"] = json!(summary);
    body["description"] = json!(description);
    body.as_object_mut().expect("an object").remove("reuse_assessment");
    body
}

async fn drafted(app: &TestApp, token: &str, body: Value) -> String {
    let created = app.post("/api/v1/proposals", Some(token), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["id"].as_str().expect("id").to_owned()
}

fn listed(answer: &Answer, key: &str) -> Vec<String> {
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().expect("items").iter().map(|i| i[key].as_str().expect(key).to_owned()).collect()
}

/// The published service "Agenda degli sportelli anagrafici" of `provider`.
async fn agenda_service(app: &TestApp, editor: &str, provider: &str) {
    direct(app, editor, "agenda-sportelli", "Agenda degli sportelli anagrafici", provider).await;
    let words = completion("Prenotazione degli appuntamenti con promemoria", "saas", "document-management");
    publish(app, editor, "agenda-sportelli", words).await;
}

const BOOKING: (&str, &str, &str) = (
    "Prenotazione online degli sportelli anagrafici",
    "Agenda degli appuntamenti con promemoria via SMS per gli sportelli anagrafici comunali.",
    "I cittadini prenotano da casa; gli operatori gestiscono una sola agenda degli sportelli.",
);

hub_test!(a_proposals_team_sees_the_catalogue_services_most_like_it, |app| {
    let editor = editor(&app).await;
    let (anna, aurora) = proposer(&app).await;
    agenda_service(&app, &editor, &aurora).await;
    direct(&app, &editor, "telemedicina", "Telemedicina territoriale", &aurora).await;
    publish(
        &app,
        &editor,
        "telemedicina",
        completion("Televisite e telemonitoraggio dei pazienti cronici", "saas", "document-management"),
    )
    .await;
    // A draft as like it as can be is not offered: it is not in the catalogue yet.
    direct(&app, &editor, "bozza-sportelli", "Prenotazione online degli sportelli anagrafici", &aurora).await;

    let id = drafted(&app, &anna, proposal(BOOKING.0, BOOKING.1, BOOKING.2)).await;
    let path = format!("/api/v1/proposals/{id}/similar-services");
    let found = app.get(&path, Some(&anna)).await;
    assert_eq!(listed(&found, "slug"), ["agenda-sportelli"], "{}", found.text);
    let figure = found.body["items"][0]["similarity"].as_f64().expect("a figure");
    assert!((0.12..=1.0).contains(&figure), "{figure}");

    // The index follows an edit: about telemedicine now, the other service comes up.
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    let etag = read.header("etag").expect("etag").to_owned();
    let edited = app
        .client
        .patch(format!("{}/api/v1/proposals/{id}", app.base))
        .bearer_auth(&anna)
        .header("if-match", etag)
        .json(&json!({"title": "Televisite per i pazienti cronici", "summary": "Telemonitoraggio dei pazienti cronici a domicilio.",
                      "description": "Televisite programmate con i medici di medicina generale."}))
        .send()
        .await
        .expect("PATCH");
    assert_eq!(edited.status().as_u16(), 200);
    assert_eq!(listed(&app.get(&path, Some(&anna)).await, "slug"), ["telemedicina"]);

    // Nothing in common, nothing listed; the proposal's readers only.
    let unrelated = drafted(
        &app,
        &anna,
        proposal("Calcolo quantistico", "Algoritmi quantistici per la logistica.", "Qubit superconduttivi."),
    )
    .await;
    assert!(
        listed(&app.get(&format!("/api/v1/proposals/{unrelated}/similar-services"), Some(&anna)).await, "slug")
            .is_empty()
    );
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    app.get(&path, Some(&nico)).await.assert_problem(404, "not_found");
    app.get(&path, None).await.assert_problem(401, "unauthenticated");
});

/// Says, through the API, how proposal `id` differs from the catalogue's services like it.
async fn answer_the_reuse_check(app: &TestApp, token: &str, id: &str) {
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(token)).await;
    let edited = app
        .client
        .patch(format!("{}/api/v1/proposals/{id}", app.base))
        .bearer_auth(token)
        .header("if-match", read.header("etag").expect("etag"))
        .json(&json!({"reuse_assessment": "L'agenda a catalogo non invia promemoria via SMS."}))
        .send()
        .await
        .expect("PATCH");
    assert_eq!(edited.status().as_u16(), 200);
}

hub_test!(a_proposal_like_a_catalogue_service_is_submitted_only_once_its_team_says_how_it_differs, |app| {
    let editor = editor(&app).await;
    let (anna, aurora) = proposer(&app).await;
    agenda_service(&app, &editor, &aurora).await;
    let id = drafted(&app, &anna, proposal(BOOKING.0, BOOKING.1, BOOKING.2)).await;

    // The API refuses the submission, naming the field; nothing moves.
    let refused = app.post(&format!("/api/v1/proposals/{id}/submit"), Some(&anna), Value::Null).await;
    let errors = refused.assert_problem(422, "validation_failed")["errors"].clone();
    assert_eq!(
        (errors[0]["field"].clone(), errors[0]["code"].clone()),
        (json!("reuse_assessment"), json!("reuse_assessment_required"))
    );
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.body["state"], "draft");

    // The page says the same, linking to the field; the form lists the service and takes the answer.
    let team = app.signed_in(crate::catalogue::PROPOSER, "it").await;
    let page = team.submit(&format!("/proposals/{id}"), &format!("/proposals/{id}/submit"), &[]).await;
    assert_eq!(page.status, 422, "{}", page.text);
    assert!(page.text.contains(&format!("href=\"/proposals/{id}/edit#reuse_assessment\"")), "{}", page.text);
    assert!(page.text.contains("spieghi in che cosa si distingue prima di inviarla"), "{}", page.text);
    let form = team.get(&format!("/proposals/{id}/edit")).await;
    assert!(
        form.text
            .contains("<a href=\"/catalogue/agenda-sportelli\">Agenda degli sportelli anagrafici</a> (somiglianza "),
        "{}",
        form.text
    );
    let answer = "Aggiunge i promemoria via SMS, che il servizio a catalogo non prevede.";
    let mut fields = crate::web_proposals::complete_fields(BOOKING.0);
    fields.retain(|(name, _)| !matches!(*name, "summary" | "description"));
    fields.extend([
        ("summary", BOOKING.1.to_owned()),
        ("description", BOOKING.2.to_owned()),
        ("reuse_assessment", answer.to_owned()),
    ]);
    let (csrf, revision) = (
        hub_tests::pages::csrf_token(&form.text, &format!("/proposals/{id}/edit")),
        crate::web_proposals::input_value(&form.text, "revision"),
    );
    let saved = crate::web_proposals::post_edit(&team, &id, &csrf, &revision, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.text);

    // Now it goes; the answer is kept with the submitted version and shown to the screener beside the
    // similar service.
    moved(&app, &anna, &id, "submit", Value::Null, "submitted").await;
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await.body["reuse_assessment"], answer);
    let version = app.get(&format!("/api/v1/proposals/{id}/versions/1"), Some(&anna)).await;
    assert_eq!(version.body["reuse_assessment"], answer, "{}", version.text);
    manager(&app).await;
    let hub = app.signed_in(hub_tests::funnel::MANAGER, "it").await;
    let desk = hub.get(&format!("/manage/proposals/{id}")).await;
    // (The hub manager reads English, the language of their account.)
    assert!(desk.text.contains("Reuse: similar services already in the catalogue"), "{}", desk.text);
    assert!(desk.text.contains(&format!("<p class=\"reuse-answer\">{answer}</p>")), "{}", desk.text);
    assert!(desk.text.contains("<a href=\"/catalogue/agenda-sportelli\">"), "{}", desk.text);

    // A proposal like nothing in the catalogue needs no answer.
    let unrelated = drafted(
        &app,
        &anna,
        proposal("Calcolo quantistico", "Algoritmi quantistici per la logistica.", "Qubit superconduttivi."),
    )
    .await;
    moved(&app, &anna, &unrelated, "submit", Value::Null, "submitted").await;
});

hub_test!(a_hub_manager_sees_the_other_organisations_proposals_most_like_one, |app| {
    let hub = manager(&app).await;
    let (anna, _) = proposer(&app).await;
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    let (dario, _) = verified_proposer(&app, "dario@dati.example", "Dati Aperti S.r.l.", "07390162480").await;
    let submit = |token: String, body: Value| {
        let app = &app;
        async move {
            let id = drafted(app, &token, body).await;
            moved(app, &token, &id, "submit", Value::Null, "submitted").await;
            id
        }
    };
    let screened = submit(anna.clone(), proposal(BOOKING.0, BOOKING.1, BOOKING.2)).await;
    // Aurora's own second proposal is not "another": never listed.
    submit(anna.clone(), proposal("Sportelli anagrafici su appuntamento", BOOKING.1, BOOKING.2)).await;
    let close = submit(
        nico.clone(),
        proposal("Agenda degli sportelli anagrafici", BOOKING.1, "Un'agenda unica per gli operatori."),
    )
    .await;
    // Less alike: besides words most of these proposals hold ("promemoria", "comunali", which weigh
    // little), it shares only the screened one's rarer "prenotazione online".
    let far = submit(
        dario.clone(),
        proposal(
            "Promemoria per i tributi comunali",
            "Avvisi di scadenza dei tributi via SMS, con prenotazione online.",
            "Promemoria automatici.",
        ),
    )
    .await;
    // A draft is not yet a proposal to compare with.
    drafted(&app, &dario, proposal(BOOKING.0, BOOKING.1, BOOKING.2)).await;
    let unrelated = submit(
        dario.clone(),
        proposal("Calcolo quantistico", "Algoritmi quantistici per la logistica.", "Qubit superconduttivi."),
    )
    .await;

    let path = format!("/api/v1/proposals/{screened}/similar-proposals");
    let found = app.get(&path, Some(&hub)).await;
    assert_eq!(listed(&found, "id"), [close.clone(), far.clone()], "{}", found.text);
    let items = found.body["items"].as_array().expect("items");
    assert_eq!(
        (items[0]["organization_name"].clone(), items[0]["state"].clone()),
        (json!("Nuvola S.p.A."), json!("submitted"))
    );
    let (first, second) =
        (items[0]["similarity"].as_f64().expect("figure"), items[1]["similarity"].as_f64().expect("figure"));
    assert!(first > second && second >= 0.12, "{first} > {second}");
    assert!(!listed(&found, "id").contains(&unrelated));

    // Hub managers only; an unknown proposal is not found.
    app.get(&path, Some(&anna)).await.assert_problem(403, "forbidden");
    let unknown = format!("/api/v1/proposals/{}/similar-proposals", uuid::Uuid::now_v7());
    app.request(Method::GET, &unknown, Some(&hub), Value::Null).await.assert_problem(404, "not_found");
});

hub_test!(the_pages_show_the_reuse_check_to_the_team_and_similar_proposals_at_screening, |app| {
    let editor = editor(&app).await;
    let (anna, aurora) = proposer(&app).await;
    agenda_service(&app, &editor, &aurora).await;
    let (nico, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    let id = drafted(&app, &anna, proposal(BOOKING.0, BOOKING.1, BOOKING.2)).await;

    // The team, while it may edit: the similar service, with its figure, and what to say about it.
    let team = app.signed_in(crate::catalogue::PROPOSER, "it").await;
    let page = team.get(&format!("/proposals/{id}")).await;
    assert!(page.text.contains("Prima di inviare: servizi simili già nel catalogo"), "{}", page.text);
    assert!(
        page.text
            .contains("<a href=\"/catalogue/agenda-sportelli\">Agenda degli sportelli anagrafici</a> (somiglianza "),
        "{}",
        page.text
    );
    answer_the_reuse_check(&app, &anna, &id).await;
    moved(&app, &anna, &id, "submit", Value::Null, "submitted").await;
    assert!(!team.get(&format!("/proposals/{id}")).await.text.contains("servizi simili"), "submitted: no longer asked");

    // The hub manager screening it sees the other organisation's similar proposal.
    let other = drafted(
        &app,
        &nico,
        proposal("Agenda degli sportelli anagrafici", BOOKING.1, "Un'agenda unica per gli operatori."),
    )
    .await;
    answer_the_reuse_check(&app, &nico, &other).await;
    moved(&app, &nico, &other, "submit", Value::Null, "submitted").await;
    manager(&app).await;
    let hub = app.signed_in(hub_tests::funnel::MANAGER, "it").await;
    let desk = hub.get(&format!("/manage/proposals/{id}")).await;
    assert_eq!(desk.status, 200, "{}", desk.text);
    assert!(
        desk.text.contains(&format!(
            "<a href=\"/manage/proposals/{other}\">Agenda degli sportelli anagrafici</a></th><td>Nuvola S.p.A.</td>"
        )),
        "{}",
        desk.text
    );
});
