//! Problem details that speak the client's language (issue 15): `type` resolves to a page about the
//! problem, in Italian and English; `instance` is the request's path; `title` and the hub's own
//! `detail` follow `Accept-Language`; `code` stays the same.

use hub_tests::{Answer, TestApp, hub_test};
use serde_json::json;

/// `path` asked with `Accept-Language: language` (none when empty), as a login with a text body.
async fn refused_login(app: &TestApp, language: &str) -> Answer {
    let mut request =
        app.client.post(format!("{}/api/v1/auth/login", app.base)).header("content-type", "text/plain").body("x");
    if !language.is_empty() {
        request = request.header("accept-language", language);
    }
    TestApp::answer(request.send().await.expect("answer")).await
}

/// Every `Vary` value of an answer, lower-case.
fn vary(answer: &Answer) -> String {
    answer.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",").to_lowercase()
}

/// The page at `path` (an absolute `type` URI's path) with `Accept-Language: language`.
async fn page(app: &TestApp, path: &str, language: &str) -> Answer {
    let request = app.client.get(format!("{}{path}", app.base)).header("accept-language", language);
    TestApp::answer(request.send().await.expect("answer")).await
}

hub_test!(title_and_detail_follow_accept_language_and_the_code_does_not, |app| {
    let base = app.settings.public_url.as_str().trim_end_matches('/').to_owned();
    for (language, expected, title, detail) in [
        (
            "it-IT,it;q=0.9,en;q=0.5",
            "it",
            "Tipo di contenuto non supportato",
            "il corpo della richiesta deve essere application/json",
        ),
        ("en-GB,en;q=0.9,it;q=0.5", "en", "Unsupported media type", "the request body must be application/json"),
        ("", "en", "Unsupported media type", "the request body must be application/json"),
        ("de-DE", "en", "Unsupported media type", "the request body must be application/json"),
    ] {
        let answer = refused_login(&app, language).await;
        let body = answer.assert_problem(415, "unsupported_media_type");
        assert_eq!((body["title"].as_str(), body["detail"].as_str()), (Some(title), Some(detail)), "{language}");
        assert_eq!(answer.header("content-language"), Some(expected), "{language}");
        assert!(vary(&answer).contains("accept-language"), "{language}: {:?}", answer.headers);
        assert_eq!(body["type"], json!(format!("{base}/problems/unsupported_media_type")));
        assert_eq!(body["instance"], "/api/v1/auth/login");
    }
    // A 422: the title and detail in Italian, the field, its code and the problem's code unchanged.
    let mistyped = app
        .client
        .post(format!("{}/api/v1/auth/login?next=secret", app.base))
        .header("accept-language", "it")
        .json(&json!({"email": 42, "password": "x"}))
        .send()
        .await
        .expect("answer");
    let mistyped = TestApp::answer(mistyped).await;
    let body = mistyped.assert_problem(422, "validation_failed");
    assert_eq!(body["title"], "Dati non validi");
    assert_eq!(body["detail"], "dati non validi: email");
    assert_eq!(
        (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
        (Some("email"), Some("invalid_type"))
    );
    assert_eq!(body["instance"], "/api/v1/auth/login", "the path, never the query string");
    // Problems made outside the handlers too: an unknown route.
    let missing = page(&app, "/api/v1/nowhere", "en;q=0.3, it").await;
    let body = missing.assert_problem(404, "not_found");
    assert_eq!(body["title"], "Risorsa non trovata");
    assert_eq!(body["type"], json!(format!("{base}/problems/not_found")));
    assert_eq!(missing.header("content-language"), Some("it"));
});

hub_test!(every_problem_type_resolves_to_a_page_in_italian_and_english, |app| {
    for kind in api::problems::table::KINDS {
        let path = format!("/problems/{}", kind.code);
        let italian = page(&app, &path, "").await;
        assert_eq!(italian.status, 200, "{path}: {}", italian.text);
        assert_eq!(italian.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
        assert!(italian.text.contains("<html lang=\"it\">") && italian.text.contains(kind.title_it), "{path}");
        assert!(italian.text.contains(kind.about_it), "{path}");
        assert!(italian.header("content-security-policy").is_some_and(|c| c.contains("default-src 'none'")), "{path}");
        let english = page(&app, &path, "en-US,en;q=0.9").await;
        assert!(english.text.contains("<html lang=\"en\">") && english.text.contains(kind.about_en), "{path}");
        assert_eq!(english.header("content-language"), Some("en"), "{path}");
        let asked = page(&app, &format!("{path}?lang=en"), "it").await;
        assert!(asked.text.contains("<html lang=\"en\">"), "?lang= wins over the header: {path}");
    }
    let unknown = page(&app, "/problems/no_such_problem", "").await;
    assert_eq!((unknown.status, unknown.header("content-type")), (404, Some("text/html; charset=utf-8")));
    assert!(unknown.text.contains("<h1 data-error=\"404\">Pagina non trovata</h1>"), "{}", unknown.text);
    let index = page(&app, "/problems", "it").await;
    assert_eq!(index.status, 200);
    assert!(api::problems::table::KINDS.iter().all(|k| index.text.contains(&format!("/problems/{}", k.code))));
    // The `type` of a real answer resolves.
    let answer = refused_login(&app, "").await;
    let url = answer.body["type"].as_str().expect("type").to_owned();
    let path = url.split_once("/problems/").map(|(_, code)| format!("/problems/{code}")).expect("an absolute type");
    assert!(url.starts_with("http"), "{url}");
    assert_eq!(page(&app, &path, "").await.status, 200);
});
