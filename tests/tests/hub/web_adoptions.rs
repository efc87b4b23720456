//! Adoption and reuse in the browser's pages: an officer declares an adoption on the form (its errors
//! beside the fields, a refusal in words), the service's page lists and counts the adopters, the
//! community page lists its members and relays a message (throttled, in words) — only to its members,
//! never without the form's CSRF token.

use hub_tests::funnel::{admin, verified_proposer};
use hub_tests::{TestApp, hub_test};

use crate::catalogue::{completion, direct, editor, proposer, publish};
use crate::needs::officer;

const SLUG: &str = "prenotazioni-sportelli";
const PAGE: &str = "/catalogue/prenotazioni-sportelli";
const VALDORA: &str = "a@comune.valdora.example";
const BORGO: &str = "b@comune.borgo.example";

/// A published service of Aurora Labs and two verified administrations with an officer each.
async fn service_and_officers(app: &TestApp) -> String {
    let editor = editor(app).await;
    let (_, aurora) = proposer(app).await;
    direct(app, &editor, SLUG, "Prenotazioni sportelli", &aurora).await;
    publish(app, &editor, SLUG, completion("Prenotazioni", "saas", "document-management")).await;
    let root = admin(app).await;
    officer(app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    officer(app, &root, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    editor
}

hub_test!(an_officer_declares_an_adoption_on_the_form_and_the_service_page_lists_it, |app| {
    let editor = service_and_officers(&app).await;
    let valdora = app.signed_in(VALDORA, "it").await;
    let page = valdora.get(PAGE).await;
    assert!(page.text.contains("Nessuna amministrazione ha ancora dichiarato di adottarlo."), "{}", page.text);
    assert!(page.text.contains(&format!("href=\"{PAGE}/adoption\"")), "officers are offered the form: {}", page.text);
    let anonymous = app.visitor("it");
    assert!(!anonymous.get(PAGE).await.text.contains("/adoption\""), "not to the public");
    assert_eq!(anonymous.get(&format!("{PAGE}/adoption")).await.status, 303, "the form asks to log in");
    let (_, _) = verified_proposer(&app, "nico@nuvola.example", "Nuvola S.p.A.", "01234567897").await;
    let company = app.signed_in("nico@nuvola.example", "it").await;
    assert_eq!(company.get(&format!("{PAGE}/adoption")).await.status, 403, "only officers declare");

    // Errors beside their fields, what was typed kept.
    let action = format!("{PAGE}/adoption");
    let bad = [
        ("state", "discontinued"),
        ("started_on", "2026-05-01"),
        ("ended_on", "2026-04-01"),
        ("note", "Uffici anagrafe"),
    ];
    let refused = valdora.submit(&action, &action, &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("href=\"#ended_on\""), "{}", refused.text);
    assert!(refused.text.contains("La data di fine non può precedere quella di inizio."), "{}", refused.text);
    assert!(refused.text.contains("Uffici anagrafe"), "{}", refused.text);
    // No token, no declaration.
    let forged = valdora.post(&action, &[("state", "in_use")]).await;
    assert_eq!(forged.status, 403, "no CSRF token: {}", forged.text);

    let done =
        valdora.submit(&action, &action, &[("state", "in_use"), ("started_on", "2026-03-01"), ("listed", "yes")]).await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(done.header("location"), Some(format!("{PAGE}#adopters").as_str()));
    let account = valdora.get("/account").await;
    assert!(
        account.text.contains(&format!("<a href=\"{PAGE}\">Prenotazioni sportelli</a> — In uso")),
        "{}",
        account.text
    );
    let borgo = app.signed_in(BORGO, "it").await;
    let unlisted = borgo.submit(&action, &action, &[("state", "planned")]).await;
    assert_eq!(unlisted.status, 303, "{}", unlisted.text);

    // The public counts both and names the listed one; the form now updates, prefilled.
    let public = anonymous.get(PAGE).await;
    assert!(public.text.contains("Lo adottano o intendono adottarlo 2 amministrazioni."), "{}", public.text);
    assert!(public.text.contains("Comune di Valdora — In uso (dal 1º marzo 2026)"), "{}", public.text);
    assert!(!public.text.contains("Comune di Borgo"), "unlisted: {}", public.text);
    assert!(public.text.contains("altra amministrazione ha chiesto di non comparire"), "{}", public.text);
    let again = valdora.get(&action).await;
    assert!(again.text.contains("value=\"2026-03-01\"") && again.text.contains("ha già dichiarato"), "{}", again.text);

    // A deprecated service refuses a new adoption in words.
    let deprecate = serde_json::json!({"reason": "Sostituito da una nuova versione."});
    let deprecated = app.post(&format!("/api/v1/catalogue/services/{SLUG}/deprecate"), Some(&editor), deprecate).await;
    assert_eq!(deprecated.status, 200, "{}", deprecated.text);
    let refused = borgo.submit(&action, &action, &[("state", "in_use")]).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert!(refused.text.contains("non è aperto a nuove adozioni"), "{}", refused.text);
});

hub_test!(the_community_page_lists_its_members_and_relays_their_messages, |app| {
    service_and_officers(&app).await;
    let borgo_token = app.token(BORGO).await;
    let borgo_org =
        app.get("/api/v1/me", Some(&borgo_token)).await.body["organization_id"].as_str().expect("org").to_owned();
    let declared = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/catalogue/services/{SLUG}/adoptions/{borgo_org}"),
            Some(&borgo_token),
            serde_json::json!({"state": "in_use", "started_on": "2026-02-02", "listed": false}),
        )
        .await;
    assert_eq!(declared.status, 201, "{}", declared.text);
    let community = format!("{PAGE}/community");

    // Outside the community there is nothing to read; inside, every member, the unlisted marked.
    let valdora = app.signed_in(VALDORA, "it").await;
    assert_eq!(valdora.get(&community).await.status, 403);
    assert_eq!(app.visitor("it").get(&community).await.status, 303, "asks to log in");
    let borgo = app.signed_in(BORGO, "it").await;
    let page = borgo.get(&community).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("Aurora Labs S.r.l.") && page.text.contains("Fornitore"), "{}", page.text);
    assert!(
        page.text.contains("Comune di Borgo <span class=\"badge\">non elencata pubblicamente</span>"),
        "{}",
        page.text
    );
    assert!(page.text.contains("2 febbraio 2026"), "{}", page.text);
    // The member writes to the others, never to itself.
    assert!(!page.text.contains(&format!("<option value=\"{borgo_org}\"")), "{}", page.text);

    let refused = borgo.submit(&community, &community, &[("subject", "Ok"), ("body", "Breve")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("href=\"#subject\"") && refused.text.contains("href=\"#body\""), "{}", refused.text);
    let forged = borgo.post(&community, &[("subject", "Domanda"), ("body", "Una domanda al fornitore.")]).await;
    assert_eq!(forged.status, 403, "no CSRF token");
    for n in 1..=5 {
        let subject = format!("Domanda {n}");
        let sent =
            borgo.submit(&community, &community, &[("subject", &subject), ("body", "Una domanda al fornitore.")]).await;
        assert_eq!(sent.status, 303, "{}", sent.text);
        assert!(borgo.follow(&sent).await.text.contains("Messaggio inoltrato."));
    }
    let throttled =
        borgo.submit(&community, &community, &[("subject", "Domanda 6"), ("body", "Una domanda al fornitore.")]).await;
    assert_eq!(throttled.status, 429, "{}", throttled.text);
    assert!(throttled.text.contains("Ha già inviato 5 messaggi nelle ultime 24 ore"), "{}", throttled.text);
    let mails = hub_tests::funnel::wait_mails(
        &app,
        "anna@aurora.example",
        "Domanda 5",
        "Una domanda al fornitore.",
        1,
        std::time::Duration::from_secs(10),
    )
    .await;
    assert_eq!(mails.len(), 1);

    // The provider sees the community too, and answers the adopter; hub people read it without writing.
    let anna = app.signed_in("anna@aurora.example", "it").await;
    let provider = anna.get(&community).await;
    assert!(
        provider.text.contains("non elencata pubblicamente")
            && provider.text.contains(&format!("<option value=\"{borgo_org}\"")),
        "{}",
        provider.text
    );
    let answered = anna
        .submit(&community, &community, &[("to", &borgo_org), ("subject", "Guida"), ("body", "Vi mandiamo la guida.")])
        .await;
    assert_eq!(answered.status, 303, "{}", answered.text);
    let editor = app.signed_in(crate::catalogue::EDITOR, "it").await;
    let read_only = editor.get(&community).await;
    assert_eq!(read_only.status, 200);
    assert!(
        !read_only.text.contains("<form method=\"post\" action=\"/catalogue/prenotazioni-sportelli/community\""),
        "{}",
        read_only.text
    );
});
