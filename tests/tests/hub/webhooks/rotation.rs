//! Rotating an endpoint's secret: a new one, shown once; during the overlap (a day by default) each
//! delivery carries two signatures and verifies with either secret, after it only the new one signs (a
//! receiver still trusting only the old refuses: a failed attempt); an overlap of zero stops the old one at
//! once; more than a week is refused.

use super::*;

/// Rotates endpoint `id`'s secret with `body` (must be 200); returns the answer's body.
async fn rotate(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let answer = app.post(&at(id, "/rotate-secret"), Some(token), body).await;
    assert_eq!(answer.status, 200, "rotate: {}", answer.text);
    answer.body
}

/// Makes `/rot` trust exactly `secrets`, pings, and waits for the receiver's record of it.
async fn ping_trusting(app: &TestApp, receiver: &Receiver, token: &str, id: &str, secrets: &[&str]) -> Received {
    receiver.trust("/rot", secrets);
    let queued = ping(app, token, id).await;
    let event_id = queued["event_id"].as_str().expect("event");
    let arrived = |r: &Received| r.path == "/rot" && r.id == event_id;
    let received = receiver.wait_until(WAIT, |all| all.iter().any(arrived)).await;
    received.into_iter().find(arrived).unwrap_or_else(|| panic!("{event_id} never arrived"))
}

hub_test!(during_the_overlap_either_secret_verifies_and_after_it_only_the_new_one, |app| {
    let Some(receiver) = receiver("rotation") else { return };
    let (uni, _) = university(&app).await;
    let (id, old) = register(&app, &uni, &receiver.url("/rot"), &["proposal.decided"]).await;
    let before = ping_trusting(&app, &receiver, &uni, &id, &[&old]).await;
    assert!(before.verified && signatures(&before) == 1, "{before:?}");

    // Rotated with the default overlap: a new secret, shown once, the old one signing for 24 hours more.
    let rotated = rotate(&app, &uni, &id, json!({})).await;
    let new = rotated["secret"].as_str().expect("a secret").to_owned();
    assert!(new.starts_with("whsec_") && new != old, "{new}");
    let until = time(&rotated["endpoint"]["previous_secret_until"]);
    let overlap = until - hub_now(&app);
    assert!(overlap > Duration::hours(23) && overlap <= Duration::hours(24), "{overlap}");
    let read = app.get(&at(&id, ""), Some(&uni)).await;
    assert!(!read.text.contains(&new) && !read.text.contains(&old), "{}", read.text);

    // Two signatures: a receiver trusting only the old secret verifies, one trusting only the new does too.
    let with_old = ping_trusting(&app, &receiver, &uni, &id, &[&old]).await;
    assert!(with_old.verified && with_old.status == 204, "{with_old:?}");
    assert_eq!(signatures(&with_old), 2, "{}", with_old.signature);
    let with_new = ping_trusting(&app, &receiver, &uni, &id, &[&new]).await;
    assert!(with_new.verified && with_new.status == 204, "{with_new:?}");
    assert_eq!(signatures(&with_new), 2, "{}", with_new.signature);

    // A day and an hour later: one signature; the receiver still trusting only the old one refuses.
    app.clock.advance(Duration::hours(25));
    let uni = app.token(UNI).await;
    let refused = ping_trusting(&app, &receiver, &uni, &id, &[&old]).await;
    assert!(!refused.verified && refused.status == 401, "{refused:?}");
    assert_eq!(signatures(&refused), 1, "{}", refused.signature);
    let log = deliveries(&app, &uni, &id).await;
    let failed = log.iter().find(|d| d["event_id"] == refused.id.as_str()).expect("logged").clone();
    let delivery = failed["id"].as_str().expect("id");
    let failed = wait_delivery(&app, &uni, &id, delivery, "a failed attempt", |d| logged(d) >= 1).await;
    let attempt = &failed["log"][logged(&failed) - 1];
    assert_eq!((attempt["status_code"].as_i64(), attempt["error"].as_str()), (Some(401), Some("answered 401")));
    assert_ne!(failed["status"], "delivered", "{failed:#}");
    // Trusting the new one: verified.
    let after = ping_trusting(&app, &receiver, &uni, &id, &[&new]).await;
    assert!(after.verified && after.status == 204 && signatures(&after) == 1, "{after:?}");
    // And the refused delivery's retry, now due, verifies with the new secret too (the same webhook-id).
    let failed = wait_delivery(&app, &uni, &id, delivery, "its retry recorded", |d| settled_after(d, 1)).await;
    if failed["status"] == "pending" {
        advance_past(&app, &failed);
    }
    let retried = wait_received(&receiver, "/rot", &refused.id, 204).await;
    assert!(retried.verified && signatures(&retried) == 1, "{retried:?}");
});

hub_test!(an_overlap_of_zero_stops_the_old_secret_at_once_and_more_than_a_week_is_422, |app| {
    let Some(receiver) = receiver("no overlap") else { return };
    let (uni, _) = university(&app).await;
    let (id, old) = register(&app, &uni, &receiver.url("/rot"), &["proposal.decided"]).await;

    for hours in [169, -1] {
        let answer = app.post(&at(&id, "/rotate-secret"), Some(&uni), json!({"overlap_hours": hours})).await;
        assert_eq!(errors(&answer), [("overlap_hours".to_owned(), "out_of_range".to_owned())], "{hours}");
    }
    // Refused, nothing rotated: the old secret still signs alone.
    let still = ping_trusting(&app, &receiver, &uni, &id, &[&old]).await;
    assert!(still.verified && signatures(&still) == 1, "{still:?}");

    let rotated = rotate(&app, &uni, &id, json!({"overlap_hours": 0})).await;
    let new = rotated["secret"].as_str().expect("a secret").to_owned();
    assert_ne!(new, old);
    assert_eq!(rotated["endpoint"]["previous_secret_until"], Value::Null);
    let refused = ping_trusting(&app, &receiver, &uni, &id, &[&old]).await;
    assert!(!refused.verified && refused.status == 401 && signatures(&refused) == 1, "{refused:?}");
    let accepted = ping_trusting(&app, &receiver, &uni, &id, &[&new]).await;
    assert!(accepted.verified && accepted.status == 204 && signatures(&accepted) == 1, "{accepted:?}");

    // The longest overlap, a week, is allowed (written `168.0`, a whole number as JSON Schema counts
    // it): both sign again, the newest first.
    let week = rotate(&app, &uni, &id, json!({"overlap_hours": 168.0})).await;
    let newest = week["secret"].as_str().expect("a secret").to_owned();
    let until = time(&week["endpoint"]["previous_secret_until"]) - hub_now(&app);
    assert!(until > Duration::hours(167) && until <= Duration::hours(168), "{until}");
    let both = ping_trusting(&app, &receiver, &uni, &id, &[&new]).await;
    assert!(both.verified && signatures(&both) == 2, "{both:?}");
    let first_only = ping_trusting(&app, &receiver, &uni, &id, &[&newest]).await;
    assert!(first_only.verified, "{first_only:?}");
});
