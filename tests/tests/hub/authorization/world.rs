//! The world the cells act on: the personas, their tokens and the objects made for each row.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::{Role, Scope};
use hub_tests::TestApp;
use hub_tests::funnel::{
    assigned, confirm, draft, evaluator, in_days, manager, moved, organization, save, save_and_submit, under_review,
    user_id, verified_proposer,
};
use serde_json::{Value, json};

use super::*;

/// A persona's account.
#[derive(Debug, Clone)]
pub(super) struct Persona {
    pub(super) token: String,
    pub(super) email: String,
}

/// Everything the cells act on.
#[derive(Debug)]
pub(super) struct World {
    /// The signed-in personas; `Anonymous` maps to a visitor whose account the anonymous cells use
    /// where a request needs one (logging in, say).
    pub(super) people: HashMap<Who, Persona>,
    /// Personal access tokens by (owner, lacking scope).
    pub(super) pats: HashMap<(Who, Option<Scope>), String>,
    pub(super) aurora: String,
    /// The own proposer's user id (Aurora Labs' owner).
    pub(super) anna: String,
    pub(super) nuvola: String,
    pub(super) sponsor: String,
    /// The assigned evaluator's user id.
    pub(super) eva: String,
    /// The proposals the assigned evaluator has been cleared to read.
    pub(super) cleared: BTreeSet<String>,
    pub(super) spare_evaluator: String,
    pub(super) role_target: String,
    /// Proposal ids.
    pub(super) read: String,
    pub(super) revising: String,
    pub(super) drafted: String,
    pub(super) withdrawing: String,
    pub(super) resubmitting: String,
    pub(super) screening: String,
    pub(super) revision: String,
    pub(super) deciding: String,
    /// Under review, no notice of the grounds yet; under review with a notice whose term runs.
    pub(super) noticing: String,
    pub(super) observing: String,
    /// Found ineligible by another hub manager, its team's request for review pending.
    pub(super) redressing: String,
    /// Under review on a challenge allowing the team's response: the assigned evaluator's review in, the
    /// window open.
    pub(super) responding: String,
    /// On a challenge asking for an annex: a draft of Aurora Labs with one in its working copy; a proposal
    /// under review whose submitted version has one (the assigned evaluator cleared), and that annex's id.
    pub(super) annex_draft: String,
    /// Another such draft, whose files the cells of `DELETE /annexes/{id}` put there to delete.
    pub(super) annex_deleting: String,
    pub(super) annexed: String,
    pub(super) frozen_annex: String,
    /// Aurora Labs' webhook endpoint, and a delivery of it (its test event).
    pub(super) webhook: String,
    pub(super) webhook_delivery: String,
    pub(super) decided: String,
    pub(super) accepted: String,
    pub(super) staffing: String,
    pub(super) unstaffing: (String, String),
    /// Review ids of the assigned evaluator.
    pub(super) read_review: String,
    pub(super) saving: String,
    pub(super) confirming: String,
    pub(super) declining: String,
    pub(super) submitting: String,
    /// Challenge slugs.
    pub(super) challenge_draft: String,
    /// An officer of the sponsoring administration (role `administration`), who states needs.
    pub(super) officer: String,
    /// A public need of the sponsor, open.
    pub(super) need: String,
    pub(super) challenge_edit: String,
    pub(super) challenge_opening: String,
    /// Drafted by the sponsor's officer and proposed to the hub: in review.
    pub(super) challenge_returning: String,
    pub(super) challenge_closing: String,
    pub(super) challenge_archiving: String,
    pub(super) challenge_staffing: String,
    /// Service slugs.
    pub(super) service_promoted: String,
    pub(super) service_edit: String,
    pub(super) service_publishing: String,
    pub(super) service_deprecating: String,
    pub(super) service_retiring: String,
    pub(super) counter: AtomicUsize,
}

impl World {
    pub(super) fn next(&self) -> usize {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    pub(super) fn token(&self, who: Who) -> &str {
        &self.people[&who].token
    }
}

/// The personas, the objects of every row, and the tokens of the PAT column.
pub(super) async fn build(app: &TestApp) -> World {
    let counter = AtomicUsize::new(1);
    let n = || counter.fetch_add(1, Ordering::Relaxed);
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let hub = manager(app).await;
    let editor = app.user_with_roles("editor@hub.example", &[Role::CatalogueEditor], None).await;
    let (eva, eva_id) = evaluator(app, "eva@eval.example", None).await;
    let (dora, _) = evaluator(app, "dora@eval.example", None).await;
    let (_, spare_evaluator) = evaluator(app, "spare@eval.example", None).await;
    let target = app.user_with_roles("target@hub.example", &[Role::Evaluator], None).await;
    let role_target = user_id(app, &target).await;
    let visitor = app.user_with_roles("visitor@hub.example", &[], None).await;
    let (anna, anna_user) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", &tax_code(n())).await;
    let (nico, nico_user) = verified_proposer(app, "nico@nuvola.example", "Nuvola S.p.A.", &tax_code(n())).await;
    let nuvola = nico_user["organization_id"].as_str().expect("organisation").to_owned();
    let aurora = anna_user["organization_id"].as_str().expect("organisation").to_owned();
    let anna_id = anna_user["id"].as_str().expect("id").to_owned();
    let sponsor = organization(app, &admin, "Comune di Prova", "public_administration", &tax_code(n())).await;

    let person = |token: &str, email: &str| Persona { token: token.to_owned(), email: email.to_owned() };
    let people = HashMap::from([
        (Who::Anonymous, person(&visitor, "visitor@hub.example")),
        (Who::OwnProposer, person(&anna, "anna@aurora.example")),
        (Who::OtherProposer, person(&nico, "nico@nuvola.example")),
        (Who::AssignedEvaluator, person(&eva, "eva@eval.example")),
        (Who::OtherEvaluator, person(&dora, "dora@eval.example")),
        (Who::HubManager, person(&hub, hub_tests::funnel::MANAGER)),
        (Who::CatalogueEditor, person(&editor, "editor@hub.example")),
        (Who::Admin, person(&admin, "admin@hub.example")),
    ]);

    // Proposals under review with the evaluator assigned and cleared of conflicts.
    let with_eva = |title: &'static str| {
        let (anna, hub, eva, eva_id) = (anna.clone(), hub.clone(), eva.clone(), eva_id.clone());
        async move {
            let id = under_review(app, &anna, &hub, title, "open-call").await;
            let review = assigned(app, &hub, &id, &eva_id, &in_days(14)).await;
            confirm(app, &eva, &review).await;
            (id, review)
        }
    };
    let revise = json!({"note": "Please detail the budget."});
    let (read, read_review) = with_eva("Read by everyone allowed").await;
    save_and_submit(app, &eva, &read_review, review_body()).await;
    let (revising, _) = with_eva("Edited under revision").await;
    moved(app, &hub, &revising, "request-revision", revise.clone(), "revision_requested").await;
    let drafted = draft(app, &anna, "A draft to submit", "open-call").await;
    let (withdrawing, _) = with_eva("Withdrawn by its team").await;
    let (resubmitting, _) = with_eva("Resubmitted by its team").await;
    moved(app, &hub, &resubmitting, "request-revision", revise.clone(), "revision_requested").await;
    let (screening, _) = with_eva("Screened again").await;
    moved(app, &hub, &screening, "request-revision", revise.clone(), "revision_requested").await;
    moved(app, &anna, &screening, "resubmit", Value::Null, "submitted").await;
    let (revision, _) = with_eva("Sent back for revision").await;
    let (deciding, _) = with_eva("Decided by the hub").await;
    // The open call gives notice of the grounds before a rejection: the team answered it.
    hub_tests::funnel::notice_answered(app, &hub, &anna, &deciding).await;
    let (noticing, _) = with_eva("Given notice of the grounds").await;
    let (observing, _) = with_eva("Observed by its team").await;
    let given =
        app.post(&format!("/api/v1/proposals/{observing}/notice"), Some(&hub), json!({"grounds": "Motivi."})).await;
    assert_eq!(given.status, 201, "{}", given.text);
    let other_manager = app.user_with_roles("other.manager@hub.example", &[Role::HubManager], None).await;
    let redressing = hub_tests::funnel::submitted(app, &anna, "Asked to review", "open-call").await;
    let ineligible = json!({"eligible": false, "reason": "Out of scope."});
    moved(app, &other_manager, &redressing, "screen", ineligible, "rejected").await;
    let asked =
        app.post(&format!("/api/v1/proposals/{redressing}/redress"), Some(&anna), json!({"statement": "Why?"})).await;
    assert_eq!(asked.status, 201, "{}", asked.text);
    let mut answering = challenge_body("con-risposta", &sponsor);
    answering["evaluation"] = json!({"min_reviews": 1, "response": true});
    ok(app.post("/api/v1/challenges", Some(&hub), answering).await, 201, "challenge with a response");
    ok(app.post("/api/v1/challenges/con-risposta/open", Some(&hub), Value::Null).await, 200, "open");
    let responding = under_review(app, &anna, &hub, "Answered by its team", "con-risposta").await;
    let responding_review = assigned(app, &hub, &responding, &eva_id, &in_days(14)).await;
    confirm(app, &eva, &responding_review).await;
    save_and_submit(app, &eva, &responding_review, review_body()).await;
    let mut annexes = challenge_body("con-allegati", &sponsor);
    annexes["annexes"] = json!([{"key": "scheda", "name": "Scheda tecnica", "types": ["png", "pdf"], "max_count": 10}]);
    ok(app.post("/api/v1/challenges", Some(&hub), annexes).await, 201, "challenge with annexes");
    ok(app.post("/api/v1/challenges/con-allegati/open", Some(&hub), Value::Null).await, 200, "open");
    let annex_draft = draft(app, &anna, "Allegato in bozza", "con-allegati").await;
    upload_png(app, &anna, &annex_draft, "bozza.png").await;
    let annex_deleting = draft(app, &anna, "Allegati da eliminare", "con-allegati").await;
    let annexed = draft(app, &anna, "Allegato inviato", "con-allegati").await;
    upload_png(app, &anna, &annexed, "inviato.png").await;
    moved(app, &anna, &annexed, "submit", Value::Null, "submitted").await;
    moved(app, &hub, &annexed, "screen", json!({"eligible": true}), "under_review").await;
    let annexed_review = assigned(app, &hub, &annexed, &eva_id, &in_days(14)).await;
    confirm(app, &eva, &annexed_review).await;
    let listed = ok(app.get(&format!("/api/v1/proposals/{annexed}/annexes"), Some(&anna)).await, 200, "annexes");
    let frozen_annex = listed["items"]
        .as_array()
        .and_then(|items| items.iter().find(|a| a["version"] == 1))
        .and_then(|a| a["id"].as_str())
        .expect("the submitted version's annex")
        .to_owned();
    let webhook = new_webhook(app, &anna).await;
    let pinged = ok(app.post(&format!("/api/v1/webhooks/{webhook}/ping"), Some(&anna), Value::Null).await, 202, "ping");
    let webhook_delivery = pinged["id"].as_str().expect("delivery id").to_owned();
    let (decided, _) = with_eva("Rejected with feedback").await;
    hub_tests::funnel::notice_answered(app, &hub, &anna, &decided).await;
    let reply = hub_tests::funnel::REPLY;
    let reject = json!({"decision": "reject", "rationale": "Not mature enough.", "observations_reply": reply});
    moved(app, &hub, &decided, "decide", reject, "rejected").await;
    let accept = json!({"decision": "accept", "rationale": "Useful.", "override_reason": "One review suffices here."});
    let (accepted, _) = with_eva("Accepted, to promote").await;
    moved(app, &hub, &accepted, "decide", accept.clone(), "accepted").await;
    let staffing = under_review(app, &anna, &hub, "Staffed by the hub", "open-call").await;
    let unstaffed = under_review(app, &anna, &hub, "Unstaffed by the hub", "open-call").await;
    let assignment = assigned(app, &hub, &unstaffed, &spare_evaluator, &in_days(14)).await;
    let (saving_proposal, saving) = with_eva("Review drafted").await;
    let (submitting_proposal, submitting) = with_eva("Review submitted").await;
    ok(save(app, &eva, &submitting, review_body()).await, 200, "save");
    let confirming_proposal = under_review(app, &anna, &hub, "Review confirmed", "open-call").await;
    let confirming = assigned(app, &hub, &confirming_proposal, &eva_id, &in_days(14)).await;
    let declining_proposal = under_review(app, &anna, &hub, "Review declined", "open-call").await;
    let declining = assigned(app, &hub, &declining_proposal, &eva_id, &in_days(14)).await;

    let challenge_draft = create_challenge(app, &hub, "bozza-letta", &sponsor, &[]).await;
    let sponsor_id = Some(sponsor.parse().expect("an organisation id"));
    let officer = app.user_with_roles("officer@comune.example", &[Role::Administration], sponsor_id).await;
    let need = new_need(app, &officer, "Il fabbisogno letto").await;
    let challenge_edit = create_challenge(app, &hub, "bozza-modificata", &sponsor, &[]).await;
    let challenge_opening = create_challenge(app, &hub, "da-aprire", &sponsor, &[]).await;
    let challenge_returning = create_challenge(app, &officer, "da-restituire", &sponsor, &["propose"]).await;
    let challenge_closing = create_challenge(app, &hub, "da-chiudere", &sponsor, &["open"]).await;
    let challenge_archiving = create_challenge(app, &hub, "da-archiviare", &sponsor, &["open", "close"]).await;
    let challenge_staffing = create_challenge(app, &hub, "da-assegnare", &sponsor, &["open"]).await;

    let (promoted_from, _) = with_eva("Gateway promosso").await;
    moved(app, &hub, &promoted_from, "decide", accept, "accepted").await;
    let promote = format!("/api/v1/proposals/{promoted_from}/promote");
    let service = ok(app.post(&promote, Some(&editor), Value::Null).await, 201, "promote");
    let service_promoted = service["slug"].as_str().expect("slug").to_owned();
    let service_edit = create_service(app, &editor, "da-modificare", &aurora, false).await;
    let service_publishing = create_service(app, &editor, "da-pubblicare", &aurora, false).await;
    complete_service(app, &editor, &service_publishing).await;
    let service_deprecating = create_service(app, &editor, "da-deprecare", &aurora, true).await;
    let service_retiring = create_service(app, &editor, "da-ritirare", &aurora, true).await;
    // The sponsor's officer adopts Aurora Labs' published service, asking not to be listed publicly.
    let adopt = format!("/api/v1/catalogue/services/{service_deprecating}/adoptions/{sponsor}");
    let adopted =
        app.request(reqwest::Method::PUT, &adopt, Some(&officer), json!({"state": "in_use", "listed": false}));
    ok(adopted.await, 201, "adoption");

    let cleared = [
        &read,
        &revising,
        &withdrawing,
        &resubmitting,
        &screening,
        &revision,
        &deciding,
        &noticing,
        &observing,
        &responding,
        &annexed,
        &decided,
        &accepted,
        &saving_proposal,
        &submitting_proposal,
        &promoted_from,
    ]
    .into_iter()
    .cloned()
    .collect();

    let mut pats = HashMap::new();
    for row in TABLE {
        if pats.contains_key(&row.pat) {
            continue;
        }
        let (owner, missing) = row.pat;
        let scopes: Vec<&str> = Scope::ALL.iter().filter(|s| Some(**s) != missing).map(|s| s.as_str()).collect();
        let body = json!({"name": format!("matrix {}", n()), "scopes": scopes});
        let created = ok(app.post("/api/v1/me/tokens", Some(&people[&owner].token), body).await, 201, "PAT");
        pats.insert(row.pat, created["secret"].as_str().expect("secret").to_owned());
    }

    World {
        people,
        pats,
        aurora,
        anna: anna_id,
        nuvola,
        sponsor,
        eva: eva_id,
        cleared,
        spare_evaluator,
        role_target,
        read,
        revising,
        drafted,
        withdrawing,
        resubmitting,
        screening,
        revision,
        deciding,
        noticing,
        observing,
        redressing,
        responding,
        annex_draft,
        annex_deleting,
        annexed,
        frozen_annex,
        webhook,
        webhook_delivery,
        decided,
        accepted,
        staffing,
        unstaffing: (unstaffed, assignment),
        read_review,
        saving,
        confirming,
        declining,
        submitting,
        challenge_draft,
        officer,
        need,
        challenge_edit,
        challenge_opening,
        challenge_returning,
        challenge_closing,
        challenge_archiving,
        challenge_staffing,
        service_promoted,
        service_edit,
        service_publishing,
        service_deprecating,
        service_retiring,
        counter: AtomicUsize::new(counter.load(Ordering::Relaxed)),
    }
}

/// Registers an endpoint of the caller's organisation (the harness lets deliveries reach 127.0.0.1: nothing
/// listens on port 9, so they fail quietly); returns its id.
pub(super) async fn new_webhook(app: &TestApp, owner: &str) -> String {
    let body = json!({"url": "http://127.0.0.1:9/hook", "events": ["proposal.decided"]});
    ok(app.post("/api/v1/webhooks", Some(owner), body).await, 201, "webhook")["endpoint"]["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The smallest file the hub takes for a `png` annex: the PNG signature and an image header.
pub(super) const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// Puts a PNG named `name` into proposal `id`'s working copy (the annex `scheda`); returns the annex's id.
pub(super) async fn upload_png(app: &TestApp, token: &str, id: &str, name: &str) -> String {
    let url = format!("{}/api/v1/proposals/{id}/annexes/scheda/{name}", app.base);
    let answer = app.client.put(url).bearer_auth(token).body(PNG.to_vec()).send().await.expect("the hub answers");
    let answer = TestApp::answer(answer).await;
    ok(answer, 201, "annex")["id"].as_str().expect("id").to_owned()
}
