//! Reading the other reviews only after one's own, anonymised; reminders of a review falling due.

use super::*;

hub_test!(evaluators_read_other_reviews_only_after_submitting_their_own_and_anonymised, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (eva, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (bob, bob_id) = evaluator(&app, "bob@uni.example", None).await;
    let (carl, _) = evaluator(&app, "carl@uni.example", None).await;
    let id = under_review(&app, &anna, &hub, "Open data portal", "open-call").await;
    let eva_review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
    let bob_review = assigned(&app, &hub, &id, &bob_id, &in_days(7)).await;
    confirm(&app, &eva, &eva_review).await;
    confirm(&app, &bob, &bob_review).await;
    let path = format!("/api/v1/proposals/{id}/reviews");

    // Before submitting: nothing to read.
    let saved = save(&app, &eva, &eva_review, full_review("Eva's secret")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    app.get(&path, Some(&eva)).await.assert_problem(403, "forbidden");
    let saved = save(&app, &bob, &bob_review, full_review("Bob's secret")).await;
    assert_eq!(saved.status, 200, "{}", saved.text);

    // Eva submits: she reads the submitted reviews only (her own, with her confidential comment).
    submit_review(&app, &eva, &eva_review, "Eva's secret").await;
    let seen = app.get(&path, Some(&eva)).await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(ids_of(&seen.body), [eva_review.as_str()], "Bob's draft is not shown");
    assert_eq!(seen.body["items"][0]["confidential_comment"], "Eva's secret");
    assert_eq!(seen.body["items"][0]["evaluator_id"], eva_id.as_str());
    assert!(!seen.text.contains("Bob's secret"), "{}", seen.text);
    // Bob, not yet submitted, still reads nothing.
    app.get(&path, Some(&bob)).await.assert_problem(403, "forbidden");

    // The hub manager reads every review, submitted or not, with names and confidential comments.
    let all = app.get(&path, Some(&hub)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(ids_of(&all.body), [eva_review.as_str(), bob_review.as_str()]);
    assert_eq!(all.body["items"][0]["state"], "submitted");
    assert_eq!(all.body["items"][1]["state"], "in_progress");
    assert_eq!(all.body["items"][0]["evaluator_id"], eva_id.as_str());
    assert_eq!(all.body["items"][1]["evaluator_id"], bob_id.as_str());
    assert_eq!(all.body["items"][0]["evaluator_name"], "Staff Member");
    assert_eq!(all.body["items"][1]["evaluator_name"], "Staff Member");
    assert_eq!(all.body["items"][0]["confidential_comment"], "Eva's secret");
    assert_eq!(all.body["items"][1]["confidential_comment"], "Bob's secret");

    // Bob submits: each reads the other's review anonymised, without its confidential comment.
    submit_review(&app, &bob, &bob_review, "Bob's secret").await;
    for (token, own, own_id, other, own_secret, other_secret) in [
        (&eva, &eva_review, &eva_id, &bob_review, "Eva's secret", "Bob's secret"),
        (&bob, &bob_review, &bob_id, &eva_review, "Bob's secret", "Eva's secret"),
    ] {
        let seen = app.get(&path, Some(token)).await;
        assert_eq!(seen.status, 200, "{}", seen.text);
        assert_eq!(ids_of(&seen.body), [eva_review.as_str(), bob_review.as_str()]);
        let reviews = seen.body["items"].as_array().expect("list");
        let mine = reviews.iter().find(|r| r["id"] == own.as_str()).expect("own review");
        let theirs = reviews.iter().find(|r| r["id"] == other.as_str()).expect("other review");
        assert_eq!(mine["confidential_comment"], own_secret);
        assert_eq!(mine["evaluator_id"], own_id.as_str());
        assert!(theirs["confidential_comment"].is_null(), "{theirs}");
        assert!(theirs["evaluator_id"].is_null(), "{theirs}");
        assert!(theirs["evaluator_name"].is_null(), "{theirs}");
        assert_eq!(theirs["overall_comment"], "A solid proposal with a weak training plan.");
        assert_eq!(theirs["scores"]["security_sovereignty"], 4.5);
        assert!(!seen.text.contains(other_secret), "{}", seen.text);
    }

    // The proposer reads no review (before the decision); nor does an evaluator not assigned.
    let proposer = app.get(&path, Some(&anna)).await;
    assert_ne!(proposer.status, 200, "{}", proposer.text);
    assert!(proposer.status == 403 || proposer.status == 404, "{}", proposer.text);
    for secret in ["Eva's secret", "Bob's secret", "weak training plan", eva_id.as_str(), bob_id.as_str()] {
        assert!(!proposer.text.contains(secret), "{}", proposer.text);
    }
    app.get(&path, Some(&carl)).await.assert_problem(404, "not_found");
    app.get(&path, None).await.assert_problem(401, "unauthenticated");

    // A review is read by its evaluator and hub managers only.
    app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&bob)).await.assert_problem(404, "not_found");
    app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&carl)).await.assert_problem(404, "not_found");
    let by_proposer = app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&anna)).await;
    assert!(by_proposer.status == 403 || by_proposer.status == 404, "{}", by_proposer.text);
    assert!(!by_proposer.text.contains("Eva's secret"), "{}", by_proposer.text);
    let by_hub = app.get(&format!("/api/v1/reviews/{eva_review}"), Some(&hub)).await;
    assert_eq!(by_hub.status, 200, "{}", by_hub.text);
    assert_eq!(by_hub.body["confidential_comment"], "Eva's secret");
    app.get("/api/v1/reviews/not-a-review", Some(&eva)).await.assert_problem(404, "not_found");
});

hub_test!(evaluators_are_reminded_once_when_a_review_is_due_within_two_days, |app| {
    let (anna, _) = aurora(&app).await;
    let hub = manager(&app).await;
    let (_, eva_id) = evaluator(&app, "eva1@uni.example", None).await;
    let (_, bob_id) = evaluator(&app, "bob@uni.example", None).await;
    let soon = "Due soon: sovereign cloud";
    let later = "Due later: green datacentre";
    let first = under_review(&app, &anna, &hub, soon, "open-call").await;
    let second = under_review(&app, &anna, &hub, later, "open-call").await;

    // Due in 47 hours: reminded at once, exactly once.
    let due = (Utc::now() + Duration::hours(47)).trunc_subsecs(0).to_rfc3339();
    assigned(&app, &hub, &first, &eva_id, &due).await;
    let reminders = wait_mails(&app, "eva1@uni.example", soon, DUE_MARKER, 1, StdDuration::from_secs(10)).await;
    assert_eq!(reminders.len(), 1, "a reminder for the review due in 47 hours");
    assert!(reminders[0].subject.contains(soon), "subject: {}", reminders[0].subject);
    assert!(reminders[0].subject.to_lowercase().contains("due soon"), "subject: {}", reminders[0].subject);
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, DUE_MARKER).len(), 1, "reminded once");
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, ASSIGNED_MARKER).len(), 1, "and told of the assignment");

    // Due in 5 days: no reminder yet.
    assigned(&app, &hub, &second, &bob_id, &in_days(5)).await;
    assert_eq!(
        wait_mails(&app, "bob@uni.example", later, ASSIGNED_MARKER, 1, StdDuration::from_secs(10)).await.len(),
        1
    );
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert!(mails_with(&app, "bob@uni.example", later, DUE_MARKER).is_empty(), "not due within two days yet");

    // Four days later it is due within two days: one reminder.
    app.clock.advance(Duration::days(4));
    let reminders = wait_mails(&app, "bob@uni.example", later, DUE_MARKER, 1, StdDuration::from_secs(10)).await;
    assert_eq!(reminders.len(), 1, "a reminder once the review is due within two days");
    assert!(reminders[0].subject.contains(later), "subject: {}", reminders[0].subject);
    tokio::time::sleep(StdDuration::from_secs(1)).await;
    assert_eq!(mails_with(&app, "bob@uni.example", later, DUE_MARKER).len(), 1, "reminded once");
    // The first review (now past due) was not reminded again.
    assert_eq!(mails_with(&app, "eva1@uni.example", soon, DUE_MARKER).len(), 1);
});
