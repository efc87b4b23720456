//! Administration: admin-only endpoints refused to every other role, role changes, the audit log.

use domain::Role;
use hub_tests::{PASSWORD, hub_test};
use reqwest::Method;
use serde_json::json;

hub_test!(admin_endpoints_are_refused_to_every_other_role, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let mut others = vec![("anonymous", None)];
    for (email, role) in [
        ("manager@hub.example", Role::HubManager),
        ("editor@hub.example", Role::CatalogueEditor),
        ("evaluator@hub.example", Role::Evaluator),
        ("proposer@hub.example", Role::Proposer),
    ] {
        others.push((email, Some(app.user_with_roles(email, &[role], None).await)));
    }
    // The target of the role change is a user whose token the loop does not use afterwards.
    app.register("target@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let target_token = app.token("target@aurora.example").await;
    let target = app.get("/api/v1/me", Some(&target_token)).await.body["id"].as_str().expect("id").to_owned();
    let org = api::cli::OPERATOR_ORGANIZATION;
    let new_org = json!({"name": "Comune di Prova", "kind": "public_administration", "tax_code": "80004739258", "ipa_code": "c_prova"});
    let operations = [
        (Method::GET, "/api/v1/users".to_owned(), serde_json::Value::Null),
        (Method::PUT, format!("/api/v1/users/{target}/roles"), json!({"roles": ["proposer"]})),
        (Method::POST, "/api/v1/organizations".to_owned(), new_org.clone()),
        (Method::GET, "/api/v1/admin/outbox".to_owned(), serde_json::Value::Null),
        (Method::GET, "/api/v1/audit".to_owned(), serde_json::Value::Null),
    ];
    for (method, path, body) in &operations {
        for (who, token) in &others {
            let answer = app.request(method.clone(), path, token.as_deref(), body.clone()).await;
            let (status, code) = if token.is_some() { (403, "forbidden") } else { (401, "unauthenticated") };
            assert_eq!(answer.status, status, "{who}: {method} {path}: {}", answer.text);
            answer.assert_problem(status, code);
        }
        let answer = app.request(method.clone(), path, Some(&admin), body.clone()).await;
        assert!(answer.status == 200 || answer.status == 201, "admin: {method} {path}: {}", answer.text);
    }
    // The operator organisation is visible to its members, not to outsiders.
    let outsider = app.register("out@nuvola.example", "Nuvola Sicura S.r.l.", "07390162480").await;
    assert_eq!(outsider["roles"], json!(["proposer"]));
    let outsider_token = app.token("out@nuvola.example").await;
    app.get(&format!("/api/v1/organizations/{org}"), Some(&outsider_token)).await.assert_problem(404, "not_found");
    assert_eq!(app.get(&format!("/api/v1/organizations/{org}"), Some(&admin)).await.status, 200);
});

hub_test!(granting_roles_takes_effect_at_once_and_is_audited, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let user = app.register("eva@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let id = user["id"].as_str().expect("id");
    let before = app.token("eva@aurora.example").await;

    let unknown =
        app.request(Method::PUT, &format!("/api/v1/users/{id}/roles"), Some(&admin), json!({"roles": ["king"]})).await;
    assert_eq!(unknown.assert_problem(422, "validation_failed")["errors"][0]["field"], "roles[0]");
    let granted = app
        .request(
            Method::PUT,
            &format!("/api/v1/users/{id}/roles"),
            Some(&admin),
            json!({"roles": ["proposer", "evaluator"]}),
        )
        .await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    assert_eq!(granted.body["roles"], json!(["proposer", "evaluator"]));

    // The old access token predates the change: refused. A new login carries the new roles.
    app.get("/api/v1/me", Some(&before)).await.assert_problem(401, "unauthenticated");
    let after = app.login("eva@aurora.example", PASSWORD).await;
    let me = app.get("/api/v1/me", after["access_token"].as_str()).await;
    assert_eq!(me.body["roles"], json!(["proposer", "evaluator"]));

    // Filter by role, and the audit entry with before and after.
    let evaluators = app.get("/api/v1/users?role=evaluator", Some(&admin)).await;
    let emails: Vec<&str> =
        evaluators.body["items"].as_array().expect("items").iter().filter_map(|u| u["email"].as_str()).collect();
    assert_eq!(emails, vec!["eva@aurora.example"]);
    app.get("/api/v1/users?role=king", Some(&admin)).await.assert_problem(422, "validation_failed");
    let audit = app.get("/api/v1/audit?target_type=user", Some(&admin)).await;
    let entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "user.roles_changed")
        .expect("audited");
    assert_eq!(entry["target_id"], id);
    assert_eq!(entry["details"], json!({"before": "proposer", "after": "proposer,evaluator"}));
    let count = entry_count(&app).await;
    let verified = app.store.audit_verify().expect("verify");
    assert!(
        matches!(&verified, persistence::AuditVerification::Intact { entries, head: Some(head) }
            if *entries == count && u64::try_from(head.seq).ok() == Some(count)),
        "{verified:?}"
    );
});

async fn entry_count(app: &hub_tests::TestApp) -> u64 {
    let mut count = 0;
    let mut after = None;
    loop {
        let page = app
            .store
            .audit_list(&persistence::AuditFilter::default(), &domain::PageRequest { after: after.clone(), limit: 100 })
            .expect("page");
        count += page.items.len() as u64;
        match page.next_cursor {
            Some(cursor) => after = Some(cursor),
            None => return count,
        }
    }
}

hub_test!(lists_are_paginated_by_cursor, |app| {
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    for i in 0..5 {
        app.register(&format!("p{i}@aurora.example"), "Aurora Labs S.r.l.", "04817250931").await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=2".to_owned();
    loop {
        let page = app.get(&path, Some(&admin)).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let items = page.body["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|u| u["email"].as_str().expect("email").to_owned()));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/users?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "no item twice: {seen:?}");
    app.get("/api/v1/users?limit=101", Some(&admin)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/users?limit=0", Some(&admin)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/users?cursor=%%%", Some(&admin)).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/users?limit=abc", Some(&admin)).await.assert_problem(400, "malformed_query");
});
