//! 422s name the field for type and format errors too (issue 15): a wrong type, a bad date, an
//! unknown enumeration value, a nested field and an array element each answer `validation_failed`
//! with the field's dotted path; malformed JSON stays a 400, and a query parameter that does not parse
//! is named in its 400.

use super::*;

/// The fields of a 422 `validation_failed`.
fn failing_fields(answer: &Answer) -> Vec<String> {
    let body = answer.assert_problem(422, "validation_failed");
    body["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap_or("").to_owned()).collect()
}

hub_test!(type_and_format_errors_name_the_field, |app| {
    let manager = manager(&app).await;
    let admin = app.user_with_roles("admin@hub.example", &[Role::Admin], None).await;
    let challenge = json!({
        "slug": "campi", "title_it": "Sfida", "description_it": "Una descrizione della sfida.",
        "sponsor_id": uuid::Uuid::now_v7(), "opens_at": "2026-01-01T00:00:00Z", "closes_at": "2026-12-31T00:00:00Z",
        "evaluation": {"min_reviews": 3},
    });
    let probes = [
        ("/title_it", json!(7), "title_it"),
        ("/opens_at", json!("domani"), "opens_at"),
        ("/closes_at", json!("2026-02-30T00:00:00Z"), "closes_at"),
        ("/evaluation/min_reviews", json!("3"), "evaluation.min_reviews"),
        ("/evaluation/min_reviews", json!(-1), "evaluation.min_reviews"),
    ];
    for (pointer, value, field) in probes {
        let mut body = challenge.clone();
        *body.pointer_mut(pointer).expect(pointer) = value;
        let answer = app.post("/api/v1/challenges", Some(&manager), body).await;
        assert_eq!(failing_fields(&answer), [field], "{pointer}: {}", answer.text);
        let message = answer.body["errors"][0]["message"].as_str().unwrap_or("");
        assert!(!message.is_empty() && !message.contains(" at line "), "{message}");
    }
    let organization = json!({"name": "Ente", "kind": "charity", "tax_code": "80004739258"});
    let answer = app.post("/api/v1/organizations", Some(&admin), organization).await;
    assert_eq!(failing_fields(&answer), ["kind"], "an unknown enumeration value: {}", answer.text);
    let token = json!({"name": "ci", "scopes": ["proposals:read", 7]});
    let answer = app.post("/api/v1/me/tokens", Some(&admin), token).await;
    assert_eq!(failing_fields(&answer), ["scopes[1]"], "an array element: {}", answer.text);
    let missing = json!({"name": "Ente", "kind": "public_administration"});
    let answer = app.post("/api/v1/organizations", Some(&admin), missing).await;
    assert_eq!(failing_fields(&answer), ["tax_code"], "a missing field: {}", answer.text);
    // Query strings: still 400 `malformed_query`, now naming the parameter.
    for (path, field) in
        [("/api/v1/users?limit=abc", "limit"), ("/api/v1/catalogue/services?min_score=abc", "min_score")]
    {
        let answer = app.get(path, Some(&admin)).await;
        let body = answer.assert_problem(400, "malformed_query");
        assert_eq!(body["errors"][0]["field"], field, "{path}: {}", answer.text);
        assert!(body["detail"].as_str().is_some_and(|d| d.contains(field)), "{path}: {}", answer.text);
    }
    // Not JSON at all: still 400.
    let malformed = app
        .client
        .post(format!("{}/api/v1/organizations", app.base))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(r#"{"name": "Ente", "kind": "#)
        .send()
        .await
        .expect("answer");
    TestApp::answer(malformed).await.assert_problem(400, "malformed_json");
});
