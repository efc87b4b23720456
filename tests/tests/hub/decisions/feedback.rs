//! The decision's feedback: anonymised, for the team and the hub, after the decision.

use super::*;

hub_test!(feedback_is_anonymised_and_only_for_the_team_and_the_hub_after_the_decision, |app| {
    let anna = aurora(&app).await;
    let nico = nuvola(&app).await;
    let hub = manager(&app).await;
    let org = university(&app).await;
    let title = "Green datacentre heat reuse";
    let id = under_review(&app, &anna, &hub, title, "open-call").await;
    let scores: [[f64; 4]; 3] = [[4.0, 3.0, 3.5, 4.5], [4.5, 3.5, 3.0, 4.0], [3.5, 5.0, 4.0, 3.0]];
    let secrets = ["CONFIDENTIAL-eva-1f3a", "CONFIDENTIAL-bob-77c2", "CONFIDENTIAL-carl-9d0e"];
    let mut evaluators = Vec::new();
    for email in ["eva@uni.example", "bob@uni.example", "carl@uni.example"] {
        let (token, user) = evaluator(&app, email, Some(&org)).await;
        let review_id = assigned(&app, &hub, &id, &user, &in_days(7)).await;
        evaluators.push((token, user, review_id, email));
    }
    for (i, (token, _, review_id, _)) in evaluators.iter().enumerate() {
        review(&app, token, review_id, review_body(scores[i], &format!("panel member {}", i + 1), secrets[i])).await;
    }
    let (dave, _) = evaluator(&app, "dave@uni.example", Some(&org)).await;

    // Before the decision: not decided, for the team and the hub alike.
    feedback(&app, Some(&anna), &id).await.assert_problem(409, "not_decided");
    feedback(&app, Some(&hub), &id).await.assert_problem(409, "not_decided");

    let rationale = "Convincing heat reuse with a credible partner network.";
    // The panel is split (a consensus report would be due): the hub decides without one, saying why.
    let body = json!({"decision": "accept", "rationale": rationale, "override_reason": "The panel met in person."});
    decided(&decide(&app, Some(&hub), &id, body).await, "accepted");

    // The proposer reads the decision, the pillars and the anonymised reviews.
    let read = feedback(&app, Some(&anna), &id).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let body = &read.body;
    assert_eq!(body["decision"], "accept");
    assert_eq!(body["rationale"], rationale);
    assert_eq!(body["version"], 1);
    assert!(
        body["decided_at"].as_str().is_some_and(|d| d.parse::<chrono::DateTime<Utc>>().is_ok()),
        "decided_at: {}",
        body["decided_at"]
    );
    let mut keys: Vec<&str> = body["pillars"].as_object().expect("pillars").keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = PILLARS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let mut means = [0.0; 4];
    for (p, pillar) in PILLARS.iter().enumerate() {
        means[p] = scores.iter().map(|s| s[p]).sum::<f64>() / 3.0;
        let entry = &body["pillars"][pillar];
        close(&entry["mean"], means[p]);
        close(&entry["threshold"], 3.0);
        assert_eq!(entry["weight"], 25, "{entry}");
        assert_eq!(entry["passes"], true, "{entry}");
    }
    // growth_development: (3.0 + 3.5 + 5.0) / 3.
    close(&body["pillars"]["growth_development"]["mean"], 11.5 / 3.0);
    close(&body["weighted_total"], means.iter().map(|m| m * 25.0).sum::<f64>() / 100.0);
    close(&body["overall_threshold"], 3.0);

    let reviews = body["reviews"].as_array().expect("reviews");
    assert_eq!(reviews.len(), 3, "{}", read.text);
    for (i, entry) in reviews.iter().enumerate() {
        let tag = format!("panel member {}", i + 1);
        assert_eq!(entry["evaluator"], format!("Evaluator {}", i + 1));
        for (p, pillar) in PILLARS.iter().enumerate() {
            close(&entry["scores"][pillar], scores[i][p]);
        }
        assert_eq!(
            entry["comments"],
            json!({
                "security_sovereignty": format!("Sovereignty comment by {tag}."),
                "talent_skills": format!("Talent comment by {tag}.")
            })
        );
        assert_eq!(entry["overall_comment"], format!("Overall comment by {tag}."));
        let mut fields: Vec<&str> = entry.as_object().expect("a review").keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["comments", "evaluator", "overall_comment", "scores", "submitted_at"], "{entry}");
    }
    // No identities, no confidential comments.
    for (_, user, review_id, email) in &evaluators {
        for secret in [user.as_str(), review_id.as_str(), email] {
            assert!(!read.text.contains(secret), "{secret} leaked: {}", read.text);
        }
    }
    for secret in secrets.iter().copied().chain(["CONFIDENTIAL", "Staff Member", "uni.example", "confidential"]) {
        assert!(!read.text.contains(secret), "{secret} leaked: {}", read.text);
    }

    // The hub manager reads it too.
    let by_hub = feedback(&app, Some(&hub), &id).await;
    assert_eq!(by_hub.status, 200, "{}", by_hub.text);
    // The override's reason is the hub's own record: the team never reads it.
    assert_eq!(
        (&read.body["override_reason"], &by_hub.body["override_reason"]),
        (&Value::Null, &json!("The panel met in person."))
    );
    let mut as_hub = by_hub.body.clone();
    as_hub["override_reason"] = Value::Null;
    assert_eq!(as_hub, read.body);

    // Nobody else: another organisation, the evaluators (assigned or not), the anonymous.
    feedback(&app, Some(&nico), &id).await.assert_problem(404, "not_found");
    feedback(&app, Some(&evaluators[0].0), &id).await.assert_problem(404, "not_found");
    feedback(&app, Some(&dave), &id).await.assert_problem(404, "not_found");
    feedback(&app, None, &id).await.assert_problem(401, "unauthenticated");
    feedback(&app, Some(&anna), "not-a-proposal").await.assert_problem(404, "not_found");
    feedback(&app, Some(&anna), &uuid::Uuid::now_v7().to_string()).await.assert_problem(404, "not_found");
});
