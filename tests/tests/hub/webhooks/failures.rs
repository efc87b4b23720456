//! Failures: a receiver answering 500 gets each attempt logged and retried on the schedule (the test moves
//! the hub's clock past each retry's due time once the hub has recorded the attempt before it), the
//! delivery fails after eight attempts and is redelivered by hand with the same `webhook-id`; an endpoint
//! that keeps failing is disabled by the hub, its owner emailed, events raised meanwhile not queued for it,
//! and enabled again its waiting deliveries go out.

use hub_tests::funnel::{submitted, wait_mails};

use super::*;

/// The waits after failed attempts 1 to 7, in seconds.
const SCHEDULE: [i64; 7] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];

hub_test!(a_failing_delivery_is_retried_on_the_schedule_fails_after_eight_attempts_and_is_redelivered, |app| {
    let Some(receiver) = receiver("retries") else { return };
    let (mut uni, _) = university(&app).await;
    let (id, secret) = register(&app, &uni, &receiver.url("/failing"), &["proposal.moved"]).await;
    receiver.trust("/failing", &[&secret]);
    receiver.answer("/failing", 500);

    let queued = ping(&app, &uni, &id).await;
    let (delivery, event_id) = (queued["id"].as_str().expect("id"), queued["event_id"].as_str().expect("event"));
    // Attempt n recorded (and none in flight): its schedule is checked, then the clock moves past it.
    for n in 1..=8 {
        let what = format!("attempt {n} recorded");
        let seen = wait_delivery(&app, &uni, &id, delivery, &what, |d| settled_after(d, n)).await;
        let newest = &seen["log"][0];
        assert!(newest["status_code"] == 500 && newest["error"] == "answered 500", "{seen:#}");
        assert_eq!(seen["last_status_code"], 500);
        if n < 8 && logged(&seen) == n {
            assert_eq!(seen["status"], "pending", "{seen:#}");
            let wait = time(&seen["next_attempt_at"]) - time(&newest["at"]);
            assert!((wait - Duration::seconds(SCHEDULE[n - 1])).abs() < Duration::seconds(1), "after {n}: {wait}");
        }
        if seen["status"] == "pending" {
            advance_past(&app, &seen);
            // The clock moved past the session's quarter of an hour: log in again.
            uni = app.token(UNI).await;
        }
    }
    let failed = wait_delivery(&app, &uni, &id, delivery, "failed", |d| d["status"] == "failed").await;
    assert_eq!((failed["attempts"].as_i64(), logged(&failed)), (Some(8), 8), "{failed:#}");
    let times: Vec<DateTime<Utc>> =
        failed["log"].as_array().expect("log").iter().rev().map(|a| time(&a["at"])).collect();
    for (n, pair) in times.windows(2).enumerate() {
        let gap = pair[1] - pair[0];
        let due = Duration::seconds(SCHEDULE[n]);
        assert!(gap >= due && gap < due + Duration::seconds(30), "attempt {} came {gap} after {}", n + 2, n + 1);
    }
    // The receiver saw each of the eight, verified, the same webhook-id every time.
    let received = receiver.wait_until(WAIT, |r| r.len() >= 8).await;
    assert_eq!(received.len(), 8, "{received:#?}");
    assert!(received.iter().all(|r| r.id == event_id && r.verified && r.status == 500), "{received:#?}");
    // Filtered by status.
    let failed_only = app.get(&at(&id, "/deliveries?status=failed"), Some(&uni)).await;
    assert_eq!(failed_only.body["items"].as_array().map(Vec::len), Some(1), "{}", failed_only.text);
    let pending = app.get(&at(&id, "/deliveries?status=pending"), Some(&uni)).await;
    assert_eq!(pending.body["items"], json!([]));
    app.get(&at(&id, "/deliveries?status=lost"), Some(&uni)).await.assert_problem(422, "validation_failed");
    // Below the default threshold (15 in a row over 72 hours): still active.
    let endpoint = app.get(&at(&id, ""), Some(&uni)).await;
    assert_eq!((endpoint.body["state"].as_str(), &endpoint.body["failures"]), (Some("active"), &json!(8)));

    // The receiver fixed, redelivered by hand: a new round, delivered, with the same webhook-id.
    receiver.answer("/failing", 204);
    let redeliver = app.post(&at(&id, &format!("/deliveries/{delivery}/redeliver")), Some(&uni), Value::Null).await;
    assert_eq!(redeliver.status, 202, "{}", redeliver.text);
    assert_eq!((redeliver.body["status"].as_str(), &redeliver.body["attempts"]), (Some("pending"), &json!(0)));
    assert_eq!(redeliver.body["event_id"], event_id);
    let delivered = wait_delivery(&app, &uni, &id, delivery, "delivered", |d| d["status"] == "delivered").await;
    assert_eq!((delivered["last_status_code"].as_i64(), logged(&delivered)), (Some(204), 9), "{delivered:#}");
    let record = wait_received(&receiver, "/failing", event_id, 204).await;
    assert!(record.verified, "{record:?}");
    assert_eq!(record.body, failed["payload"], "the same event");
    let endpoint = app.get(&at(&id, ""), Some(&uni)).await;
    assert_eq!((&endpoint.body["failures"], &endpoint.body["failing_since"]), (&json!(0), &Value::Null));
});

hub_test!(
    an_endpoint_that_keeps_failing_is_disabled_its_owner_emailed_and_enabled_again,
    settings = &[("HUB_WEBHOOK_DISABLE_AFTER_FAILURES", "3"), ("HUB_WEBHOOK_DISABLE_AFTER_HOURS", "0")],
    |app| {
        let Some(receiver) = receiver("disabled") else { return };
        let hub = manager(&app).await;
        let (uni, _) = university(&app).await;
        let url = receiver.url("/down");
        let (id, secret) = register(&app, &uni, &url, &["proposal.moved"]).await;
        receiver.trust("/down", &[&secret]);
        receiver.answer("/down", 500);

        // Three events, three failed attempts in a row: disabled by the hub.
        let proposal = submitted(&app, &uni, "Ateneo resiliente", "open-call").await;
        ping(&app, &uni, &id).await;
        ping(&app, &uni, &id).await;
        let endpoint = {
            let started = Instant::now();
            loop {
                let read = app.get(&at(&id, ""), Some(&uni)).await;
                if read.body["state"] == "disabled" || started.elapsed() > WAIT {
                    break read.body;
                }
                tokio::time::sleep(StdDuration::from_millis(50)).await;
            }
        };
        assert_eq!((endpoint["state"].as_str(), &endpoint["disabled_by_hub"]), (Some("disabled"), &json!(true)));
        assert!(endpoint["failures"].as_i64().is_some_and(|f| f >= 3), "{endpoint:#}");
        assert!(endpoint["failing_since"].is_string(), "{endpoint:#}");
        let waiting = deliveries(&app, &uni, &id).await;
        assert_eq!(waiting.len(), 3, "{waiting:#?}");
        assert!(waiting.iter().all(|d| d["status"] == "pending"), "{waiting:#?}");
        assert!(waiting.iter().map(logged).sum::<usize>() >= 3, "three failed attempts: {waiting:#?}");
        let waiting_ids: Vec<String> = waiting.iter().map(|d| d["event_id"].as_str().expect("id").to_owned()).collect();

        // The owner is emailed, in Italian, with the endpoint's page.
        let link = format!("http://hub.test/area/webhook/{id}");
        let mails = wait_mails(&app, UNI, &url, &link, 1, WAIT).await;
        assert_eq!(mails.len(), 1, "one email to the owner");
        assert!(mails[0].subject.contains("disattivato"), "{}", mails[0].subject);
        assert!(mails[0].body.contains("Gentile") && mails[0].body.contains("riattivarlo"), "{}", mails[0].body);

        // While disabled: events are not queued for it, and nothing is attempted.
        moved_while_disabled(&app, &hub, &proposal).await;
        let log = deliveries(&app, &uni, &id).await;
        assert_eq!(log.len(), 3, "nothing queued while disabled: {log:#?}");
        assert!(log.iter().all(|d| d["event_type"] != "proposal.moved" || d["payload"]["data"]["to"] == "submitted"));
        let attempts: usize = log.iter().map(logged).sum();
        // Its retries come due; another endpoint's ping, delivered after that, shows the worker has looked.
        app.clock.advance(Duration::hours(1));
        let uni = app.token(UNI).await;
        let (probe, probe_secret) = register(&app, &uni, &receiver.url("/probe"), &["service.published"]).await;
        receiver.trust("/probe", &[&probe_secret]);
        let probed = ping(&app, &uni, &probe).await;
        let probed_id = probed["id"].as_str().expect("id");
        wait_delivery(&app, &uni, &probe, probed_id, "delivered", |d| d["status"] == "delivered").await;
        let still: usize = deliveries(&app, &uni, &id).await.iter().map(logged).sum();
        assert_eq!(still, attempts, "a disabled endpoint is not attempted, its retries due or not");

        // Fixed and enabled again: the waiting deliveries go out at once, its failures forgotten.
        receiver.answer("/down", 204);
        let enabled = patch(&app, &uni, &id, json!({"enabled": true})).await;
        assert_eq!(enabled.status, 200, "{}", enabled.text);
        assert_eq!((enabled.body["state"].as_str(), &enabled.body["disabled_by_hub"]), (Some("active"), &json!(false)));
        assert_eq!(enabled.body["failures"], 0);
        let log = wait_log(&app, &uni, &id, |l| l.iter().all(|d| d["status"] == "delivered")).await;
        assert!(log.iter().all(|d| d["status"] == "delivered" && d["last_status_code"] == 204), "{log:#?}");
        for event_id in &waiting_ids {
            let record = wait_received(&receiver, "/down", event_id, 204).await;
            assert!(record.verified, "{record:?}");
        }
        let received = on(&receiver.received(), "/down");
        assert!(received.iter().all(|r| r.verified), "{received:#?}");
        let screened = received.iter().filter(|r| r.body["data"]["to"] == "under_review").count();
        assert_eq!(screened, 0, "the event raised while disabled never arrives");
        let endpoint = app.get(&at(&id, ""), Some(&uni)).await.body;
        assert_eq!((endpoint["state"].as_str(), &endpoint["failures"]), (Some("active"), &json!(0)));
    }
);

/// Screens the proposal eligible: a `proposal.moved` the disabled endpoint is not to hear of.
async fn moved_while_disabled(app: &TestApp, hub: &str, proposal: &str) {
    hub_tests::funnel::moved(app, hub, proposal, "screen", json!({"eligible": true}), "under_review").await;
}
