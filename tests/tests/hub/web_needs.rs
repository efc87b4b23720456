//! Needs in the browser's pages: an officer states one through the form (its errors beside the fields),
//! everyone reads the public list and page (a reserved need is not there for them), another
//! administration's officer co-signs and withdraws from the page, and a hub manager merges, links to a
//! challenge and closes from it — each refused in words when the hub refuses, and never without the
//! form's CSRF token.

use hub_tests::funnel::{admin, manager};
use hub_tests::{TestApp, hub_test};
use serde_json::json;

use crate::needs::{officer, stated};

const VALDORA: &str = "a@comune.valdora.example";
const BORGO: &str = "b@comune.borgo.example";

async fn two_officers(app: &TestApp) -> (String, String) {
    let root = admin(app).await;
    let (valdora, _) = officer(app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, _) = officer(app, &root, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    (valdora, borgo)
}

hub_test!(an_officer_states_a_need_on_the_form_and_everyone_reads_it, |app| {
    two_officers(&app).await;
    let person = app.signed_in(VALDORA, "it").await;
    let list = person.get("/needs").await;
    assert!(list.text.contains("href=\"/needs/new\""), "officers are offered the form: {}", list.text);

    // Errors beside their fields, what was typed kept.
    let bad = [("title", "Code"), ("description", "Troppo breve"), ("urgency", "high"), ("population", "dodici")];
    let refused = person.submit("/needs/new", "/needs", &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    for id in ["title", "description", "pillars", "population"] {
        assert!(refused.text.contains(&format!("href=\"#{id}\"")), "{id} in the summary: {}", refused.text);
    }
    assert!(refused.text.contains("value=\"Code\""), "{}", refused.text);

    let fields = [
        ("title", "Prenotazione online degli sportelli"),
        ("description", "Le code agli sportelli anagrafici superano le tre settimane."),
        ("pillar", "effectiveness_sustainability"),
        ("pillar", "growth_development"),
        ("urgency", "high"),
        ("population", "12.400"),
        ("budget_min_eur", "20.000"),
        ("budget_max_eur", "60.000"),
        ("tags", "anagrafe, prenotazioni"),
        ("visibility", "public"),
    ];
    let created = person.submit("/needs/new", "/needs", &fields).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let path = created.header("location").expect("the need's page").to_owned();
    let page = person.follow(&created).await;
    assert!(page.text.contains("<h1>Prenotazione online degli sportelli</h1>"), "{}", page.text);
    assert!(page.text.contains("1 amministrazione") && page.text.contains("12.400 persone servite"), "{}", page.text);
    assert!(page.text.contains("da 20.000 € a 60.000 €"), "{}", page.text);
    assert!(!page.text.contains("/cosignatures\""), "no co-signing one's own need: {}", page.text);

    // A reserved need: the hub and the administrations only.
    let officer = app.token(VALDORA).await;
    let hidden = stated(&app, &officer, "Archivio delle delibere", false).await["id"].as_str().expect("id").to_owned();
    let visitor = app.visitor("en");
    let public = visitor.get("/needs").await;
    assert!(
        public.text.contains("Prenotazione online degli sportelli") && !public.text.contains("Archivio delle delibere"),
        "{}",
        public.text
    );
    assert!(public.text.contains("12,400 people served"), "English numbers: {}", public.text);
    assert_eq!(visitor.get(&path).await.status, 200);
    assert_eq!(visitor.get(&format!("/needs/{hidden}")).await.status, 404);
    assert_eq!(visitor.get("/needs/new").await.status, 303, "the form asks to log in");
    let filtered = visitor.get("/needs?pillar=talent_skills").await;
    assert!(!filtered.text.contains("Prenotazione online"), "{}", filtered.text);
});

hub_test!(another_administration_cosigns_and_the_manager_triages_on_the_page, |app| {
    let (valdora, _) = two_officers(&app).await;
    let first = stated(&app, &valdora, "Prenotazione online degli sportelli", true).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let twin = stated(&app, &valdora, "Sportelli su appuntamento", true).await["id"].as_str().expect("id").to_owned();
    let page = format!("/needs/{first}");

    // Borgo co-signs ("anche noi") from the page, then withdraws.
    let borgo = app.signed_in(BORGO, "it").await;
    let forged = borgo.post(&format!("{page}/cosignatures"), &[("population", "3000")]).await;
    assert_eq!(forged.status, 403, "no CSRF token: {}", forged.text);
    let bad = borgo.submit(&page, &format!("{page}/cosignatures"), &[("population", "tremila")]).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.text.contains("href=\"#population\""), "{}", bad.text);
    let signed = borgo
        .submit(&page, &format!("{page}/cosignatures"), &[("note", "Anche da noi."), ("population", "3.000")])
        .await;
    assert_eq!(signed.header("location"), Some(page.as_str()), "{}", signed.text);
    let shown = borgo.follow(&signed).await;
    assert!(
        shown.text.contains("2 amministrazioni, 15.000 persone servite") && shown.text.contains("Anche da noi."),
        "{}",
        shown.text
    );
    assert!(shown.text.contains("Sottoscritto da Comune di Borgo"), "the history: {}", shown.text);
    let withdrawn = borgo.submit(&page, &format!("{page}/withdrawal"), &[]).await;
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.text);
    assert!(borgo.follow(&withdrawn).await.text.contains("Comune di Borgo ha ritirato la sottoscrizione"));
    assert!(!borgo.get(&page).await.text.contains("/merge\""), "only hub managers triage");

    // The hub manager merges the twin into the first, links the first to a challenge, and closes nothing twice.
    let hub = manager(&app).await;
    let sponsor = app.account(VALDORA).await["organization_id"].as_str().expect("organisation").to_owned();
    let body = json!({"slug": "sportelli", "title_it": "Sportelli comunali", "description_it": "Una descrizione della sfida.",
                      "sponsor_id": sponsor, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()});
    let challenge = app.post("/api/v1/challenges", Some(&hub), body).await;
    assert_eq!(challenge.status, 201, "{}", challenge.text);
    let challenge_id = challenge.body["id"].as_str().expect("id").to_owned();
    let person = app.signed_in("manager@hub.example", "en").await;
    let twin_page = format!("/needs/{twin}");
    let merged = person.submit(&twin_page, &format!("{twin_page}/merge"), &[("value", first.as_str())]).await;
    assert_eq!(merged.header("location"), Some(twin_page.as_str()), "{}", merged.text);
    let after = person.follow(&merged).await;
    assert!(
        after.text.contains("This need was merged into:") && after.text.contains(&format!("href=\"{page}\"")),
        "{}",
        after.text
    );
    let again = person
        .post(
            &format!("{twin_page}/merge"),
            &[
                ("csrf", &hub_tests::pages::csrf_token(&person.get(&page).await.text, &format!("{page}/close"))),
                ("value", first.as_str()),
            ],
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert!(again.text.contains("no longer open"), "{}", again.text);
    let empty = person.submit(&page, &format!("{page}/close"), &[("value", " ")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    let converted = person.submit(&page, &format!("{page}/conversion"), &[("value", challenge_id.as_str())]).await;
    assert_eq!(converted.status, 303, "{}", converted.text);
    let done = person.follow(&converted).await;
    assert!(
        done.text.contains("This need became the challenge:") && done.text.contains("href=\"/challenges/sportelli\""),
        "{}",
        done.text
    );
    // The officer reads the draft's title, not a link that would not open for them.
    let mine = app.signed_in(VALDORA, "it").await.get(&page).await;
    assert!(
        mine.text.contains("«Sportelli comunali» (in preparazione")
            && !mine.text.contains("href=\"/challenges/sportelli\""),
        "{}",
        mine.text
    );
});

hub_test!(the_conversion_form_offers_every_challenge_not_only_the_first_hundred, |app| {
    let (valdora, _) = two_officers(&app).await;
    let id = stated(&app, &valdora, "Prenotazione online degli sportelli", true).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let hub = manager(&app).await;
    let org = app.get("/api/v1/me", Some(&valdora)).await.body["organization_id"].as_str().expect("org").to_owned();
    for n in 0..101 {
        let body = json!({"slug": format!("sfida-{n:03}"), "title_it": format!("Sfida numero {n:03}"),
                          "description_it": "Una descrizione della sfida.", "sponsor_id": org,
                          "opens_at": hub_tests::funnel::in_days(-1)});
        assert_eq!(app.post("/api/v1/challenges", Some(&hub), body).await.status, 201);
    }
    let page = app.signed_in(hub_tests::funnel::MANAGER, "en").await.get(&format!("/needs/{id}")).await;
    for title in ["Sfida numero 000", "Sfida numero 100"] {
        assert!(page.text.contains(&format!(">{title}</option>")), "{title} is offered: {}", page.text);
    }
});

hub_test!(the_stating_officer_edits_the_need_on_its_form_until_it_is_closed, |app| {
    let (valdora, borgo) = two_officers(&app).await;
    let id = stated(&app, &valdora, "Prenotazione degli sportelli", true).await["id"].as_str().expect("id").to_owned();
    let cosigned = app.post(&format!("/api/v1/needs/{id}/cosignatures"), Some(&borgo), json!({})).await;
    assert_eq!(cosigned.status, 201, "{}", cosigned.text);
    let (page, form) = (format!("/needs/{id}"), format!("/needs/{id}/edit"));

    // Its administration's officer is offered the form, filled with what the need says; nobody else.
    let person = app.signed_in(VALDORA, "it").await;
    let shown = person.get(&page).await;
    assert!(
        shown.text.contains(&format!("href=\"{form}\"")) && shown.text.contains("Modifica il fabbisogno"),
        "{}",
        shown.text
    );
    let filled = person.get(&form).await;
    assert_eq!(filled.status, 200, "{}", filled.text);
    for value in ["value=\"Prenotazione degli sportelli\"", "value=\"12000\"", "value=\"20000\"", "value=\"anagrafe\""]
    {
        assert!(filled.text.contains(value), "{value}: {}", filled.text);
    }
    assert!(filled.text.contains("value=\"effectiveness_sustainability\" checked"), "{}", filled.text);
    let other = app.signed_in(BORGO, "it").await;
    assert!(!other.get(&page).await.text.contains(&format!("href=\"{form}\"")), "not Borgo's to edit");
    assert_eq!(other.get(&form).await.status, 403);
    assert!(!app.visitor("it").get(&page).await.text.contains(&format!("href=\"{form}\"")));
    assert_eq!(app.visitor("it").get(&form).await.status, 303, "the form asks to log in");

    // Never without the form's token; errors beside their fields, what was typed kept.
    let fields = |title: &'static str, population: &'static str, revision: &'static str| {
        vec![
            ("revision", revision),
            ("title", title),
            (
                "description",
                "Le code agli sportelli anagrafici superano le tre settimane: serve una prenotazione online.",
            ),
            ("pillar", "effectiveness_sustainability"),
            ("urgency", "low"),
            ("population", population),
            ("budget_min_eur", ""),
            ("budget_max_eur", ""),
            ("tags", "anagrafe"),
            ("visibility", "public"),
        ]
    };
    let forged = person.post(&form, &fields("Prenotazione online degli sportelli", "12.000", "0")).await;
    assert_eq!(forged.status, 403, "no CSRF token: {}", forged.text);
    assert!(filled.text.contains("name=\"revision\" value=\"0\""), "the revision read: {}", filled.text);
    let bad = person.submit(&form, &form, &fields("Poco", "dodicimila", "0")).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    for id in ["title", "population"] {
        assert!(bad.text.contains(&format!("href=\"#{id}\"")), "{id} in the summary: {}", bad.text);
        assert!(bad.text.contains(&format!("id=\"{id}-error\"")), "{id}'s error beside it: {}", bad.text);
    }
    assert!(bad.text.contains("value=\"Poco\"") && bad.text.contains("value=\"dodicimila\""), "{}", bad.text);
    let unchanged = app.get(&format!("/api/v1/needs/{id}"), None).await;
    assert_eq!(unchanged.body["title"], "Prenotazione degli sportelli");

    // Saved: the need's page follows, with the new words and what changed in its history.
    let saved = person.submit(&form, &form, &fields("Prenotazione online degli sportelli", "12.000", "0")).await;
    assert_eq!(saved.header("location"), Some(page.as_str()), "{}", saved.text);
    let after = person.follow(&saved).await;
    assert!(after.text.contains("<h1>Prenotazione online degli sportelli</h1>"), "{}", after.text);
    assert!(
        after.text.contains("Modificato dall&#39;amministrazione: titolo, urgenza, budget minimo, budget massimo"),
        "{}",
        after.text
    );
    let read = app.get(&format!("/api/v1/needs/{id}"), None).await;
    assert_eq!(
        (read.body["urgency"].as_str(), read.body["budget_min_eur"].clone()),
        (Some("low"), serde_json::Value::Null)
    );
    let told = hub_tests::funnel::wait_mails(
        &app,
        BORGO,
        "Prenotazione online degli sportelli",
        &page,
        1,
        std::time::Duration::from_secs(15),
    )
    .await;
    assert_eq!(told.len(), 1, "the co-signer's officer is told");

    // A form filled before a colleague saved (or without a revision) saves nothing: it says so, keeps
    // what was typed and now carries the revision saved, so that sending it again replaces knowingly.
    for revision in ["0", ""] {
        let stale =
            person.submit(&form, &form, &fields("Prenotazione degli sportelli comunali", "9.000", revision)).await;
        assert_eq!(stale.status, 412, "{}", stale.text);
        assert!(stale.text.contains("Nel frattempo un collega ha modificato il fabbisogno"), "{}", stale.text);
        assert!(stale.text.contains("value=\"Prenotazione degli sportelli comunali\""), "typed kept: {}", stale.text);
        assert!(stale.text.contains("name=\"revision\" value=\"1\""), "{}", stale.text);
    }
    assert_eq!(
        app.get(&format!("/api/v1/needs/{id}"), None).await.body["title"],
        "Prenotazione online degli sportelli"
    );
    // Keywords typed as words are the tags those words make.
    let mut typed = fields("Prenotazione degli sportelli comunali", "12.000", "1");
    typed.retain(|(name, _)| *name != "tags");
    typed.push(("tags", "anagrafe, Piccoli  Comuni"));
    let again = person.submit(&form, &form, &typed).await;
    assert_eq!(again.header("location"), Some(page.as_str()), "{}", again.text);
    let tags = app.get(&format!("/api/v1/needs/{id}"), None).await.body["tags"].clone();
    assert_eq!(tags, json!(["anagrafe", "piccoli-comuni"]));

    // Closed by the hub: no link, and the form says why in words, without the fields.
    let token = hub_tests::pages::csrf_token(&person.get(&form).await.text, &form);
    let hub = manager(&app).await;
    let reason = json!({"reason": "Il servizio è già nel catalogo."});
    assert_eq!(app.post(&format!("/api/v1/needs/{id}/close"), Some(&hub), reason).await.status, 200);
    assert!(!person.get(&page).await.text.contains(&format!("href=\"{form}\"")));
    let refused = person.get(&form).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert!(refused.text.contains("Il fabbisogno non è più aperto"), "{}", refused.text);
    assert!(!refused.text.contains("name=\"title\""), "no form: {}", refused.text);
    let mut late = vec![("csrf", token.as_str())];
    late.extend(fields("Un titolo scritto troppo tardi", "12.000", "2"));
    let posted = person.post(&form, &late).await;
    assert_eq!(posted.status, 409, "{}", posted.text);
    assert!(posted.text.contains("Il fabbisogno non si può più modificare"), "{}", posted.text);
    assert_eq!(
        app.get(&format!("/api/v1/needs/{id}"), None).await.body["title"],
        "Prenotazione degli sportelli comunali"
    );
});
