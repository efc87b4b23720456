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
