//! The PSN service catalogue: promotion of accepted proposals, editing with If-Match, the lifecycle,
//! public visibility, search and filters on both engines, 304s and the publiccode.yml export.

use std::time::Duration;

use domain::Role;
use hub_tests::funnel::{
    assigned, confirm, evaluator, fields, in_days, manager, moved, save_and_submit, under_review, verified_proposer,
    wait_mails,
};
use hub_tests::{Answer, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

mod promotion_and_lifecycle;
mod public_and_search;
mod publiccode;
mod refusals;

pub(crate) const EDITOR: &str = "catalogue@hub.example";
pub(crate) const PROPOSER: &str = "anna@aurora.example";

pub(crate) async fn editor(app: &TestApp) -> String {
    app.user_with_roles(EDITOR, &[Role::CatalogueEditor], None).await
}

/// The proposer of Aurora Labs: (token, organisation id).
pub(crate) async fn proposer(app: &TestApp) -> (String, String) {
    let (token, _) = verified_proposer(app, PROPOSER, "Aurora Labs S.r.l.", "04817250931").await;
    let me = app.get("/api/v1/me", Some(&token)).await;
    (token, me.body["organization_id"].as_str().expect("organisation").to_owned())
}

/// A review with `score` on every pillar.
pub(crate) fn review(score: f64) -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    json!({
        "scores": pillars.iter().map(|p| ((*p).to_owned(), json!(score))).collect::<serde_json::Map<_, _>>(),
        "comments": pillars.iter().map(|p| ((*p).to_owned(), json!("Solido."))).collect::<serde_json::Map<_, _>>(),
        "overall_comment": "Buono.", "recommendation": "accept"
    })
}

/// A proposal accepted with one review scoring `score` everywhere (the minimum overridden).
pub(crate) async fn accepted(app: &TestApp, proposer: &str, hub: &str, title: &str, score: f64) -> String {
    let id = under_review(app, proposer, hub, title, "open-call").await;
    let (evaluator_token, evaluator_id) =
        evaluator(app, &format!("ev-{}@hub.example", &id[id.len() - 12..]), None).await;
    let review_id = assigned(app, hub, &id, &evaluator_id, &in_days(10)).await;
    confirm(app, &evaluator_token, &review_id).await;
    save_and_submit(app, &evaluator_token, &review_id, review(score)).await;
    moved(
        app,
        hub,
        &id,
        "decide",
        json!({"decision": "accept", "rationale": "Utile a molte amministrazioni.", "override_reason": "Test"}),
        "accepted",
    )
    .await;
    id
}

/// Everything publishing needs, on top of what promotion fills in.
pub(crate) fn completion(words: &str, model: &str, tag: &str) -> Value {
    json!({
        "long_description_it": format!(
            "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia. {words}. Cifratura con chiavi \
             gestite dall'amministrazione, monitoraggio continuo e supporto dedicato."
        ),
        "features_it": ["Dati ospitati in Italia", "Chiavi gestite dall'amministrazione"],
        "service_model": model,
        "tags": [tag],
        "license": "EUPL-1.2",
        "repository_url": "https://code.example.it/aurora/servizio",
        "version": "1.2.0",
        "contacts": [{"name": "Maria Bianchi", "email": "maria@aurora.example"}],
        "platforms": ["web", "kubernetes"],
        "development_status": "stable",
        "release_date": "2026-05-04",
        "supports": ["spid", "gdpr"]
    })
}

async fn patch(app: &TestApp, token: &str, slug: &str, etag: Option<&str>, body: Value) -> Answer {
    let mut request = app
        .client
        .request(Method::PATCH, format!("{}/api/v1/catalogue/services/{slug}", app.base))
        .bearer_auth(token)
        .json(&body);
    if let Some(etag) = etag {
        request = request.header("if-match", etag);
    }
    TestApp::answer(request.send().await.expect("answer")).await
}

async fn etag_of(app: &TestApp, token: &str, slug: &str) -> String {
    let read = app.get(&format!("/api/v1/catalogue/services/{slug}"), Some(token)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.header("etag").expect("etag").to_owned()
}

/// Completes and publishes a service.
pub(crate) async fn publish(app: &TestApp, editor: &str, slug: &str, body: Value) -> Value {
    let etag = etag_of(app, editor, slug).await;
    let edited = patch(app, editor, slug, Some(&etag), body).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let published = app.post(&format!("/api/v1/catalogue/services/{slug}/publish"), Some(editor), Value::Null).await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert_eq!(published.body["state"], "published");
    published.body
}

/// A service created directly by the editor for `provider`.
pub(crate) async fn direct(app: &TestApp, editor: &str, slug: &str, name: &str, provider: &str) -> Value {
    let created = app
        .post(
            "/api/v1/catalogue/services",
            Some(editor),
            json!({"slug": slug, "name": name, "short_description_it": format!("{name} sul PSN"),
                   "long_description_it": "Breve.", "provider_id": provider}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["state"], "draft");
    created.body
}
