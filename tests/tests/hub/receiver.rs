//! The harness's webhook receiver on its own, before any hub test relies on it: requests signed here
//! by hand (Standard Webhooks: HMAC-SHA256 of `{id}.{timestamp}.{body}`) are verified by the
//! maintained `standardwebhooks` library, forgeries are refused, and an outage loses no record.
//!
//! No hub and no database: plain `#[tokio::test]`s.

use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use hub_tests::receiver::{Received, Receiver};
use serde_json::json;
use sha2::{Digest, Sha256};

/// A `whsec_` secret whose key is 32 bytes derived from `label`.
fn secret(label: &str) -> String {
    format!("whsec_{}", STANDARD.encode(Sha256::digest(format!("receiver test key {label}").as_bytes())))
}

/// The Standard Webhooks signature (`v1,<base64>`) of `{id}.{timestamp}.{body}` with `secret`.
fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = STANDARD.decode(secret.trim_start_matches("whsec_")).expect("a base64 key");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Posts `body` to `url` with the three webhook headers: the status answered, or the error.
async fn post(url: &str, id: &str, timestamp: i64, signature: &str, body: &str) -> reqwest::Result<u16> {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body.to_owned())
        .send()
        .await?;
    Ok(response.status().as_u16())
}

/// Posts `body` signed with `secret` (now) and returns the status answered.
async fn deliver(receiver: &Receiver, path: &str, secret: &str, id: &str, body: &str) -> u16 {
    let timestamp = now();
    post(&receiver.url(path), id, timestamp, &sign(secret, id, timestamp, body), body).await.expect("an answer")
}

/// A started receiver, or `None` when `standardwebhooks` is missing outside CI (in CI that fails).
fn receiver(test: &str) -> Option<Receiver> {
    if !Receiver::available() {
        eprintln!("skipped {test}: the webhook receiver needs standardwebhooks");
        return None;
    }
    Some(Receiver::start())
}

/// The (verified, status) of each record, in order.
fn outcomes(received: &[Received]) -> Vec<(bool, u16)> {
    received.iter().map(|r| (r.verified, r.status)).collect()
}

#[tokio::test]
async fn a_signed_delivery_is_accepted_and_recorded() {
    let Some(receiver) = receiver("a_signed_delivery_is_accepted_and_recorded") else { return };
    let key = secret("a");
    receiver.trust("/hooks/a", &[&key]);

    let body = r#"{"type":"proposal.accepted","data":{"id":"p-1","title":"Città più verde"}}"#;
    let (id, timestamp) = ("msg_a1", now());
    let signature = sign(&key, id, timestamp, body);
    let status = post(&receiver.url("/hooks/a"), id, timestamp, &signature, body).await.expect("an answer");
    assert_eq!(status, 204);

    let received = receiver.received();
    assert_eq!(received.len(), 1, "one record (the readiness probe is not one): {received:?}");
    let record = &received[0];
    assert!(record.verified, "{record:?}");
    assert_eq!(record.status, 204);
    assert_eq!(record.path, "/hooks/a");
    assert_eq!(record.id, id);
    assert_eq!(record.timestamp, timestamp.to_string());
    assert_eq!(record.signature, signature);
    assert_eq!(record.raw, body, "the raw body, byte for byte");
    assert_eq!(record.body, json!({"type": "proposal.accepted", "data": {"id": "p-1", "title": "Città più verde"}}));
    assert!((record.received_at - now() as f64).abs() < 60.0, "{}", record.received_at);

    // A body that is not JSON is recorded raw, with a null `body`.
    assert_eq!(deliver(&receiver, "/hooks/a", &key, "msg_a2", "plain text").await, 204);
    // `wait_until` returns as soon as the check holds, and after the timeout anyway.
    let received = receiver.wait_until(Duration::from_secs(5), |r| r.len() == 2).await;
    assert_eq!((received[1].raw.as_str(), &received[1].body), ("plain text", &serde_json::Value::Null));
    let started = Instant::now();
    let received = receiver.wait_until(Duration::from_millis(200), |r| r.len() == 3).await;
    assert_eq!(received.len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn forged_tampered_and_stale_deliveries_are_refused() {
    let Some(receiver) = receiver("forged_tampered_and_stale_deliveries_are_refused") else { return };
    let (key, other) = (secret("b"), secret("b-intruder"));
    receiver.trust("/hooks/b", &[&key]);
    let url = receiver.url("/hooks/b");
    let body = r#"{"type":"challenge.closed"}"#;
    let t = now();

    // Signed with another secret.
    assert_eq!(post(&url, "msg_b1", t, &sign(&other, "msg_b1", t, body), body).await.expect("an answer"), 401);
    // Signed correctly, then the body changed.
    let tampered = r#"{"type":"challenge.reopened"}"#;
    assert_eq!(post(&url, "msg_b2", t, &sign(&key, "msg_b2", t, body), tampered).await.expect("an answer"), 401);
    // Signed correctly, with another id than the one sent.
    assert_eq!(post(&url, "msg_b3", t, &sign(&key, "msg_bX", t, body), body).await.expect("an answer"), 401);
    // Signed correctly an hour ago (replayed), and an hour ahead.
    let stale = t - 3600;
    assert_eq!(post(&url, "msg_b4", stale, &sign(&key, "msg_b4", stale, body), body).await.expect("an answer"), 401);
    let ahead = t + 3600;
    assert_eq!(post(&url, "msg_b5", ahead, &sign(&key, "msg_b5", ahead, body), body).await.expect("an answer"), 401);
    // No webhook headers at all.
    let bare = reqwest::Client::new().post(&url).body(body).send().await.expect("an answer");
    assert_eq!(bare.status().as_u16(), 401);
    // Signed correctly, to a path that trusts no secret.
    assert_eq!(deliver(&receiver, "/hooks/untrusted", &key, "msg_b7", body).await, 401);

    let received = receiver.received();
    assert_eq!(outcomes(&received), vec![(false, 401); 7], "{received:?}");
    assert_eq!(received[1].raw, tampered);
    assert_eq!(received[3].timestamp, stale.to_string());
    assert_eq!((received[5].id.as_str(), received[5].signature.as_str()), ("", ""));
    assert_eq!(received[6].path, "/hooks/untrusted");

    // The genuine delivery still verifies.
    assert_eq!(deliver(&receiver, "/hooks/b", &key, "msg_b8", body).await, 204);
}

#[tokio::test]
async fn during_a_rotation_either_secret_verifies() {
    let Some(receiver) = receiver("during_a_rotation_either_secret_verifies") else { return };
    let (old, new) = (secret("c-old"), secret("c-new"));
    receiver.trust("/hooks/c", &[&old, &new]);
    let body = r#"{"type":"need.published"}"#;

    assert_eq!(deliver(&receiver, "/hooks/c", &old, "msg_c1", body).await, 204);
    assert_eq!(deliver(&receiver, "/hooks/c", &new, "msg_c2", body).await, 204);

    // One header carrying two signatures: the first matches nothing, the second is good.
    let t = now();
    let bad = sign(&secret("c-unknown"), "msg_c3", t, body);
    let both = format!("{bad} {}", sign(&new, "msg_c3", t, body));
    assert_eq!(post(&receiver.url("/hooks/c"), "msg_c3", t, &both, body).await.expect("an answer"), 204);
    // Two bad ones do not add up to a good one.
    let bad_twice = format!("{bad} {}", sign(&secret("c-other"), "msg_c4", t, body));
    assert_eq!(post(&receiver.url("/hooks/c"), "msg_c4", t, &bad_twice, body).await.expect("an answer"), 401);

    // The rotation over, the old secret no longer verifies; another path is untouched.
    receiver.trust("/hooks/other", &[&old]);
    receiver.trust("/hooks/c", &[&new]);
    assert_eq!(deliver(&receiver, "/hooks/c", &old, "msg_c5", body).await, 401);
    assert_eq!(deliver(&receiver, "/hooks/c", &new, "msg_c6", body).await, 204);
    assert_eq!(deliver(&receiver, "/hooks/other", &old, "msg_c7", body).await, 204);

    let received = receiver.received();
    let expected = [(true, 204), (true, 204), (true, 204), (false, 401), (false, 401), (true, 204), (true, 204)];
    assert_eq!(outcomes(&received), expected, "{received:?}");
    assert_eq!(received[2].signature, both);
}

#[tokio::test]
async fn a_verified_delivery_gets_the_chosen_answer() {
    let Some(receiver) = receiver("a_verified_delivery_gets_the_chosen_answer") else { return };
    let key = secret("d");
    receiver.trust("/hooks/d", &[&key]);
    receiver.trust("/hooks/d-fine", &[&key]);
    let body = r#"{"type":"review.submitted"}"#;

    receiver.answer("/hooks/d", 500);
    assert_eq!(deliver(&receiver, "/hooks/d", &key, "msg_d1", body).await, 500);
    assert_eq!(deliver(&receiver, "/hooks/d-fine", &key, "msg_d2", body).await, 204, "other paths keep 204");
    // A forgery is still refused, whatever the chosen answer.
    assert_eq!(deliver(&receiver, "/hooks/d", &secret("d-intruder"), "msg_d3", body).await, 401);

    receiver.answer("/hooks/d", 410);
    assert_eq!(deliver(&receiver, "/hooks/d", &key, "msg_d4", body).await, 410);
    receiver.answer("/hooks/d", 204);
    assert_eq!(deliver(&receiver, "/hooks/d", &key, "msg_d5", body).await, 204);

    let received = receiver.received();
    assert_eq!(outcomes(&received), [(true, 500), (true, 204), (false, 401), (true, 410), (true, 204)], "{received:?}");
}

#[tokio::test]
async fn an_outage_loses_no_record() {
    let Some(mut receiver) = receiver("an_outage_loses_no_record") else { return };
    let key = secret("e");
    receiver.trust("/hooks/e", &[&key]);
    let body = r#"{"type":"adoption.recorded"}"#;
    assert_eq!(deliver(&receiver, "/hooks/e", &key, "msg_e1", body).await, 204);

    receiver.stop();
    let t = now();
    let refused = post(&receiver.url("/hooks/e"), "msg_e2", t, &sign(&key, "msg_e2", t, body), body).await;
    let error = refused.expect_err("nobody listens during the outage");
    assert!(error.is_connect(), "a connection error: {error:?}");

    receiver.resume();
    let port = receiver.port;
    assert_eq!(receiver.url("/hooks/e"), format!("http://127.0.0.1:{port}/hooks/e"), "the same port");
    assert_eq!(receiver.received().len(), 1, "the record from before the outage is kept");
    // Its secrets survived too: no need to trust them again.
    assert_eq!(deliver(&receiver, "/hooks/e", &key, "msg_e3", body).await, 204);

    let received = receiver.wait_until(Duration::from_secs(5), |r| r.len() == 2).await;
    let ids: Vec<&str> = received.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["msg_e1", "msg_e3"]);
    assert!(received.iter().all(|r| r.verified && r.status == 204), "{received:?}");
}
