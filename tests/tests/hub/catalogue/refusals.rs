//! Bad input and wrong roles on the catalogue's endpoints answer problems.

use super::*;

hub_test!(catalogue_endpoints_answer_bad_input_and_wrong_roles_with_problems, |app| {
    let editor = editor(&app).await;
    let (proposer, organization) = proposer(&app).await;
    direct(&app, &editor, "servizio-prova", "Servizio di prova", &organization).await;
    let raw = |method: Method, path: &str, token: Option<&str>, content_type: &str, body: Vec<u8>| {
        let mut request =
            app.client.request(method, format!("{}{path}", app.base)).header("content-type", content_type).body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { TestApp::answer(request.send().await.expect("answer")).await }
    };
    let create = "/api/v1/catalogue/services";
    raw(Method::POST, create, Some(&editor), "text/plain", b"{}".to_vec())
        .await
        .assert_problem(415, "unsupported_media_type");
    raw(Method::POST, create, Some(&editor), "application/json", b"{\"slug\": ".to_vec())
        .await
        .assert_problem(400, "malformed_json");
    let unknown = app.post(create, Some(&editor), json!({"slug": "x", "colour": "blu"})).await;
    assert_eq!(fields(&unknown), ["colour"]);
    raw(Method::POST, create, Some(&editor), "application/json", vec![b' '; 3 * 1024 * 1024])
        .await
        .assert_problem(413, "payload_too_large");
    let deprecate = "/api/v1/catalogue/services/servizio-prova/deprecate";
    raw(Method::POST, deprecate, Some(&editor), "application/json", b"{\"reason\": ".to_vec())
        .await
        .assert_problem(400, "malformed_json");

    // Every editing endpoint: anonymous is 401, a proposer 403, an unknown service 404.
    for (method, path, body) in [
        (Method::POST, create.to_owned(), json!({})),
        (Method::PATCH, "/api/v1/catalogue/services/servizio-prova".to_owned(), json!({})),
        (Method::POST, "/api/v1/catalogue/services/servizio-prova/publish".to_owned(), Value::Null),
        (Method::POST, deprecate.to_owned(), json!({"reason": "Motivo."})),
        (Method::POST, "/api/v1/catalogue/services/servizio-prova/retire".to_owned(), Value::Null),
    ] {
        app.request(method.clone(), &path, None, body.clone()).await.assert_problem(401, "unauthenticated");
        app.request(method.clone(), &path, Some(&proposer), body.clone()).await.assert_problem(403, "forbidden");
    }
    for action in ["publish", "retire"] {
        app.post(&format!("/api/v1/catalogue/services/nessuno/{action}"), Some(&editor), Value::Null)
            .await
            .assert_problem(404, "not_found");
    }
    patch(&app, &editor, "nessuno", Some("\"r1\""), json!({"version": "1.0.0"})).await.assert_problem(404, "not_found");
    let replacement = app.post(deprecate, Some(&editor), json!({"reason": "Motivo.", "replacement": "nessuno"})).await;
    assert_eq!(fields(&replacement), ["replacement"]);

    // A draft's page, history and publiccode.yml do not exist for the public.
    for suffix in ["", "/history", "/publiccode.yml"] {
        app.get(&format!("/api/v1/catalogue/services/servizio-prova{suffix}"), None)
            .await
            .assert_problem(404, "not_found");
    }
    app.get("/api/v1/catalogue/services?limit=0", None).await.assert_problem(422, "validation_failed");
    app.get("/api/v1/catalogue/services?min_score=abc", None).await.assert_problem(400, "malformed_query");
});
