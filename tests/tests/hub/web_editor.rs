//! The catalogue editors' workspace: promotion from the desk, the service editor with its publish
//! checklist (publishing refused until it is complete), a stale save that overwrites nothing, deprecation
//! with a reason and a successor, retirement, the history; and who may open what. The editor made here
//! reads English (the account's language).

use hub_tests::funnel::manager;
use hub_tests::pages::csrf_token;
use hub_tests::{TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

use crate::catalogue::{EDITOR, accepted, completion, editor, proposer, publish};

/// An accepted proposal titled `title`, and the editor's API token.
async fn setup(app: &TestApp, title: &str) -> (String, String) {
    let (proposer, _) = proposer(app).await;
    let hub = manager(app).await;
    let proposal = accepted(app, &proposer, &hub, title, 4.0).await;
    (proposal, editor(app).await)
}

/// Promotes `proposal` through the API; its service's slug.
async fn promoted(app: &TestApp, token: &str, proposal: &str) -> String {
    let answer = app.post(&format!("/api/v1/proposals/{proposal}/promote"), Some(token), Value::Null).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    answer.body["slug"].as_str().expect("a slug").to_owned()
}

/// The hidden revision of the form posting to `action` on `html`.
fn revision(html: &str, action: &str) -> String {
    let marker = format!("action=\"{action}\"");
    let form = html.split("<form").find(|f| f.contains(&marker)).expect("the form");
    form.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a revision").to_owned()
}

/// A form's token and revision, with its fields.
fn form_fields<'a>(token: &'a str, rev: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("csrf", token), ("revision", rev)];
    fields.extend_from_slice(changes);
    fields
}

async fn state_of(app: &TestApp, token: &str, slug: &str) -> Value {
    let read = app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(token)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.body
}

/// The completion publishing needs, as the form's fields.
const COMPLETE: [(&str, &str); 14] = [
    ("name", "Gateway FHIR sovrano"),
    ("short_description_it", "Interoperabilità sanitaria sul Polo Strategico Nazionale."),
    (
        "long_description_it",
        "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia. Cifratura con chiavi gestite \
         dall'amministrazione, monitoraggio continuo e supporto dedicato alle aziende sanitarie.",
    ),
    ("features_it", "Profili FHIR R4\nAudit degli accessi"),
    ("service_model", "saas"),
    ("categories", "data-collection"),
    ("license", "EUPL-1.2"),
    ("repository_url", "https://code.example.it/aurora/fhir"),
    ("version", "1.4.0"),
    ("development_status", "stable"),
    ("release_date", "2026-05-04"),
    ("platforms", "web, kubernetes"),
    ("contact-0-name", "Maria Bianchi"),
    ("contact-0-email", "maria@aurora.example"),
];

hub_test!(an_editor_promotes_completes_against_the_checklist_and_publishes, |app| {
    let (proposal, token) = setup(&app, "Gateway FHIR sovrano").await;
    let person = app.signed_in(EDITOR, "it").await;
    let desk = person.get("/editor").await;
    assert_eq!(desk.status, 200, "{}", desk.text);
    assert!(
        desk.text.contains("Accepted proposals waiting for promotion") && desk.text.contains("Gateway FHIR sovrano")
    );
    assert!(desk.text.contains(&format!("href=\"/proposals/{proposal}\"")), "the proposal is a link away");
    assert_eq!(person.get(&format!("/proposals/{proposal}")).await.status, 200, "and the editor may read it");
    let action = format!("/editor/proposals/{proposal}/promote");
    let promoted = person.submit("/editor", &action, &[]).await;
    assert_eq!(promoted.status, 303, "{}", promoted.text);
    let to = promoted.header("location").expect("where").to_owned();
    assert!(to.ends_with("?done=promoted"), "{to}");
    let slug = to.trim_start_matches("/editor/services/").trim_end_matches("?done=promoted").to_owned();
    // Promotion made a draft service and moved the proposal, as the API's promote does.
    assert_eq!(state_of(&app, &token, &slug).await["state"], "draft");
    let moved = app.get(&format!("/api/v1/proposals/{proposal}"), Some(&token)).await;
    assert_eq!(moved.body["state"], "promoted", "{}", moved.text);
    assert!(!person.get("/editor").await.text.contains(&action), "no longer waiting");

    // The checklist names what publishing needs, each linking to its field; publishing is refused.
    let page = format!("/editor/services/{slug}");
    let editor_page = person.follow(&promoted).await;
    assert!(editor_page.text.contains("Proposal promoted"), "{}", editor_page.text);
    for missing in ["href=\"#license\"", "href=\"#release_date\"", "href=\"#categories\"", "href=\"#contact-0-name\""] {
        assert!(editor_page.text.contains(missing), "{missing}: {}", editor_page.text);
    }
    assert!(editor_page.text.contains("Needs filling in before publication."));
    assert!(editor_page.text.contains("publiccodeYmlVersion"), "the preview");
    let publish_action = format!("{page}/publish");
    let rev = revision(&editor_page.text, &publish_action);
    let refused = person.submit(&page, &publish_action, &[("revision", rev.as_str())]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("id=\"form-error\"") && refused.text.contains("<a href=\"#license\">"));
    assert_eq!(state_of(&app, &token, &slug).await["state"], "draft");

    // Saved with every field, the checklist is complete and the preview shows the licence.
    let csrf = csrf_token(&editor_page.text, &page);
    let rev = revision(&editor_page.text, &page);
    let mut fields = form_fields(&csrf, &rev, &COMPLETE);
    fields.push(("slug", slug.as_str()));
    let saved = person.post(&page, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let complete = person.follow(&saved).await;
    assert!(
        complete.text.contains("Changes saved.") && complete.text.contains("has everything publiccode.yml requires")
    );
    assert!(complete.text.contains("license: EUPL-1.2") && complete.text.contains("- data-collection"));
    assert!(complete.text.contains("value=\"data-collection\" checked"), "the category stays chosen");
    for key in [">editor-", ">category-", ">field-error-", ": editor-", "— editor-"] {
        assert!(!complete.text.contains(key), "every word from the catalogues: {key}");
    }
    let service = state_of(&app, &token, &slug).await;
    assert_eq!(service["contacts"][0]["name"], "Maria Bianchi");
    assert_eq!(service["platforms"], json!(["kubernetes", "web"]));

    // Published: the public page shows it to anyone.
    let rev = revision(&complete.text, &publish_action);
    let published = person.submit(&page, &publish_action, &[("revision", rev.as_str())]).await;
    assert_eq!(published.status, 303, "{}", published.text);
    assert!(person.follow(&published).await.text.contains("Service published"));
    assert_eq!(state_of(&app, &token, &slug).await["state"], "published");
    let public = app.visitor("it").get(&format!("/catalogue/{slug}")).await;
    assert_eq!(public.status, 200);
    assert!(public.text.contains("Gateway FHIR sovrano") && public.text.contains("EUPL-1.2"));
    let history = person.get(&format!("{page}/history")).await;
    assert_eq!(history.status, 200);
    for step in ["Promoted from the proposal", "Edited", "Published"] {
        assert!(history.text.contains(step), "{step}: {}", history.text);
    }
});

hub_test!(a_stale_save_saves_nothing_and_shows_both_versions, |app| {
    let (proposal, token) = setup(&app, "Archivio sanitario federato").await;
    let slug = promoted(&app, &token, &proposal).await;
    let person = app.signed_in(EDITOR, "it").await;
    let page = format!("/editor/services/{slug}");
    let opened = person.get(&page).await;
    let (csrf, old) = (csrf_token(&opened.text, &page), revision(&opened.text, &page));

    // Someone saves through the API meanwhile.
    let etag = app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(&token)).await;
    let etag = etag.header("etag").expect("an ETag").to_owned();
    let patched = app
        .client
        .request(Method::PATCH, format!("{}/api/v1/catalogue/services/{slug}", app.base))
        .bearer_auth(&token)
        .header("if-match", etag)
        .json(&json!({"name": "Archivio scelto dall'API"}))
        .send()
        .await
        .expect("PATCH");
    assert_eq!(patched.status(), 200);

    let mine = [
        ("slug", slug.as_str()),
        ("name", "Archivio scelto dalla pagina"),
        ("short_description_it", "Breve."),
        ("long_description_it", "Descrizione dalla pagina."),
    ];
    let refused = person.post(&page, &form_fields(&csrf, &old, &mine)).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert!(refused.text.contains("The record changed meanwhile"), "{}", refused.text);
    assert!(
        refused.text.contains("Archivio scelto dall&#39;API") || refused.text.contains("Archivio scelto dall&#x27;API")
    );
    assert!(refused.text.contains("value=\"Archivio scelto dalla pagina\""), "what was typed is kept");
    assert_eq!(state_of(&app, &token, &slug).await["name"], "Archivio scelto dall'API", "nothing saved");

    // Sent again from the refusal (now at the saved revision), it replaces the other version knowingly.
    let current = revision(&refused.text, &page);
    assert_ne!(current, old);
    let replaced = person.post(&page, &form_fields(&csrf, &current, &mine)).await;
    assert_eq!(replaced.status, 303, "{}", replaced.text);
    assert_eq!(state_of(&app, &token, &slug).await["name"], "Archivio scelto dalla pagina");
});

hub_test!(deprecation_needs_a_reason_and_names_the_successor_then_retirement_hides_it, |app| {
    let (proposer, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let token = editor(&app).await;
    let old = accepted(&app, &proposer, &hub, "Raccolta rifiuti IoT", 3.5).await;
    let new = accepted(&app, &proposer, &hub, "Raccolta rifiuti regionale", 4.0).await;
    let (old, new) = (promoted(&app, &token, &old).await, promoted(&app, &token, &new).await);
    publish(&app, &token, &old, completion("Percorsi dai sensori", "saas", "data-collection")).await;
    publish(&app, &token, &new, completion("Percorsi regionali", "saas", "data-analytics")).await;

    let person = app.signed_in(EDITOR, "it").await;
    let page = format!("/editor/services/{old}");
    let confirm = format!("{page}/deprecate");
    let asked = person.get(&confirm).await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    assert!(asked.text.contains(&format!("<option value=\"{new}\">Raccolta rifiuti regionale</option>")));
    assert!(!asked.text.contains(&format!("<option value=\"{old}\"")), "not itself");
    let rev = revision(&asked.text, &confirm);
    let empty = person.submit(&confirm, &confirm, &[("revision", rev.as_str()), ("reason", " ")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(empty.text.contains("id=\"reason-error\""), "{}", empty.text);
    assert_eq!(state_of(&app, &token, &old).await["state"], "published");

    let reason = "Sostituito dalla versione regionale.";
    let fields = [("revision", rev.as_str()), ("reason", reason), ("replacement", new.as_str())];
    let deprecated = person.submit(&confirm, &confirm, &fields).await;
    assert_eq!(deprecated.status, 303, "{}", deprecated.text);
    assert_eq!(deprecated.header("location"), Some(format!("{page}?done=deprecated").as_str()));
    let public = app.visitor("it").get(&format!("/catalogue/{old}")).await;
    assert!(public.text.contains(reason) && public.text.contains(&format!("href=\"/catalogue/{new}\"")));
    let history = person.get(&format!("{page}/history")).await;
    assert!(history.text.contains("Deprecated") && history.text.contains(reason), "{}", history.text);

    // Retired after its confirmation: out of public view.
    let retire = format!("{page}/retire");
    let asked = person.get(&retire).await;
    assert!(asked.text.contains("Retire “Raccolta rifiuti IoT”?"), "{}", asked.text);
    let rev = revision(&asked.text, &retire);
    let retired = person.submit(&retire, &retire, &[("revision", rev.as_str())]).await;
    assert_eq!(retired.status, 303, "{}", retired.text);
    assert_eq!(state_of(&app, &token, &old).await["state"], "retired");
    assert_eq!(app.visitor("it").get(&format!("/catalogue/{old}")).await.status, 404);
    let desk = person.get("/editor").await;
    assert!(desk.text.contains("Retired") && desk.text.contains(&format!("href=\"/editor/services/{old}\"")));
});

/// Every page of the workspace for `slug`.
fn pages(slug: &str) -> Vec<String> {
    ["", "/history", "/deprecate", "/retire"].iter().map(|p| format!("/editor/services/{slug}{p}")).collect()
}

hub_test!(the_editor_pages_answer_each_role_as_the_api_does, |app| {
    let (proposal, token) = setup(&app, "Gateway FHIR sovrano").await;
    let slug = promoted(&app, &token, &proposal).await;
    // Not an editor: a 403 page on every page of the workspace.
    let proposer = app.signed_in(crate::catalogue::PROPOSER, "it").await;
    let (_, _) = hub_tests::funnel::evaluator(&app, "elena@valdora.example", None).await;
    let evaluator = app.signed_in("elena@valdora.example", "it").await;
    for other in [&proposer, &evaluator] {
        for path in std::iter::once("/editor".to_owned()).chain(pages(&slug)) {
            let refused = other.get(&path).await;
            assert_eq!(refused.status, 403, "{path}: {}", refused.text);
            assert!(refused.text.contains("<html"), "a page: {path}");
        }
    }
    // Even with a token of their own, their posts are refused.
    let own = evaluator.get("/reviews").await;
    let csrf = csrf_token(&own.text, "/logout");
    let posted = evaluator.post(&format!("/editor/services/{slug}/retire"), &[("csrf", csrf.as_str())]).await;
    assert_eq!(posted.status, 403, "{}", posted.text);
    // Signed out: log in first.
    assert_eq!(app.visitor("it").get("/editor").await.status, 303);

    // An unknown service: a 404 page on each page.
    let person = app.signed_in(EDITOR, "it").await;
    for path in pages("no-such-service") {
        assert_eq!(person.get(&path).await.status, 404, "{path}");
    }
    // Every form refuses a post without its token, and nothing changes.
    let base = format!("/editor/services/{slug}");
    for action in [base.clone(), format!("{base}/publish"), format!("{base}/deprecate"), format!("{base}/retire")] {
        let refused = person.post(&action, &[("revision", "1"), ("name", "X")]).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
    }
    let refused = person.post(&format!("/editor/proposals/{proposal}/promote"), &[]).await;
    assert_eq!(refused.status, 403);
    let service = state_of(&app, &token, &slug).await;
    assert_eq!((service["state"].as_str(), service["name"].as_str()), (Some("draft"), Some("Gateway FHIR sovrano")));
});
