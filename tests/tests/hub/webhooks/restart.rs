//! Through an outage and a hub restart: every event delivered, none twice per endpoint, none forged
//! accepted. Two endpoints (an organisation's and the hub's) on two receiver paths; the receiver down
//! while events are raised and attempted; the hub restarted; the receiver back; the clock moved past the
//! retries: each endpoint gets each of its events exactly once, verified.

use std::collections::{BTreeMap, BTreeSet};

use hub_tests::funnel::submitted;

use super::*;

/// The event ids of a delivery log.
fn event_ids(log: &[Value]) -> BTreeSet<String> {
    log.iter().map(|d| d["event_id"].as_str().expect("an event id").to_owned()).collect()
}

/// How many times each event id arrived on `path`, verified and answered 204.
fn arrivals(received: &[Received], path: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for record in on(received, path).into_iter().filter(|r| r.verified && r.status == 204) {
        *counts.entry(record.id).or_insert(0) += 1;
    }
    counts
}

/// Whether every delivery of a log is delivered.
fn all_delivered(log: &[Value]) -> bool {
    !log.is_empty() && log.iter().all(|d| d["status"] == "delivered")
}

hub_test!(through_an_outage_and_a_restart_every_event_arrives_once_per_endpoint_verified, |app| {
    let Some(mut receiver) = receiver("restart") else { return };
    let mut app = app;
    let hub = manager(&app).await;
    let root = admin(&app).await;
    let (uni, _) = university(&app).await;
    let (org_id, org_secret) = register(&app, &uni, &receiver.url("/org"), &FUNNEL).await;
    let (hub_id, hub_secret) = register_hub(&app, &root, &receiver.url("/hub"), &FUNNEL).await;
    receiver.trust("/org", &[&org_secret]);
    receiver.trust("/hub", &[&hub_secret]);

    // The receiver goes down; events are raised: funnel moves (to both endpoints) and a ping to each.
    receiver.stop();
    let first = submitted(&app, &uni, "Ateneo in blackout", "open-call").await;
    hub_tests::funnel::moved(&app, &hub, &first, "screen", json!({"eligible": true}), "under_review").await;
    let second = submitted(&app, &uni, "Ateneo al buio", "open-call").await;
    let out = json!({"eligible": false, "reason": "Fuori ambito."});
    hub_tests::funnel::moved(&app, &hub, &second, "screen", out, "rejected").await;
    ping(&app, &uni, &org_id).await;
    ping(&app, &root, &hub_id).await;
    let org_log = deliveries(&app, &uni, &org_id).await;
    let hub_log = deliveries(&app, &root, &hub_id).await;
    assert_eq!((org_log.len(), hub_log.len()), (5, 5), "four moves and a ping each");
    let (org_events, hub_events) = (event_ids(&org_log), event_ids(&hub_log));
    assert_eq!(org_events.intersection(&hub_events).count(), 4, "the moves share their ids across endpoints");

    // Each delivery has failed at least once (nobody listening), the error saying so.
    let failed_once = |log: &[Value]| log.len() == 5 && log.iter().all(|d| settled_after(d, 1));
    let org_log = wait_log(&app, &uni, &org_id, failed_once).await;
    let hub_log = wait_log(&app, &root, &hub_id, failed_once).await;
    for delivery in org_log.iter().chain(&hub_log) {
        assert!(settled_after(delivery, 1), "a failed attempt: {delivery:#}");
        assert_eq!(delivery["status"], "pending", "{delivery:#}");
        let attempt = &delivery["log"][0];
        assert_eq!(attempt["status_code"], Value::Null, "{delivery:#}");
        let error = attempt["error"].as_str().expect("an error").to_lowercase();
        assert!(error.contains("refused") || error.contains("connect"), "a connection error: {error}");
    }

    // The hub restarts; the receiver comes back; the clock moves past every retry.
    app.restart().await;
    receiver.resume();
    assert!(receiver.received().is_empty(), "nothing arrived during the outage");
    let mut rounds = 0;
    let (org_log, hub_log) = loop {
        let uni = app.token(UNI).await;
        let root = app.token("admin@hub.example").await;
        let org_log = deliveries(&app, &uni, &org_id).await;
        let hub_log = deliveries(&app, &root, &hub_id).await;
        if (all_delivered(&org_log) && all_delivered(&hub_log)) || rounds == 8 {
            break (org_log, hub_log);
        }
        // Past the latest retry due of those not delivered, once each has its last attempt recorded.
        let pending: Vec<&Value> = org_log.iter().chain(&hub_log).filter(|d| d["status"] == "pending").collect();
        if pending.iter().all(|d| settled_after(d, 1)) {
            let latest = pending.iter().max_by_key(|d| time(&d["next_attempt_at"])).expect("a pending delivery");
            advance_past(&app, latest);
            rounds += 1;
        }
        let _ = wait_log(&app, &uni, &org_id, all_delivered).await;
        let _ = wait_log(&app, &root, &hub_id, all_delivered).await;
    };
    assert!(all_delivered(&org_log), "{org_log:#?}");
    assert!(all_delivered(&hub_log), "{hub_log:#?}");

    // Each endpoint got each of its events exactly once, all verified; nothing else arrived.
    let received = receiver
        .wait_until(WAIT, |r| {
            arrivals(r, "/org").keys().cloned().collect::<BTreeSet<_>>() == org_events
                && arrivals(r, "/hub").keys().cloned().collect::<BTreeSet<_>>() == hub_events
        })
        .await;
    let (org_counts, hub_counts) = (arrivals(&received, "/org"), arrivals(&received, "/hub"));
    assert_eq!(org_counts.keys().cloned().collect::<BTreeSet<_>>(), org_events, "every event to the organisation's");
    assert_eq!(hub_counts.keys().cloned().collect::<BTreeSet<_>>(), hub_events, "every event to the hub's");
    let duplicates: usize = org_counts.values().chain(hub_counts.values()).map(|n| n - 1).sum();
    assert_eq!(duplicates, 0, "none twice: {org_counts:?} {hub_counts:?}");
    let unverified = received.iter().filter(|r| !r.verified).count();
    assert_eq!(unverified, 0, "none refused, none forged: {received:#?}");
    assert_eq!(received.len(), org_events.len() + hub_events.len(), "{received:#?}");
    for record in &received {
        let log = if record.path == "/org" { &org_log } else { &hub_log };
        let logged = log.iter().find(|d| d["event_id"] == record.id.as_str()).expect("logged");
        assert_eq!(logged["payload"], record.body, "the body the hub logged");
    }
    let events = org_events.union(&hub_events).count();
    eprintln!(
        "webhooks through an outage and a restart ({:?}): {events} events, {} deliveries, {} received, \
         {duplicates} duplicates, {unverified} unverified",
        app.backend,
        org_log.len() + hub_log.len(),
        received.len()
    );
});
