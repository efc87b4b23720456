//! The bodies and objects the world is built from: reviews, challenges, services and their
//! completion, each created and checked through the API.

use super::*;

pub(super) fn review_body() -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    json!({
        "scores": pillars.iter().map(|p| ((*p).to_owned(), json!(4.0))).collect::<serde_json::Map<_, _>>(),
        "comments": pillars.iter().map(|p| ((*p).to_owned(), json!("Solid."))).collect::<serde_json::Map<_, _>>(),
        "overall_comment": "A solid proposal.", "confidential_comment": "For the hub only.", "recommendation": "accept"
    })
}

pub(super) fn challenge_body(slug: &str, sponsor: &str) -> Value {
    json!({
        "slug": slug, "title_it": format!("Sfida {slug}"), "description_it": "Una descrizione della sfida.",
        "sponsor_id": sponsor, "opens_at": in_days(-1), "closes_at": in_days(30), "budget_cents": 50_000_000,
    })
}

pub(super) fn service_body(slug: &str, provider: &str) -> Value {
    json!({"slug": slug, "name": format!("Servizio {slug}"), "short_description_it": "Un servizio sul PSN",
           "long_description_it": "Breve.", "provider_id": provider})
}

/// Everything publishing needs.
pub(super) fn completion() -> Value {
    json!({
        "long_description_it": "Servizio erogato sul Polo Strategico Nazionale con dati ospitati in Italia. Cifratura \
            con chiavi gestite dall'amministrazione, monitoraggio continuo e supporto dedicato a ogni ente aderente.",
        "features_it": ["Dati ospitati in Italia"], "service_model": "saas", "tags": ["document-management"],
        "license": "EUPL-1.2", "repository_url": "https://code.example.it/aurora/servizio", "version": "1.2.0",
        "contacts": [{"name": "Maria Bianchi", "email": "maria@aurora.example"}], "platforms": ["web"],
        "development_status": "stable", "release_date": "2026-05-04"
    })
}

pub(super) async fn etag(app: &TestApp, token: &str, path: &str) -> String {
    let read = app.get(path, Some(token)).await;
    assert_eq!(read.status, 200, "read {path}: {}", read.text);
    read.header("etag").expect("an ETag").to_owned()
}

#[track_caller]
pub(super) fn ok(answer: Answer, status: u16, what: &str) -> Value {
    assert_eq!(answer.status, status, "{what}: {}", answer.text);
    answer.body
}

pub(super) async fn create_challenge(app: &TestApp, hub: &str, slug: &str, sponsor: &str, moves: &[&str]) -> String {
    ok(app.post("/api/v1/challenges", Some(hub), challenge_body(slug, sponsor)).await, 201, "challenge");
    for action in moves {
        ok(app.post(&format!("/api/v1/challenges/{slug}/{action}"), Some(hub), Value::Null).await, 200, action);
    }
    slug.to_owned()
}

pub(super) async fn create_service(app: &TestApp, editor: &str, slug: &str, provider: &str, publish: bool) -> String {
    ok(app.post("/api/v1/catalogue/services", Some(editor), service_body(slug, provider)).await, 201, "service");
    if publish {
        complete_service(app, editor, slug).await;
        let path = format!("/api/v1/catalogue/services/{slug}/publish");
        ok(app.post(&path, Some(editor), Value::Null).await, 200, "publish");
    }
    slug.to_owned()
}

pub(super) async fn complete_service(app: &TestApp, editor: &str, slug: &str) {
    let path = format!("/api/v1/catalogue/services/{slug}");
    let tag = etag(app, editor, &path).await;
    let answer = Req::new(Method::PATCH, path).header("if-match", tag).json(completion()).send(app, Some(editor)).await;
    ok(answer, 200, "complete the service");
}

/// A public need stated by `officer`; returns its id.
pub(super) async fn new_need(app: &TestApp, officer: &str, title: &str) -> String {
    let body = json!({
        "title": title, "description": "Una descrizione del fabbisogno abbastanza lunga.",
        "pillars": ["talent_skills"], "urgency": "medium", "population": 500
    });
    ok(app.post("/api/v1/needs", Some(officer), body).await, 201, "need")["id"].as_str().expect("id").to_owned()
}

/// A fresh proposal under review whose review by the assigned evaluator is submitted, for a consensus
/// cell: with `rapporteur` (the evaluator or the hub manager) designated by the hub manager and, when
/// `drafted`, their draft saved. Returns its id.
pub(super) async fn for_consensus(app: &TestApp, w: &World, rapporteur: Option<Who>, drafted: bool) -> String {
    use hub_tests::funnel::{assigned, confirm, save_and_submit, under_review, user_id};
    let (anna, hub, eva) = (w.token(Who::OwnProposer), w.token(Who::HubManager), w.token(Who::AssignedEvaluator));
    let id = under_review(app, anna, hub, &format!("Consensus {}", w.next()), "open-call").await;
    let review = assigned(app, hub, &id, &w.eva, &in_days(14)).await;
    confirm(app, eva, &review).await;
    save_and_submit(app, eva, &review, review_body()).await;
    let Some(rapporteur) = rapporteur else { return id };
    let (chosen, drafter) = match rapporteur {
        Who::HubManager => (user_id(app, hub).await, hub),
        _ => (w.eva.clone(), eva),
    };
    let path = format!("/api/v1/proposals/{id}/consensus");
    let body = json!({"rapporteur_id": chosen});
    ok(app.request(Method::PUT, &format!("{path}/rapporteur"), Some(hub), body).await, 200, "designate");
    if drafted {
        ok(app.request(Method::PUT, &path, Some(drafter), consensus_body()).await, 200, "draft");
    }
    id
}

/// A complete consensus draft.
pub(super) fn consensus_body() -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    json!({
        "scores": pillars.iter().map(|p| ((*p).to_owned(), json!(4.0))).collect::<serde_json::Map<_, _>>(),
        "justifications": pillars.iter().map(|p| ((*p).to_owned(), json!("Agreed."))).collect::<serde_json::Map<_, _>>(),
        "comment": "A solid proposal."
    })
}
