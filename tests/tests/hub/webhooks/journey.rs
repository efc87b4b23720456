//! The journey: a university's owner registers an endpoint (the secret shown once), its proposal goes
//! through the funnel to a decision, and each event arrives verified, logged as delivered with the same
//! `webhook-id`; another organisation hears nothing of it, the hub's endpoint hears all of it; a ping
//! arrives verified and a forgery of a captured delivery is refused.

use std::collections::BTreeSet;

use hub_tests::funnel::{assigned, confirm, evaluator, in_days, save_and_submit};

use super::*;

/// A passing review.
fn review_body(tag: &str) -> Value {
    let pillars = ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"];
    let scores: serde_json::Map<String, Value> = pillars.iter().map(|p| ((*p).to_owned(), json!(4.0))).collect();
    json!({
        "scores": scores,
        "comments": {"security_sovereignty": format!("Sovereignty comment by {tag}.")},
        "overall_comment": format!("Overall comment by {tag}."),
        "confidential_comment": "Nothing to add.",
        "recommendation": "accept"
    })
}

/// Three evaluators review `proposal`, each passing; the hub accepts it.
async fn reviewed_and_accepted(app: &TestApp, hub: &str, proposal: &str) {
    for i in 1..=3 {
        let (token, user) = evaluator(app, &format!("eva{i}@hub.example"), None).await;
        let review = assigned(app, hub, proposal, &user, &in_days(7)).await;
        confirm(app, &token, &review).await;
        save_and_submit(app, &token, &review, review_body(&format!("reviewer {i}"))).await;
    }
    let body = json!({"decision": "accept", "rationale": "Strong on every pillar."});
    let decided = app.post(&format!("/api/v1/proposals/{proposal}/decide"), Some(hub), body).await;
    assert_eq!(decided.status, 200, "decide: {}", decided.text);
    assert_eq!(decided.body["state"], "accepted", "{}", decided.text);
}

/// The event ids of a path's records.
fn ids(records: &[Received]) -> BTreeSet<String> {
    records.iter().map(|r| r.id.clone()).collect()
}

hub_test!(a_universitys_endpoint_hears_its_proposal_moved_and_decided_verified_and_logged, |app| {
    let Some(receiver) = receiver("journey") else { return };
    let (hub, root) = (manager(&app).await, admin(&app).await);
    let (uni, uni_org) = university(&app).await;
    let (other, _) = other_owner(&app).await;

    // Registered: 201 with Location, the secret shown this once.
    let url = receiver.url("/uni");
    let answer = post_endpoint(&app, &uni, json!({"url": url, "description": "Protocollo", "events": FUNNEL})).await;
    let (id, secret) = created(&answer);
    assert_eq!(answer.header("location"), Some(at(&id, "").as_str()));
    assert!(secret.starts_with("whsec_") && secret.len() > 40, "{secret}");
    let endpoint = &answer.body["endpoint"];
    assert_eq!(endpoint["scope"], "organization");
    assert_eq!(endpoint["organization_id"], uni_org.as_str());
    assert_eq!(endpoint["events"], json!(["proposal.moved", "proposal.decided"]), "{endpoint}");
    assert_eq!((endpoint["state"].as_str(), &endpoint["disabled_by_hub"]), (Some("active"), &json!(false)));
    // Never shown again: not by GET, not in the list.
    let read = app.get(&at(&id, ""), Some(&uni)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert!(read.body.get("secret").is_none() && !read.text.contains(&secret), "{}", read.text);
    assert_eq!(read.body["url"], url.as_str());
    let list = app.get("/api/v1/webhooks", Some(&uni)).await;
    assert_eq!(list.body["items"][0]["id"], id.as_str(), "{}", list.text);
    assert!(!list.text.contains(&secret), "{}", list.text);
    receiver.trust("/uni", &[&secret]);

    // Another organisation's endpoint for the same events, and the hub's.
    let (other_id, other_secret) = register(&app, &other, &receiver.url("/other"), &FUNNEL).await;
    receiver.trust("/other", &[&other_secret]);
    let (hub_id, hub_secret) = register_hub(&app, &root, &receiver.url("/hub"), &FUNNEL).await;
    receiver.trust("/hub", &[&hub_secret]);

    // The proposal goes submitted → under review → accepted.
    let proposal = under_review(&app, &uni, &hub, "Ateneo federato", "open-call").await;
    reviewed_and_accepted(&app, &hub, &proposal).await;

    // The hub's log holds three deliveries for each endpoint: written with the changes themselves.
    let log = wait_log(&app, &uni, &id, |log| log.len() == 3 && log.iter().all(|d| d["status"] == "delivered")).await;
    assert_eq!(log.len(), 3, "{log:#?}");
    for delivery in &log {
        assert_eq!(delivery["status"], "delivered", "{delivery:#}");
        assert_eq!(delivery["last_status_code"], 204, "{delivery:#}");
        assert!(delivery["delivered_at"].is_string(), "{delivery:#}");
        assert!(delivery["event_id"].as_str().is_some_and(|e| e.starts_with("msg_")), "{delivery:#}");
        let attempt = &delivery["log"][0];
        assert_eq!(attempt["status_code"], 204, "{delivery:#}");
        assert!(attempt["latency_ms"].as_i64().is_some_and(|ms| ms >= 0), "a latency: {delivery:#}");
        assert_eq!(attempt["error"], Value::Null);
    }
    let logged_ids: BTreeSet<String> = log.iter().map(|d| d["event_id"].as_str().expect("id").to_owned()).collect();

    // The receiver got each, verified, once; the webhook-id is the log's event id.
    let received = receiver.wait_until(WAIT, |r| on(r, "/uni").len() >= 3 && on(r, "/hub").len() >= 3).await;
    let uni_records = on(&received, "/uni");
    assert_eq!(uni_records.len(), 3, "{uni_records:#?}");
    assert!(uni_records.iter().all(|r| r.verified && r.status == 204), "{uni_records:#?}");
    assert_eq!(ids(&uni_records), logged_ids, "webhook-id = event_id");
    let mut states = Vec::new();
    for record in &uni_records {
        assert_eq!(record.body["data"]["proposal_id"], proposal.as_str(), "{:#}", record.body);
        assert!(record.body["timestamp"].is_string(), "{:#}", record.body);
        let kind = record.body["type"].as_str().expect("a type");
        let to = record.body["data"]["to"].as_str().expect("a state").to_owned();
        let expected = if to == "accepted" { "proposal.decided" } else { "proposal.moved" };
        assert_eq!(kind, expected, "{:#}", record.body);
        let matching = log.iter().find(|d| d["event_id"] == record.id.as_str()).expect("logged");
        assert_eq!(matching["event_type"], kind);
        assert_eq!(matching["payload"], record.body, "the log shows the body sent");
        states.push(to);
    }
    states.sort();
    assert_eq!(states, ["accepted", "submitted", "under_review"]);
    let decided = uni_records.iter().find(|r| r.body["type"] == "proposal.decided").expect("the decision");
    assert_eq!(decided.body["data"]["action"], "decide_accept");
    assert_eq!(decided.body["data"]["from"], "under_review");

    // The hub's endpoint heard all of it, with the same webhook-ids; the other organisation nothing.
    let hub_records = on(&received, "/hub");
    assert_eq!(hub_records.len(), 3, "{hub_records:#?}");
    assert!(hub_records.iter().all(|r| r.verified && r.status == 204), "{hub_records:#?}");
    assert_eq!(ids(&hub_records), logged_ids, "one event, one id, every endpoint");
    assert_eq!(deliveries(&app, &root, &hub_id).await.len(), 3);
    assert!(deliveries(&app, &other, &other_id).await.is_empty(), "nothing queued for another organisation");
    assert!(on(&receiver.received(), "/other").is_empty(), "nothing received by another organisation");
});

hub_test!(a_ping_arrives_verified_and_a_forged_delivery_is_refused, |app| {
    let Some(receiver) = receiver("ping") else { return };
    let (uni, _) = university(&app).await;
    let (id, secret) = register(&app, &uni, &receiver.url("/uni"), &["proposal.decided"]).await;
    receiver.trust("/uni", &[&secret]);

    let queued = ping(&app, &uni, &id).await;
    assert_eq!(queued["status"], "pending", "{queued:#}");
    let event_id = queued["event_id"].as_str().expect("an event id").to_owned();
    let record = wait_received(&receiver, "/uni", &event_id, 204).await;
    assert!(record.verified, "{record:?}");
    assert_eq!(record.body["type"], "webhook.ping");
    assert_eq!(record.body["data"]["endpoint_id"], id.as_str());
    let delivery =
        wait_delivery(&app, &uni, &id, queued["id"].as_str().expect("id"), "delivered", |d| d["status"] == "delivered")
            .await;
    assert_eq!(delivery["last_status_code"], 204);

    // The captured delivery, its body altered, the same headers: refused.
    let forged_body = record.raw.replace(&id, "00000000-0000-7000-8000-000000000000");
    assert_ne!(forged_body, record.raw);
    let forged = reqwest::Client::new()
        .post(receiver.url("/uni"))
        .header("content-type", "application/json")
        .header("webhook-id", &record.id)
        .header("webhook-timestamp", &record.timestamp)
        .header("webhook-signature", &record.signature)
        .body(forged_body.clone())
        .send()
        .await
        .expect("an answer");
    assert_eq!(forged.status().as_u16(), 401);
    // None forged accepted: every verified record is one the hub logged, byte for byte.
    let received = receiver.wait_until(WAIT, |r| r.len() >= 2).await;
    assert_eq!(received.len(), 2, "{received:#?}");
    let refused = received.iter().find(|r| r.raw == forged_body).expect("the forgery is recorded");
    assert!(!refused.verified && refused.status == 401, "{refused:?}");
    let log = deliveries(&app, &uni, &id).await;
    for accepted in received.iter().filter(|r| r.verified) {
        let logged = log.iter().find(|d| d["event_id"] == accepted.id.as_str()).expect("logged by the hub");
        assert_eq!(logged["payload"], accepted.body);
    }
});
