//! Response fields that depend on the request or the deployment: `Link` to the next page beside
//! `next_cursor`, `Vary: Authorization` on the API, HSTS only over HTTPS, and the limit fields of a 429.

use hub_tests::funnel::{admin, organization};
use hub_tests::hub_test;
use serde_json::json;

hub_test!(a_page_links_to_the_next_beside_its_cursor, |app| {
    let admin = admin(&app).await;
    for (name, tax_code) in
        [("Uno S.r.l.", "04817250931"), ("Due S.r.l.", "07390162480"), ("Tre S.r.l.", "01234567897")]
    {
        organization(&app, &admin, name, "company", tax_code).await;
    }
    let mut path = "/api/v1/organizations?limit=1".to_owned();
    let mut pages = 0;
    loop {
        let page = app.get(&path, Some(&admin)).await;
        assert_eq!(page.status, 200, "{path}: {}", page.text);
        pages += 1;
        let Some(cursor) = page.body["next_cursor"].as_str() else {
            assert_eq!(page.header("link"), None, "the last page links nowhere");
            break;
        };
        let link = page.header("link").expect("Link beside next_cursor");
        let expected = format!("</api/v1/organizations?cursor={cursor}&limit=1>; rel=\"next\"");
        assert_eq!(link, expected);
        path = link.trim_start_matches('<').split('>').next().expect("target").to_owned();
        assert!(pages < 10, "the pages end");
    }
    assert!(pages >= 3, "{pages} pages");
});

hub_test!(api_answers_vary_by_authorization_and_encoding, |app| {
    app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let listed = app.get("/api/v1/challenges", None).await;
    let vary = listed.header("vary").expect("Vary").to_lowercase();
    assert!(vary.contains("authorization") && vary.contains("accept-encoding"), "{vary}");
    // Outside the API only the encoding matters.
    let health = app.get("/healthz", None).await;
    assert_eq!(health.header("vary"), Some("Accept-Encoding"));
});

hub_test!(hsts_is_absent_over_plain_http, |app| {
    let answer = app.get("/healthz", None).await;
    assert_eq!(answer.header("strict-transport-security"), None);
});

hub_test!(
    hsts_is_sent_when_the_hub_is_served_over_https,
    settings = &[("HUB_PUBLIC_URL", "https://hub.test")],
    |app| {
        let answer = app.get("/healthz", None).await;
        assert_eq!(answer.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
    }
);

hub_test!(a_429_says_when_its_limit_resets, |app| {
    app.register("anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let mut refused = None;
    for _ in 0..10 {
        let answer = app
            .post("/api/v1/auth/login", None, json!({"email": "anna@aurora.example", "password": "wrong password!"}))
            .await;
        if answer.status == 429 {
            refused = Some(answer);
            break;
        }
    }
    let refused = refused.expect("a 429 within ten failures");
    refused.assert_problem(429, "too_many_requests");
    let retry = refused.header("retry-after").expect("Retry-After");
    assert!(retry.parse::<u64>().is_ok_and(|s| s >= 1), "{retry}");
    assert_eq!(refused.header("x-ratelimit-reset"), Some(retry));
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));

    // The document declares those fields on every 429 it lists.
    let document = app.get("/api/openapi.json", None).await.body;
    let mut declared = 0;
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("item").values() {
            if let Some(too_many) = operation["responses"].get("429") {
                declared += 1;
                for name in ["Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Reset"] {
                    assert!(too_many["headers"][name].is_object(), "{name} on {}", operation["operationId"]);
                }
            }
        }
    }
    assert!(declared >= 6, "{declared} operations declare a 429");
});
