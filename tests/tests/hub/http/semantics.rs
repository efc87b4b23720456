//! HTTP as RFC 9110 says: compression with `Vary`, HEAD and OPTIONS on every documented path (405 with
//! `Allow` otherwise), `Location` on every 201, `Link` to the next page, HSTS only over HTTPS, and what
//! a 429 says about its limit.

use std::io::Read as _;

use chrono::{Duration, SubsecRound, Utc};
use hub_tests::funnel::{admin, evaluator, in_days, manager, under_review, verified_proposer};
use hub_tests::{PASSWORD, TestApp, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

/// The document the hub serves.
async fn document(app: &TestApp) -> Value {
    let answer = app.get("/api/openapi.json", None).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body
}

/// A path of the document with its parameters filled in.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|s| if s.starts_with('{') { "0193a7c4-0000-7000-8000-000000000000" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The documented methods of a path item, upper case.
fn methods(item: &Value) -> Vec<String> {
    item.as_object().expect("path item").keys().map(|m| m.to_uppercase()).collect()
}

/// The `Vary` field names, lower case.
fn vary(headers: &reqwest::header::HeaderMap) -> Vec<String> {
    headers
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_lowercase())
        .collect()
}

hub_test!(bodies_are_compressed_when_asked_and_vary_says_so, |app| {
    let url = format!("{}/api/openapi.json", app.base);
    let plain = app.client.get(&url).send().await.expect("answer");
    assert!(plain.headers().get("content-encoding").is_none(), "identity without Accept-Encoding");
    assert!(vary(plain.headers()).contains(&"accept-encoding".to_owned()), "{:?}", plain.headers());
    let plain: Value = plain.json().await.expect("JSON");

    let gzip = app.client.get(&url).header("accept-encoding", "gzip").send().await.expect("answer");
    assert_eq!(gzip.status(), 200);
    assert_eq!(gzip.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let names = vary(gzip.headers());
    assert_eq!(names.iter().filter(|n| *n == "accept-encoding").count(), 1, "once: {names:?}");
    let compressed = gzip.bytes().await.expect("body");
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(&compressed[..]).read_to_string(&mut decoded).expect("gzip");
    assert!(compressed.len() * 3 < decoded.len(), "{} bytes for {}", compressed.len(), decoded.len());
    assert_eq!(serde_json::from_str::<Value>(&decoded).expect("JSON"), plain);

    // The API's JSON too, in the other encodings actix offers.
    for encoding in ["br", "zstd"] {
        let answer = app
            .client
            .get(format!("{}/api/v1/challenges", app.base))
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status(), 200);
        assert_eq!(answer.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some(encoding));
    }
});

hub_test!(every_documented_path_answers_head_and_options_and_405_with_allow, |app| {
    let document = document(&app).await;
    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.len() > 40, "the whole document: {}", paths.len());
    for (template, item) in paths {
        let path = concrete(template);
        let documented = methods(item);
        let mut allow = documented.clone();
        if documented.iter().any(|m| m == "GET") {
            allow.push("HEAD".to_owned());
        }
        allow.push("OPTIONS".to_owned());
        allow.sort();
        let allow = allow.join(", ");

        let options = app.request(Method::OPTIONS, &path, None, Value::Null).await;
        assert_eq!(options.status, 204, "OPTIONS {path}: {}", options.text);
        assert_eq!(options.header("allow"), Some(allow.as_str()), "OPTIONS {path}");

        let head = app.client.head(format!("{}{path}", app.base)).send().await.expect("answer");
        let (head_status, head_headers) = (head.status().as_u16(), head.headers().clone());
        assert!(head.bytes().await.expect("body").is_empty(), "HEAD {path} has no body");
        if documented.iter().any(|m| m == "GET") {
            let get = app.get(&path, None).await;
            assert_eq!(head_status, get.status, "HEAD {path} as GET");
            assert_eq!(head_headers.get("content-type"), get.headers.get("content-type"), "HEAD {path}");
            assert_eq!(head_headers.get("cache-control"), get.headers.get("cache-control"), "HEAD {path}");
        } else {
            assert_eq!(head_status, 405, "HEAD {path} without GET");
            assert_eq!(head_headers.get("allow").and_then(|v| v.to_str().ok()), Some(allow.as_str()));
        }

        // A method the path lacks: 405 with the same `Allow`.
        let other = ["PUT", "PATCH", "DELETE", "POST", "GET"]
            .into_iter()
            .find(|m| !documented.iter().any(|d| d == m))
            .expect("a method the path lacks");
        let refused =
            app.request(Method::from_bytes(other.as_bytes()).expect("method"), &path, None, Value::Null).await;
        refused.assert_problem(405, "method_not_allowed");
        assert_eq!(refused.header("allow"), Some(allow.as_str()), "{other} {path}");
    }
    // HEAD of a public resource: the GET's headers, its length included.
    let get = app.get("/api/v1/challenges", None).await;
    let head = app.client.head(format!("{}/api/v1/challenges", app.base)).send().await.expect("answer");
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers().get("content-length"), get.headers.get("content-length"));
    // An unknown path stays 404, OPTIONS included.
    app.request(Method::OPTIONS, "/api/v1/nothing-here", None, Value::Null).await.assert_problem(404, "not_found");
});

/// The operations of the document that answer 201, as `METHOD path`.
fn creating_operations(document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            if operation["responses"].get("201").is_some() {
                found.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    found.sort();
    found
}

hub_test!(every_201_says_where_the_created_resource_is, |app| {
    let mut walked: Vec<(String, reqwest::header::HeaderMap)> = Vec::new();
    let admin = admin(&app).await;
    let created = app
        .post("/api/v1/organizations", Some(&admin), json!({"name": "Comune di Prova", "kind": "public_administration", "tax_code": "80004739258", "ipa_code": "c_h501"}))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let sponsor = created.body["id"].as_str().expect("id").to_owned();
    walked.push(("POST /api/v1/organizations".to_owned(), created.headers));

    let hub = manager(&app).await;
    let challenge = app
        .post(
            "/api/v1/challenges",
            Some(&hub),
            json!({"slug": "sfida-luogo", "title_it": "Sfida", "description_it": "Una sfida di prova.", "sponsor_id": sponsor,
                   "sponsor_opinions": true, "opens_at": (Utc::now() - Duration::hours(1)).trunc_subsecs(0).to_rfc3339(),
                   "annexes": [{"key": "scheda", "name": "Scheda", "types": ["png"], "max_count": 5}]}),
        )
        .await;
    assert_eq!(challenge.status, 201, "{}", challenge.text);
    let challenge_id = challenge.body["id"].as_str().expect("id").to_owned();
    walked.push(("POST /api/v1/challenges".to_owned(), challenge.headers));
    let opened = app.post(&format!("/api/v1/challenges/{challenge_id}/open"), Some(&hub), Value::Null).await;
    assert_eq!(opened.status, 200, "{}", opened.text);

    // A need of the sponsor, co-signed by another administration's officer.
    let officer_of = |email: &'static str, org: &str| {
        let org = Some(org.parse().expect("an organisation id"));
        let app = &app;
        async move { app.user_with_roles(email, &[domain::Role::Administration], org).await }
    };
    let stating = officer_of("officer@comune.example", &sponsor).await;
    let need = app
        .post("/api/v1/needs", Some(&stating), json!({"title": "Sportelli su prenotazione", "description": "Le code agli sportelli superano le tre settimane.",
              "pillars": ["talent_skills"], "urgency": "low", "population": 100}))
        .await;
    assert_eq!(need.status, 201, "{}", need.text);
    let need_id = need.body["id"].as_str().expect("id").to_owned();
    walked.push(("POST /api/v1/needs".to_owned(), need.headers));
    let other = app
        .post("/api/v1/organizations", Some(&admin), json!({"name": "Comune di Altrove", "kind": "public_administration", "tax_code": "80214573604", "ipa_code": "c_l219"}))
        .await;
    assert_eq!(other.status, 201, "{}", other.text);
    let cosigning = officer_of("officer@altrove.example", other.body["id"].as_str().expect("id")).await;
    let signed = app.post(&format!("/api/v1/needs/{need_id}/cosignatures"), Some(&cosigning), json!({})).await;
    assert_eq!(signed.status, 201, "{}", signed.text);
    walked.push(("POST /api/v1/needs/{id}/cosignatures".to_owned(), signed.headers));

    let (proposer, founder) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let proposal =
        app.post("/api/v1/proposals", Some(&proposer), hub_tests::funnel::complete("Prima idea", &challenge_id)).await;
    assert_eq!(proposal.status, 201, "{}", proposal.text);
    walked.push(("POST /api/v1/proposals".to_owned(), proposal.headers));
    // Two annexes of its working copy: a raw PUT and a multipart form.
    let draft_id = proposal.body["id"].as_str().expect("id").to_owned();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    let put = app
        .client
        .put(format!("{}/api/v1/proposals/{draft_id}/annexes/scheda/scheda.png", app.base))
        .bearer_auth(&proposer)
        .body(png.clone())
        .send()
        .await
        .expect("the hub answers");
    assert_eq!(put.status(), 201);
    walked.push(("PUT /api/v1/proposals/{id}/annexes/{rule}/{filename}".to_owned(), put.headers().clone()));
    let form = reqwest::multipart::Form::new()
        .text("rule", "scheda")
        .part("file", reqwest::multipart::Part::bytes(png).file_name("seconda.png"));
    let posted = app
        .client
        .post(format!("{}/api/v1/proposals/{draft_id}/annexes", app.base))
        .bearer_auth(&proposer)
        .multipart(form)
        .send()
        .await
        .expect("the hub answers");
    assert_eq!(posted.status(), 201);
    walked.push(("POST /api/v1/proposals/{id}/annexes".to_owned(), posted.headers().clone()));

    let proposal_id = under_review(&app, &proposer, &hub, "Seconda idea", &challenge_id).await;
    let (eva, evaluator_id) = evaluator(&app, "eva@valuta.example", None).await;
    let assignment = hub_tests::funnel::assign(&app, Some(&hub), &proposal_id, &evaluator_id, &in_days(7)).await;
    assert_eq!(assignment.status, 201, "{}", assignment.text);
    walked.push(("POST /api/v1/proposals/{id}/assignments".to_owned(), assignment.headers));
    // The sponsor's officer gives an opinion on it: the Location lists the proposal's opinions.
    let opinion = app
        .request(
            Method::PUT,
            &format!("/api/v1/proposals/{proposal_id}/opinions/{sponsor}"),
            Some(&stating),
            json!({"verdict": "favourable", "text": "Risponde al fabbisogno del Comune."}),
        )
        .await;
    assert_eq!(opinion.status, 201, "{}", opinion.text);
    walked.push(("PUT /api/v1/proposals/{id}/opinions/{organization_id}".to_owned(), opinion.headers));
    // A hub manager adds a term to the expertise vocabulary: the Location is the vocabulary.
    let term = app
        .request(Method::PUT, "/api/v1/expertise/accessibilita", Some(&hub), json!({"label_it": "Accessibilità"}))
        .await;
    assert_eq!(term.status, 201, "{}", term.text);
    walked.push(("PUT /api/v1/expertise/{tag}".to_owned(), term.headers));
    // A hub manager gives the team notice of the grounds (voluntarily: a challenge does not require it).
    let grounds = json!({"grounds": "Il piano dei costi è incompleto."});
    let notice = app.post(&format!("/api/v1/proposals/{proposal_id}/notice"), Some(&hub), grounds).await;
    assert_eq!(notice.status, 201, "{}", notice.text);
    walked.push(("POST /api/v1/proposals/{id}/notice".to_owned(), notice.headers));
    // The team asks for a review of a rejection at screening: the Location reads the redress.
    let refused = hub_tests::funnel::submitted(&app, &proposer, "Terza idea", &challenge_id).await;
    let screen = json!({"eligible": false, "reason": "Fuori tema."});
    assert_eq!(app.post(&format!("/api/v1/proposals/{refused}/screen"), Some(&hub), screen).await.status, 200);
    let asked = app
        .post(&format!("/api/v1/proposals/{refused}/redress"), Some(&proposer), json!({"statement": "Era in tema."}))
        .await;
    assert_eq!(asked.status, 201, "{}", asked.text);
    walked.push(("POST /api/v1/proposals/{id}/redress".to_owned(), asked.headers));
    // The evaluator submits the review; a hub manager rates it: the Location reads its ratings.
    let review = assignment.body["id"].as_str().expect("the review's id").to_owned();
    hub_tests::funnel::confirm(&app, &eva, &review).await;
    let scores: serde_json::Map<String, Value> =
        ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"]
            .iter()
            .map(|p| ((*p).to_owned(), json!(4.0)))
            .collect();
    let body = json!({"scores": scores, "overall_comment": "Solida.", "recommendation": "accept"});
    hub_tests::funnel::save_and_submit(&app, &eva, &review, body).await;
    let path = format!("/api/v1/reviews/{review}/rating");
    let rated = app.request(Method::PUT, &path, Some(&hub), json!({"labels": ["helpful"]})).await;
    assert_eq!(rated.status, 201, "{}", rated.text);
    walked.push(("PUT /api/v1/reviews/{id}/rating".to_owned(), rated.headers));

    let token =
        app.post("/api/v1/me/tokens", Some(&proposer), json!({"name": "script", "scopes": ["proposals:read"]})).await;
    assert_eq!(token.status, 201, "{}", token.text);
    walked.push(("POST /api/v1/me/tokens".to_owned(), token.headers));
    // The organisation's owner registers a webhook endpoint: the Location reads it (never its secret).
    let hook = json!({"url": "http://127.0.0.1:9/hook", "events": ["proposal.decided"]});
    let registered = app.post("/api/v1/webhooks", Some(&proposer), hook).await;
    assert_eq!(registered.status, 201, "{}", registered.text);
    walked.push(("POST /api/v1/webhooks".to_owned(), registered.headers));

    let org = founder["organization_id"].as_str().expect("organisation").to_owned();
    let invited = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&proposer),
            json!({"email": "marco@aurora.example"}),
        )
        .await;
    assert_eq!(invited.status, 201, "{}", invited.text);
    let invitation_id = invited.body["id"].as_str().expect("id").to_owned();
    let location = invited.header("location").expect("Location").to_owned();
    assert_eq!(location, format!("/api/v1/organizations/{org}/invitations/{invitation_id}"));
    let mail = app.mail_to("marco@aurora.example").await;
    let joined = app
        .post("/api/v1/auth/register", None, json!({"email": "marco@aurora.example", "password": PASSWORD, "display_name": "Marco", "invitation_token": mail.token()}))
        .await;
    assert_eq!(joined.status, 201, "{}", joined.text);
    assert_eq!(joined.header("location"), Some("/api/v1/me"));

    let editor = app.user_with_roles("catalogue@hub.example", &[domain::Role::CatalogueEditor], None).await;
    let service = app
        .post("/api/v1/catalogue/services", Some(&editor), json!({"slug": "firma-remota", "name": "Firma remota", "short_description_it": "Firma sul PSN", "long_description_it": "Breve.", "provider_id": org}))
        .await;
    assert_eq!(service.status, 201, "{}", service.text);
    walked.push(("POST /api/v1/catalogue/services".to_owned(), service.headers));
    // The sponsor's officer adopts it once published: the declaration's Location reads it.
    crate::catalogue::publish(
        &app,
        &editor,
        "firma-remota",
        crate::catalogue::completion("Firma", "saas", "document-management"),
    )
    .await;
    let adoption = app
        .request(
            Method::PUT,
            &format!("/api/v1/catalogue/services/firma-remota/adoptions/{sponsor}"),
            Some(&stating),
            json!({"state": "planned"}),
        )
        .await;
    assert_eq!(adoption.status, 201, "{}", adoption.text);
    walked.push(("PUT /api/v1/catalogue/services/{slug}/adoptions/{organization_id}".to_owned(), adoption.headers));

    // Each Location names the resource that was created: reading it answers it.
    for (operation, headers) in &walked {
        let location =
            headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("Location on {operation}"));
        let reader = if operation.contains("adoptions") || operation.contains("opinions") {
            &stating
        } else if operation.contains("catalogue") {
            &editor
        } else if operation.contains("cosignatures") {
            &cosigning
        } else if operation.contains("organizations") {
            &admin
        } else if operation.contains("assignments") || operation.contains("rating") {
            &hub
        } else {
            &proposer
        };
        // A token and a co-signature have no representation to read: revoking one by its Location
        // proves the name.
        let method = if operation.contains("tokens") || operation.contains("cosignatures") {
            Method::DELETE
        } else {
            Method::GET
        };
        let read = app.request(method.clone(), location, Some(reader), Value::Null).await;
        let expected = if method == Method::DELETE { 204 } else { 200 };
        assert_eq!(read.status, expected, "{operation} → {method} {location}: {}", read.text);
    }

    // Every 201 of the document is walked here, but promote (it needs an accepted proposal; its
    // Location comes from the same `created` as POST /catalogue/services).
    let mut covered: Vec<String> = walked.iter().map(|(o, _)| o.clone()).collect();
    covered.extend(["POST /api/v1/organizations/{id}/invitations", "POST /api/v1/auth/register"].map(str::to_owned));
    covered.push("POST /api/v1/proposals/{id}/promote".to_owned());
    covered.sort();
    let documented = creating_operations(&document(&app).await);
    for operation in &documented {
        assert!(covered.iter().any(|c| c == operation), "{operation} is not walked: {documented:?}");
    }
});
