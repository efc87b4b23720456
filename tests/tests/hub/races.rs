//! Races: fifty identical requests fired at once must have exactly one effect — one state change, one
//! history row, one audit entry, one set of emails — and every loser a documented 4xx problem, never a
//! 5xx nor "database is locked". On SQLite writers queue (`BEGIN IMMEDIATE`); on PostgreSQL they run in
//! parallel and the conditional writes decide. The last test runs two hub instances on one PostgreSQL
//! database and races them against each other.
//!
//! Each race prints a one-line summary (`race submit/sqlite: 50 requests, 1 × 200, 49 × 409, …`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use domain::{MailTemplate, PageRequest, Role};
use hub_tests::funnel::{
    admin, assigned, confirm, draft, evaluator, in_days, manager, moved, organization, save, save_and_submit,
    under_review, verified_proposer,
};
use hub_tests::mail::{Mail, read_all};
use hub_tests::smtp::SmtpSink;
use hub_tests::{Answer, Backend, TestApp, hub_test};
use persistence::{AuditVerification, OutboxMessage, OutboxStatus};
use serde_json::{Value, json};

/// How many identical requests race.
const RACERS: usize = 50;
const ANNA: &str = "anna@aurora.example";
const ORG_A_TAX: &str = "04817250931";
const UNIVERSITY_TAX: &str = "80214573604";
const EDITOR: &str = "catalogue@hub.example";
const PILLARS: [&str; 4] =
    ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
/// The domain of every Message-ID (`HUB_MAIL_FROM`'s default).
const MAIL_DOMAIN: &str = "innovation-hub.localhost";

fn engine(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The answers' statuses counted, with the problem codes of the refusals:
/// `1 × 200, 49 × 409 (40 invalid_transition, 9 concurrent_change)`.
fn tally(answers: &[Answer]) -> String {
    let mut counts: BTreeMap<u16, BTreeMap<&str, usize>> = BTreeMap::new();
    for answer in answers {
        *counts.entry(answer.status).or_default().entry(answer.body["code"].as_str().unwrap_or("")).or_default() += 1;
    }
    counts
        .iter()
        .map(|(status, codes)| {
            let n: usize = codes.values().sum();
            let named: Vec<String> =
                codes.iter().filter(|(code, _)| !code.is_empty()).map(|(code, k)| format!("{k} {code}")).collect();
            if named.is_empty() {
                format!("{n} × {status}")
            } else {
                format!("{n} × {status} ({})", named.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a race: exactly one answer has status `won`; every other one is a `lost` problem+json with
/// one of `codes`. No 5xx, no "database is locked". Returns the winner.
#[track_caller]
fn one_winner<'a>(answers: &'a [Answer], won: u16, lost: u16, codes: &[&str]) -> &'a Answer {
    let texts = || answers.iter().map(|a| format!("{} {}", a.status, a.text)).collect::<Vec<_>>();
    assert!(answers.iter().all(|a| a.status < 500), "no server error: {:?}", texts());
    assert!(answers.iter().all(|a| !a.text.contains("database is locked")), "{:?}", texts());
    let winners: Vec<&Answer> = answers.iter().filter(|a| a.status == won).collect();
    assert_eq!(winners.len(), 1, "exactly one {won} ({}): {:?}", tally(answers), texts());
    for answer in answers.iter().filter(|a| a.status != won) {
        assert_eq!(answer.status, lost, "a loser answers {lost} ({}): {}", tally(answers), answer.text);
        assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{}", answer.text);
        assert_eq!(answer.body["status"], json!(lost), "{}", answer.text);
        let code = answer.body["code"].as_str().unwrap_or_default();
        assert!(codes.contains(&code), "a loser's code is one of {codes:?}: {}", answer.text);
        assert!(answer.body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{}", answer.text);
    }
    winners[0]
}

/// Every audit entry of `target_type` for `target_id` (all pages), newest first, read as an admin.
async fn audited(app: &TestApp, admin: &str, target_type: &str, target_id: &str) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/audit?target_type={target_type}&limit=100");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let page = app.get(&path, Some(admin)).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        entries.extend(
            page.body["items"].as_array().expect("items").iter().filter(|e| e["target_id"] == target_id).cloned(),
        );
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return entries,
        }
    }
}

/// The audit chain is intact after the race (concurrent appenders did not fork it).
#[track_caller]
fn chain_intact(app: &TestApp) {
    let verified = app.store.audit_verify().expect("verify");
    assert!(matches!(verified, AuditVerification::Intact { head: Some(_), .. }), "{verified:?}");
}

/// Every outbox message (all pages).
fn outbox(app: &TestApp) -> Vec<OutboxMessage> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = app.store.outbox_list(None, &PageRequest { after, limit: 100 }).expect("outbox");
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => after = Some(next),
            None => return all,
        }
    }
}

/// The outbox messages of `template` to `to`.
fn outbox_of(app: &TestApp, template: MailTemplate, to: &str) -> Vec<OutboxMessage> {
    outbox(app).into_iter().filter(|m| m.mail.template == template && m.mail.to.as_str() == to).collect()
}

/// The delivered `.eml` files of the outbox message `row` (by its Message-ID).
fn delivered(app: &TestApp, row: &OutboxMessage) -> Vec<Mail> {
    let id = format!("<{}@{MAIL_DOMAIN}>", row.id);
    read_all(&[app.mail_dir().as_path()]).into_iter().filter(|m| m.message_id == id).collect()
}

/// The one outbox message of `template` to `to` (asserting there is exactly one), once delivered,
/// with every `.eml` file delivered for it (after a pause that lets a duplicate show up).
async fn mailed_once(app: &TestApp, template: MailTemplate, to: &str) -> (OutboxMessage, Vec<Mail>) {
    let rows = outbox_of(app, template, to);
    assert_eq!(rows.len(), 1, "one {template:?} email to {to} in the outbox: {rows:?}");
    let row = rows.into_iter().next().expect("a row");
    let started = Instant::now();
    while delivered(app, &row).is_empty() && started.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let files = delivered(app, &row);
    (row, files)
}

async fn history(app: &TestApp, token: &str, id: &str) -> Vec<Value> {
    let answer = app.get(&format!("/api/v1/proposals/{id}/history"), Some(token)).await;
    assert_eq!(answer.status, 200, "history: {}", answer.text);
    answer.body.as_array().expect("steps").clone()
}

fn actions(steps: &[Value]) -> Vec<&str> {
    steps.iter().map(|s| s["action"].as_str().expect("action")).collect()
}

/// A complete review scoring `score` on every pillar.
fn review_body(score: f64, tag: &str) -> Value {
    json!({
        "scores": PILLARS.iter().map(|p| ((*p).to_owned(), json!(score))).collect::<serde_json::Map<_, _>>(),
        "comments": {"security_sovereignty": format!("Sovereignty comment by {tag}.")},
        "overall_comment": format!("Overall comment by {tag}."),
        "confidential_comment": format!("Confidential note by {tag}."),
        "recommendation": "accept"
    })
}

/// A proposal under review with `reviews` submitted reviews scoring 4.0 by evaluators of a university.
async fn reviewed(app: &TestApp, anna: &str, hub: &str, admin: &str, title: &str, reviews: usize) -> String {
    let university = organization(app, admin, "Università di Prova", "university", UNIVERSITY_TAX).await;
    let id = under_review(app, anna, hub, title, "open-call").await;
    for i in 1..=reviews {
        let (token, user) = evaluator(app, &format!("eva{i}@uni.example"), Some(&university)).await;
        let review = assigned(app, hub, &id, &user, &in_days(7)).await;
        confirm(app, &token, &review).await;
        save_and_submit(app, &token, &review, review_body(4.0, &format!("reviewer {i}"))).await;
    }
    id
}

hub_test!(fifty_submits_of_one_draft_submit_it_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let admin = admin(&app).await;
    let title = "Submitted once under fire";
    let id = draft(&app, &anna, title, "open-call").await;

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/proposals/{id}/submit")).bearer_auth(&anna)
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["id"], id.as_str());
    assert_eq!(winner.body["state"], "submitted");
    assert_eq!(winner.body["version"], 1);
    assert!(winner.body["submitted_at"].is_string(), "{}", winner.text);

    // The proposal: submitted once, at version 1, as the winner answered.
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!((read.body["state"].as_str(), read.body["version"].as_i64()), (Some("submitted"), Some(1)));
    assert_eq!(read.body["submitted_at"], winner.body["submitted_at"]);
    assert_eq!(read.header("etag"), winner.header("etag"), "no change after the winner's");
    let steps = history(&app, &anna, &id).await;
    assert_eq!(actions(&steps), ["create", "submit"], "{steps:?}");
    assert_eq!((steps[1]["from_state"].as_str(), steps[1]["to_state"].as_str()), (Some("draft"), Some("submitted")));
    assert_eq!(steps[1]["version"], 1);
    let snapshot = app.get(&format!("/api/v1/proposals/{id}/versions/1"), Some(&anna)).await;
    assert_eq!((snapshot.status, snapshot.body["title"].as_str()), (200, Some(title)), "{}", snapshot.text);
    app.get(&format!("/api/v1/proposals/{id}/versions/2"), Some(&anna)).await.assert_problem(404, "not_found");

    // One audit entry for the move, one email to the team.
    let entries = audited(&app, &admin, "proposal", &id).await;
    let moves: Vec<&Value> = entries.iter().filter(|e| e["action"] == "proposal.moved").collect();
    assert_eq!(moves.len(), 1, "{entries:?}");
    assert_eq!(moves[0]["details"], json!({"action": "submit", "from": "draft", "to": "submitted"}));
    chain_intact(&app);
    let rows = outbox(&app).into_iter().filter(|m| m.mail.template == MailTemplate::ProposalSubmitted).count();
    assert_eq!(rows, 1, "one outbox row for the submission");
    let (_, mails) = mailed_once(&app, MailTemplate::ProposalSubmitted, ANNA).await;
    assert_eq!(mails.len(), 1, "the submission email delivered once: {mails:?}");
    // (The subject is checked by its last word: the harness splits RFC 2047 words of long subjects.)
    assert!(mails[0].subject.ends_with("inviata") && mails[0].body.contains(title), "{:?}", mails[0]);

    eprintln!(
        "race submit/{}: {RACERS} requests, {}, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        steps.iter().filter(|s| s["action"] == "submit").count(),
        moves.len(),
        mails.len()
    );
});

hub_test!(fifty_decisions_on_one_proposal_decide_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let title = "Decided once under fire";
    let id = reviewed(&app, &anna, &hub, &admin, title, 3).await;

    let answers = app
        .concurrently(RACERS, |i, client, base| {
            client
                .post(format!("{base}/api/v1/proposals/{id}/decide"))
                .bearer_auth(&hub)
                .json(&json!({"decision": "accept", "rationale": format!("Rationale number {i:02}.")}))
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["state"], "accepted", "{}", winner.text);
    let index = answers.iter().position(|a| a.status == 200).expect("a winner");
    let rationale = format!("Rationale number {index:02}.");

    // One decision, the winner's: in the history, the audit log, the feedback and one email.
    let steps = history(&app, &hub, &id).await;
    let decisions: Vec<&Value> =
        steps.iter().filter(|s| s["action"].as_str().is_some_and(|a| a.starts_with("decide_"))).collect();
    assert_eq!(decisions.len(), 1, "{steps:?}");
    assert_eq!(decisions[0]["action"], "decide_accept");
    assert_eq!(decisions[0]["note"], rationale.as_str());
    assert_eq!(steps.last(), Some(decisions[0]), "nothing after the decision");
    let entries = audited(&app, &admin, "proposal", &id).await;
    let audited_decisions: Vec<&Value> =
        entries.iter().filter(|e| e["details"]["action"].as_str().is_some_and(|a| a.starts_with("decide_"))).collect();
    assert_eq!(audited_decisions.len(), 1, "{entries:?}");
    assert_eq!(audited_decisions[0]["details"]["to"], "accepted");
    chain_intact(&app);
    let feedback = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&anna)).await;
    assert_eq!(feedback.status, 200, "{}", feedback.text);
    assert_eq!(
        (feedback.body["decision"].as_str(), feedback.body["rationale"].as_str()),
        (Some("accept"), Some(rationale.as_str()))
    );
    let rows = outbox(&app).into_iter().filter(|m| m.mail.template == MailTemplate::Decision).count();
    assert_eq!(rows, 1, "one decision email in the outbox");
    let (_, decision_mails) = mailed_once(&app, MailTemplate::Decision, ANNA).await;
    assert_eq!(decision_mails.len(), 1, "the decision email delivered once: {decision_mails:?}");
    assert!(decision_mails[0].body.contains(title), "{}", decision_mails[0].body);
    assert!(decision_mails[0].body.contains(&rationale), "the winner's rationale: {}", decision_mails[0].body);

    eprintln!(
        "race decide/{}: {RACERS} requests, {}, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        decisions.len(),
        audited_decisions.len(),
        decision_mails.len()
    );
});

hub_test!(fifty_promotions_of_one_proposal_create_one_service, |app| {
    let (anna, user) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let editor = app.user_with_roles(EDITOR, &[Role::CatalogueEditor], None).await;
    let title = "Gateway promosso una volta";
    let id = reviewed(&app, &anna, &hub, &admin, title, 1).await;
    let decision = json!({"decision": "accept", "rationale": "Utile.", "override_reason": "One review suffices here."});
    moved(&app, &hub, &id, "decide", decision, "accepted").await;

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/proposals/{id}/promote")).bearer_auth(&editor)
        })
        .await;
    let winner = one_winner(&answers, 201, 409, &["invalid_transition", "concurrent_change"]);
    assert_eq!(winner.body["slug"], "gateway-promosso-una-volta", "{}", winner.text);
    assert_eq!(winner.body["origin_proposal_id"], id.as_str());
    assert_eq!(winner.body["state"], "draft");
    assert_eq!(winner.body["provider_id"], user["organization_id"]);

    // Exactly one service (no `-2` slug), the proposal promoted once.
    let list = app.get("/api/v1/catalogue/services?limit=100", Some(&editor)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let services = list.body["items"].as_array().expect("items");
    let slugs: Vec<&str> = services.iter().map(|s| s["slug"].as_str().expect("slug")).collect();
    assert_eq!(slugs, ["gateway-promosso-una-volta"], "{}", list.text);
    assert_eq!(services[0]["id"], winner.body["id"]);
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(&anna)).await;
    assert_eq!(read.body["state"], "promoted", "{}", read.text);
    let steps = history(&app, &anna, &id).await;
    let promotions = steps.iter().filter(|s| s["action"] == "promote").count();
    assert_eq!(promotions, 1, "{steps:?}");
    let service_steps = app.get("/api/v1/catalogue/services/gateway-promosso-una-volta/history", Some(&editor)).await;
    assert_eq!(service_steps.status, 200, "{}", service_steps.text);
    assert_eq!(service_steps.body.as_array().map(Vec::len), Some(1), "{}", service_steps.text);
    let entries = audited(&app, &admin, "proposal", &id).await;
    let audited_moves = entries.iter().filter(|e| e["details"]["action"] == "promote").count();
    assert_eq!(audited_moves, 1, "{entries:?}");
    chain_intact(&app);
    let (_, mails) = mailed_once(&app, MailTemplate::ProposalPromoted, ANNA).await;
    assert_eq!(mails.len(), 1, "the promotion email delivered once: {mails:?}");
    assert!(mails[0].body.contains(title), "{}", mails[0].body);
    let promoted_mails = mails.len();

    eprintln!(
        "race promote/{}: {RACERS} requests, {}, {} service, {} history row, {} audit row, {} email",
        engine(app.backend),
        tally(&answers),
        slugs.len(),
        promotions,
        audited_moves,
        promoted_mails
    );
});

hub_test!(fifty_submits_of_one_review_submit_it_once, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Reviewed once under fire", "open-call").await;
    let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;
    let saved = save(&app, &eva, &review, review_body(3.5, "eva")).await;
    assert_eq!((saved.status, saved.body["state"].as_str()), (200, Some("in_progress")), "{}", saved.text);
    let mails_before = outbox(&app).len();

    let answers = app
        .concurrently(RACERS, |_, client, base| {
            client.post(format!("{base}/api/v1/reviews/{review}/submit")).bearer_auth(&eva)
        })
        .await;
    let winner = one_winner(&answers, 200, 409, &["invalid_transition"]);
    assert_eq!(winner.body["state"], "submitted", "{}", winner.text);
    assert!(winner.body["submitted_at"].is_string(), "{}", winner.text);

    // One submitted review, frozen with the saved content.
    let read = app.get(&format!("/api/v1/reviews/{review}"), Some(&eva)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["state"], "submitted");
    assert_eq!(read.body["submitted_at"], winner.body["submitted_at"]);
    assert_eq!(read.body["overall_comment"], "Overall comment by eva.");
    let reviews = app.get(&format!("/api/v1/proposals/{id}/reviews"), Some(&hub)).await;
    assert_eq!(reviews.status, 200, "{}", reviews.text);
    let listed = reviews.body.as_array().expect("reviews");
    let submitted: Vec<&Value> = listed.iter().filter(|r| r["state"] == "submitted").collect();
    assert_eq!(submitted.len(), 1, "{}", reviews.text);
    assert_eq!(submitted[0]["id"], review.as_str());
    let entries = audited(&app, &admin, "assignment", &review).await;
    let submits: Vec<&Value> = entries.iter().filter(|e| e["details"]["action"] == "submit").collect();
    assert_eq!(submits.len(), 1, "{entries:?}");
    assert_eq!(submits[0]["action"], "review.moved");
    chain_intact(&app);
    // A submitted review sends no email: the outbox did not grow.
    assert_eq!(outbox(&app).len(), mails_before, "{:?}", outbox(&app));
    // The proposal did not move.
    assert_eq!(app.get(&format!("/api/v1/proposals/{id}"), Some(&hub)).await.body["state"], "under_review");

    eprintln!(
        "race review-submit/{}: {RACERS} requests, {}, 1 submitted review, {} audit row, 0 emails",
        engine(app.backend),
        tally(&answers),
        submits.len()
    );
});

/// POSTs `body` to /proposals as `token` with `key`.
fn create_with_key(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    client.post(format!("{base}/api/v1/proposals")).bearer_auth(token).header("Idempotency-Key", key).json(body)
}

hub_test!(fifty_creations_with_one_idempotency_key_create_one_proposal, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_A_TAX).await;
    let admin = admin(&app).await;
    let body = hub_tests::funnel::complete("Created once under fire", "open-call");

    let answers =
        app.concurrently(RACERS, |_, client, base| create_with_key(client, base, &anna, "race-key-1", &body)).await;
    assert!(answers.iter().all(|a| a.status == 200 || a.status == 201), "{}: {:?}", tally(&answers), answers);
    let created: Vec<&Answer> = answers.iter().filter(|a| a.status == 201).collect();
    assert_eq!(created.len(), 1, "one creation, the rest replays: {}", tally(&answers));
    let id = created[0].body["id"].as_str().expect("id").to_owned();
    for answer in &answers {
        assert_eq!(answer.body["id"], id.as_str(), "every answer names the one proposal: {}", answer.text);
        assert_eq!(answer.body["title"], "Created once under fire");
        assert_eq!(answer.body["state"], "draft");
        assert_eq!(answer.header("location"), Some(format!("/api/v1/proposals/{id}").as_str()));
        assert_eq!(answer.header("etag"), created[0].header("etag"));
    }
    let list = app.get("/api/v1/proposals?limit=100", Some(&anna)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let ids: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().map(|p| p["id"].as_str().expect("id")).collect();
    assert_eq!(ids, [id.as_str()], "exactly one proposal exists");
    assert_eq!(actions(&history(&app, &anna, &id).await), ["create"]);
    let entries = audited(&app, &admin, "proposal", &id).await;
    assert_eq!(entries.iter().filter(|e| e["action"] == "proposal.created").count(), 1, "{entries:?}");
    // A later retry still answers the same proposal.
    let retry = TestApp::answer(
        create_with_key(&app.client, &app.base, &anna, "race-key-1", &body).send().await.expect("answer"),
    )
    .await;
    assert_eq!((retry.status, retry.body["id"].as_str()), (200, Some(id.as_str())), "{}", retry.text);
    let replays = answers.iter().filter(|a| a.status == 200).count();

    // The same key with another body is refused (422 on the key), sequentially and in a race.
    let other = hub_tests::funnel::complete("A different proposal", "open-call");
    let reused = TestApp::answer(
        create_with_key(&app.client, &app.base, &anna, "race-key-1", &other).send().await.expect("answer"),
    )
    .await;
    let problem = reused.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "Idempotency-Key", "{}", reused.text);
    assert_eq!(problem["errors"][0]["code"], "idempotency_key_reused", "{}", reused.text);

    // Half the racers send one body, half another, with a fresh key: one proposal; the body that won
    // is answered 201/200, the other 422.
    let bodies = [body.clone(), other.clone()];
    let mixed = app
        .concurrently(RACERS, |i, client, base| create_with_key(client, base, &anna, "race-key-2", &bodies[i % 2]))
        .await;
    assert!(mixed.iter().all(|a| [200, 201, 422].contains(&a.status)), "{}: {mixed:?}", tally(&mixed));
    let made: Vec<&Answer> = mixed.iter().filter(|a| a.status == 201).collect();
    assert_eq!(made.len(), 1, "{}", tally(&mixed));
    let second = made[0].body["id"].as_str().expect("id").to_owned();
    let won_title = made[0].body["title"].as_str().expect("title").to_owned();
    for answer in &mixed {
        if answer.status == 422 {
            let problem = answer.assert_problem(422, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "idempotency_key_reused", "{}", answer.text);
        } else {
            assert_eq!(answer.body["id"], second.as_str(), "{}", answer.text);
            assert_eq!(answer.body["title"], won_title.as_str(), "{}", answer.text);
        }
    }
    let losers = mixed.iter().filter(|a| a.status == 422).count();
    assert_eq!(losers, RACERS / 2, "exactly the other body's racers are refused: {}", tally(&mixed));
    let list = app.get("/api/v1/proposals?limit=100", Some(&anna)).await;
    let count = list.body["items"].as_array().expect("items").len();
    assert_eq!(count, 2, "one proposal per key: {}", list.text);

    eprintln!(
        "race idempotent-create/{}: {RACERS} requests, {} ({replays} replays of one id), 1 proposal; \
         mixed bodies: {}, 1 proposal",
        engine(app.backend),
        tally(&answers),
        tally(&mixed)
    );
});

mod two_instances_on_one_postgres;
