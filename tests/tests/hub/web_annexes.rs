//! Annexes on the pages (issue 20): the edit page shows the challenge's rules and takes a file through a
//! multipart form with its CSRF token (refused without it, a wrong kind refused in place with the
//! localized message), deletes one, serves it back; the evaluator reads the version's annexes on the
//! review page only once they confirmed having no conflict, and takes them all as a ZIP from the queue.

use hub_tests::funnel::{admin, assigned, evaluator, in_days, manager, moved, organization};
use hub_tests::hub_test;
use hub_tests::pages::csrf_token;
use serde_json::{Value, json};

pub(crate) const ANNA: &str = "anna@aurora.example";
pub(crate) const FILENAME: &str = "presentazione-aurora.pdf";
const BOUNDARY: &str = "hub-test-boundary-7d1c";

/// A one-page PDF, written by hand with a correct cross-reference table.
pub(crate) fn pdf() -> Vec<u8> {
    crate::annexes::pdf(1, "the pages' deck")
}

/// The first bytes of a PNG: a PNG by its content, whatever its name.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A multipart form of the page's upload: `csrf` (when given), `rule`, then `file`.
fn multipart(csrf: Option<&str>, rule: &str, filename: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut text = |name: &str, value: &str| {
        let part = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        body.extend_from_slice(part.as_bytes());
    };
    if let Some(token) = csrf {
        text("csrf", token);
    }
    text("rule", rule);
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    body.extend_from_slice(head.as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// An open challenge asking for one required PDF ("Presentazione", at most five pages) and a draft of
/// Anna's to it: the hub manager's token, Anna's token and the draft's id.
pub(crate) async fn draft_with_rules(app: &hub_tests::TestApp) -> (String, String, String) {
    let (anna, _) = hub_tests::funnel::verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    let root = admin(app).await;
    let sponsor = organization(app, &root, "Comune di Lecce", "public_administration", "80004739258").await;
    let body = json!({"slug": "allegati-pagine", "title_it": "Allegati", "description_it": "Prova.",
        "sponsor_id": sponsor, "opens_at": in_days(-1),
        "annexes": [{"key": "deck", "name": "Presentazione", "required": true, "types": ["pdf"],
            "max_bytes": 2_097_152, "max_count": 1, "max_pages": 5}]});
    let created = app.post("/api/v1/challenges", Some(&hub), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(app.post("/api/v1/challenges/allegati-pagine/open", Some(&hub), Value::Null).await.status, 200);
    let id = hub_tests::funnel::draft(app, &anna, "Pagine con allegati", "allegati-pagine").await;
    (hub, anna, id)
}

/// The proposal's annexes as the API lists them to `token`: (id, version, filename).
async fn listed(app: &hub_tests::TestApp, token: &str, id: &str) -> Vec<(String, Value, String)> {
    let list = app.get(&format!("/api/v1/proposals/{id}/annexes"), Some(token)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_owned(),
                a["version"].clone(),
                a["filename"].as_str().expect("name").to_owned(),
            )
        })
        .collect()
}

hub_test!(a_team_attaches_deletes_and_downloads_annexes_on_the_pages, |app| {
    let (_, anna, id) = draft_with_rules(&app).await;

    // The hand-written PDF is one the API takes, with its page counted.
    let url = format!("{}/api/v1/proposals/{id}/annexes/deck/prova.pdf", app.base);
    let put = reqwest::Client::new().put(url).bearer_auth(&anna).body(pdf()).send().await.expect("PUT");
    let put = hub_tests::TestApp::answer(put).await;
    assert_eq!(put.status, 201, "{}", put.text);
    assert_eq!(put.body["pages"], 1, "{}", put.text);
    let first = put.body["id"].as_str().expect("id").to_owned();
    let removed =
        app.request(reqwest::Method::DELETE, &format!("/api/v1/annexes/{first}"), Some(&anna), Value::Null).await;
    assert_eq!(removed.status, 204, "{}", removed.text);

    // The edit page shows the rule, and an upload form whose token comes first.
    let team = app.signed_in(ANNA, "it").await;
    let edit = format!("/proposals/{id}/edit");
    let page = team.get(&edit).await;
    assert_eq!(page.status, 200, "{}", page.text);
    for words in [
        "id=\"allegati\"",
        "Presentazione",
        "(obbligatorio)",
        "Formati accettati",
        "Dimensione massima",
        "2 MB",
        "Numero massimo di pagine",
        "enctype=\"multipart/form-data\"",
        "accept=\".pdf,application/pdf\"",
    ] {
        assert!(page.text.contains(words), "{words}: {}", page.text);
    }
    let action = format!("/proposals/{id}/annexes?rule=deck");
    let token = csrf_token(&page.text, &action);

    // Without the token, or with another, nothing is uploaded.
    let none = team.post_bytes(&action, &content_type(), multipart(None, "deck", FILENAME, &pdf())).await;
    assert_eq!(none.status, 403, "{}", none.text);
    let wrong = team
        .post_bytes(&action, &content_type(), multipart(Some("bm90LXRoZS10b2tlbg"), "deck", FILENAME, &pdf()))
        .await;
    assert_eq!(wrong.status, 403, "{}", wrong.text);
    assert!(wrong.text.contains("<html"), "an error page: {}", wrong.text);
    assert!(listed(&app, &anna, &id).await.is_empty(), "nothing uploaded");

    // A PNG to a PDF-only annex: the page again, with the message beside the form.
    let png = team.post_bytes(&action, &content_type(), multipart(Some(&token), "deck", "logo.pdf", PNG)).await;
    assert_eq!(png.status, 422, "{}", png.text);
    assert!(png.text.contains("role=\"alert\""), "{}", png.text);
    assert!(
        png.text.contains("Il contenuto del file non corrisponde a nessuno dei formati accettati (PDF)."),
        "{}",
        png.text
    );
    assert!(
        png.text.contains("id=\"annex-file-deck-error\"") && png.text.contains("aria-invalid=\"true\""),
        "{}",
        png.text
    );
    assert!(png.text.contains("href=\"#annex-file-deck\""), "the summary links to the input: {}", png.text);
    assert!(listed(&app, &anna, &id).await.is_empty(), "nothing uploaded");

    // The PDF, with the page's token: back to the section, where it is listed.
    let sent = team.post_bytes(&action, &content_type(), multipart(Some(&token), "deck", FILENAME, &pdf())).await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert_eq!(sent.header("location"), Some(format!("{edit}?annex=added#allegati").as_str()));
    let files = listed(&app, &anna, &id).await;
    assert_eq!(files.len(), 1, "{files:?}");
    let (annex, version, name) = files[0].clone();
    assert_eq!((version, name.as_str()), (Value::Null, FILENAME), "in the working copy");
    let after = team.follow(&sent).await;
    assert!(
        after.text.contains(FILENAME) && after.text.contains(&format!("href=\"/annexes/{annex}\"")),
        "{}",
        after.text
    );
    assert!(after.text.contains("File caricato.") && after.text.contains("1 pagina"), "{}", after.text);
    assert!(after.text.contains("tutti i file previsti") && !after.text.contains(&action), "full: no more form");

    // The download route serves the bytes, named; an anonymous visitor is sent to log in.
    let download = team.get(&format!("/annexes/{annex}")).await;
    assert_eq!(download.status, 200, "{}", download.text);
    assert_eq!(download.header("content-type"), Some("application/pdf"));
    let disposition = download.header("content-disposition").unwrap_or_default();
    assert!(disposition.starts_with("attachment") && disposition.contains(FILENAME), "{disposition}");
    assert_eq!(download.text.as_bytes(), pdf().as_slice());
    // A download resumed in parts asks for the same file (If-Match): another ETag is an error page, no bytes.
    let etag = download.header("etag").expect("an ETag").to_owned();
    let part = team.get_with(&format!("/annexes/{annex}"), &[("if-match", &etag), ("range", "bytes=0-3")]).await;
    assert_eq!((part.status, part.text.as_str()), (206, "%PDF"), "the same file's first bytes");
    let changed =
        team.get_with(&format!("/annexes/{annex}"), &[("if-match", "\"another\""), ("range", "bytes=4-")]).await;
    assert_eq!(changed.status, 412, "{}", changed.text);
    assert!(changed.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{:?}", changed.headers);
    assert!(changed.text.contains("<html") && !changed.text.contains("PDF-"), "{}", changed.text);
    assert!(changed.text.contains("Lo stato della risorsa è cambiato nel frattempo"), "said why: {}", changed.text);
    let anonymous = app.visitor("it").get(&format!("/annexes/{annex}")).await;
    assert_eq!(anonymous.status, 303, "{}", anonymous.text);
    assert!(
        anonymous.header("location").unwrap_or_default().starts_with("/login?next="),
        "{:?}",
        anonymous.header("location")
    );
    app.user_with_roles("eve@elsewhere.example", &[domain::Role::Proposer], None).await;
    let other = app.signed_in("eve@elsewhere.example", "it").await;
    let hidden = other.get(&format!("/annexes/{annex}")).await;
    assert_eq!(hidden.status, 404, "another organisation's file: {}", hidden.text);
    assert!(hidden.text.contains("<html") && !hidden.text.contains("%PDF"), "{}", hidden.text);

    // Delete needs the token, then takes the file away.
    let delete = format!("/annexes/{annex}/delete");
    assert_eq!(team.post(&delete, &[]).await.status, 403, "without the token");
    assert_eq!(listed(&app, &anna, &id).await.len(), 1);
    let deleted = team.submit(&format!("{edit}?annex=added"), &delete, &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.text);
    assert_eq!(deleted.header("location"), Some(format!("{edit}?annex=deleted#allegati").as_str()));
    assert!(listed(&app, &anna, &id).await.is_empty(), "deleted");
    let gone = team.follow(&deleted).await;
    assert!(gone.text.contains("File eliminato.") && !gone.text.contains(FILENAME), "{}", gone.text);
});

hub_test!(an_evaluator_reads_the_annexes_once_cleared_and_takes_them_as_a_zip, |app| {
    let (hub, anna, id) = draft_with_rules(&app).await;
    let team = app.signed_in(ANNA, "it").await;
    let edit = format!("/proposals/{id}/edit");
    let action = format!("/proposals/{id}/annexes?rule=deck");
    let token = csrf_token(&team.get(&edit).await.text, &action);
    let sent = team.post_bytes(&action, &content_type(), multipart(Some(&token), "deck", FILENAME, &pdf())).await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    moved(&app, &anna, &id, "submit", Value::Null, "submitted").await;
    moved(&app, &hub, &id, "screen", json!({"eligible": true}), "under_review").await;
    let submitted: Vec<_> = listed(&app, &anna, &id).await.into_iter().filter(|(_, v, _)| *v == json!(1)).collect();
    assert_eq!(submitted.len(), 1, "{submitted:?}");
    let annex = submitted[0].0.clone();

    // The proposal's page lists the submitted version's file.
    let shown = team.get(&format!("/proposals/{id}")).await;
    assert!(
        shown.text.contains("Allegati della versione 1") && shown.text.contains(&format!("/annexes/{annex}")),
        "{}",
        shown.text
    );

    // Before confirming: no annex on the review page, and the file is refused.
    let (_, eva) = evaluator(&app, "eva1@hub.example", None).await;
    let review = assigned(&app, &hub, &id, &eva, &in_days(7)).await;
    let reader = app.signed_in("eva1@hub.example", "it").await;
    let page = format!("/reviews/{review}");
    let before = reader.get(&page).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert!(!before.text.contains(FILENAME) && !before.text.contains("/annexes/"), "{}", before.text);
    let refused = reader.get(&format!("/annexes/{annex}")).await;
    assert!(refused.status == 403 || refused.status == 404, "{}", refused.status);
    assert!(!refused.text.contains("%PDF"), "no bytes before confirming");

    // After confirming: the version's annexes with their links, and the bytes.
    let confirmed = reader.submit(&page, &format!("/reviews/{review}/confirm"), &[]).await;
    assert_eq!(confirmed.status, 303, "{}", confirmed.text);
    let after = reader.get(&page).await;
    assert!(
        after.text.contains(FILENAME) && after.text.contains(&format!("href=\"/annexes/{annex}\"")),
        "{}",
        after.text
    );
    let download = reader.get(&format!("/annexes/{annex}")).await;
    assert_eq!((download.status, download.text.as_bytes()), (200, pdf().as_slice()));

    // The queue offers every annex as one ZIP (in English: the evaluator's own language).
    let queue = reader.get("/reviews").await;
    assert!(
        queue.text.contains("href=\"/reviews/annexes.zip\"") && queue.text.contains("Download all annexes (ZIP)"),
        "{}",
        queue.text
    );
    let zip = reader.get("/reviews/annexes.zip").await;
    assert_eq!(zip.status, 200, "{}", zip.text);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    assert!(zip.text.as_bytes().starts_with(b"PK\x03\x04"), "a ZIP");
    assert!(zip.text.contains(FILENAME), "the file is in it");
    let team_zip = team.get("/reviews/annexes.zip").await;
    assert_eq!(team_zip.status, 403, "not an evaluator");
});
