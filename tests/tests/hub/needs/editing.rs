//! The administration that stated a need edits it while it is open (`PATCH /api/v1/needs/{id}`, a JSON
//! merge patch): the fields given replace the others, checked as a new need's; its history and the audit
//! log name the fields that changed, and the officers of its co-signers — never the editor — are emailed.
//! Everyone else is refused: 403 who reads it, 404 who may not, 409 once it is no longer open.

use domain::{MailTemplate, PageRequest};
use hub_tests::funnel::{admin, fields, manager, verified_proposer};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::{Value, json};

use super::{cosign, officer, stated};

const VALDORA: &str = "a@comune.valdora.example";
const BORGO: &str = "b@comune.borgo.example";
const RUPE: &str = "c@comune.rupe.example";

/// PATCHes need `id` as `token` with a JSON merge patch, naming the `ETag` that `token` reads (`"r0"` when
/// it reads none).
pub(crate) async fn edit(app: &TestApp, token: Option<&str>, id: &str, patch: Value) -> Answer {
    let read = app.get(&format!("/api/v1/needs/{id}"), token).await;
    let tag = read.header("etag").unwrap_or("\"r0\"").to_owned();
    edit_at(app, token, id, Some(&tag), patch).await
}

/// PATCHes need `id` as `token` with `if_match` (none: no `If-Match`).
async fn edit_at(app: &TestApp, token: Option<&str>, id: &str, if_match: Option<&str>, patch: Value) -> Answer {
    let mut request = app
        .client
        .patch(format!("{}/api/v1/needs/{id}", app.base))
        .header("content-type", "application/merge-patch+json")
        .body(patch.to_string());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    TestApp::answer(request.send().await.expect("the hub answers")).await
}

/// The need's history as (action, detail).
fn history(need: &Value) -> Vec<(String, Option<String>)> {
    need["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| (e["action"].as_str().unwrap_or("").to_owned(), e["detail"].as_str().map(str::to_owned)))
        .collect()
}

/// The addresses the outbox holds a `need_edited` mail for, sorted.
fn edited_mails(app: &TestApp) -> Vec<String> {
    let page = app.store.outbox_list(None, &PageRequest { after: None, limit: 100 }).expect("outbox");
    let mut to: Vec<String> = page
        .items
        .iter()
        .filter(|m| m.mail.template == MailTemplate::NeedEdited)
        .map(|m| m.mail.to.as_str().to_owned())
        .collect();
    to.sort();
    to
}

hub_test!(the_stating_administration_edits_its_open_need_and_its_cosigners_are_told, |app| {
    let root = admin(&app).await;
    let (valdora, _) = officer(&app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, _) = officer(&app, &root, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    let (rupe, _) = officer(&app, &root, RUPE, "Comune di Rupe", "83004150617", "c_r001").await;
    let need = stated(&app, &valdora, "Prenotazione degli sportelli", true).await;
    let id = need["id"].as_str().expect("id").to_owned();
    for signer in [&borgo, &rupe] {
        assert_eq!(cosign(&app, signer, &id, json!({"population": 1000})).await.status, 201);
    }

    // Absent fields stay; `null` clears the budget range; what changed is in the history.
    let patch = json!({"title": "Prenotazione online degli sportelli anagrafici", "urgency": "medium",
                       "budget_min_eur": null, "budget_max_eur": null, "tags": ["anagrafe", "prenotazioni"]});
    let edited = edit(&app, Some(&valdora), &id, patch).await;
    assert_eq!(edited.status, 200, "{}", edited.text);
    let body = &edited.body;
    assert_eq!(body["title"], "Prenotazione online degli sportelli anagrafici");
    assert_eq!((body["urgency"].as_str(), body["budget_min_eur"].clone()), (Some("medium"), Value::Null));
    assert_eq!(body["tags"], json!(["anagrafe", "prenotazioni"]));
    assert_eq!((body["description"].clone(), body["population"].clone()), (need["description"].clone(), json!(12000)));
    assert_eq!((body["state"].as_str(), body["administrations"].clone()), (Some("open"), json!(3)));
    assert_ne!(body["updated_at"], need["updated_at"], "{}", edited.text);
    assert_eq!(
        history(body).last().cloned(),
        Some(("edited".to_owned(), Some("title, tags, urgency, budget_min_eur, budget_max_eur".to_owned())))
    );
    assert_eq!(app.get(&format!("/api/v1/needs/{id}"), None).await.body, *body, "as everyone reads it");

    // The co-signers' officers are told (each in a mail naming the need and linking its page); the editor is not.
    assert_eq!(edited_mails(&app), [BORGO, RUPE]);
    let told = hub_tests::funnel::wait_mails(
        &app,
        BORGO,
        "Prenotazione online degli sportelli anagrafici",
        &format!("/needs/{id}"),
        1,
        std::time::Duration::from_secs(15),
    )
    .await;
    assert_eq!(told.len(), 1, "Borgo's officer is told");
    assert!(told[0].body.contains("Comune di Valdora"), "{}", told[0].body);

    // Audited with the fields.
    let audit = app.get(&format!("/api/v1/audit?action=need.edited&target_id={id}"), Some(&root)).await;
    assert_eq!(
        audit.body["items"][0]["details"]["fields"], "title, tags, urgency, budget_min_eur, budget_max_eur",
        "{}",
        audit.text
    );

    // A patch that changes nothing records nothing and tells no one; an empty one neither.
    for same in [json!({}), json!({"urgency": "medium", "public": true})] {
        let unchanged = edit(&app, Some(&valdora), &id, same).await;
        assert_eq!(unchanged.status, 200, "{}", unchanged.text);
        assert_eq!(history(&unchanged.body), history(body));
    }
    assert_eq!(edited_mails(&app).len(), 2);

    // Checked as a new need's, every field at once; a budget has both ends or neither.
    let invalid = edit(&app, Some(&valdora), &id, json!({"title": "Poco", "pillars": [], "population": 0})).await;
    assert_eq!(fields(&invalid), ["title", "pillars", "population"], "{}", invalid.text);
    let half = edit(&app, Some(&valdora), &id, json!({"budget_min_eur": 1000})).await;
    assert_eq!(fields(&half), ["budget_max_eur"], "{}", half.text);
    let typed = edit(&app, Some(&valdora), &id, json!({"population": "molti"})).await;
    assert_eq!(fields(&typed), ["population"], "{}", typed.text);
    let unknown = edit(&app, Some(&valdora), &id, json!({"state": "closed"})).await;
    assert_eq!(fields(&unknown), ["state"], "{}", unknown.text);
    let ranged = edit(&app, Some(&valdora), &id, json!({"budget_min_eur": 5000, "budget_max_eur": 50000})).await;
    assert_eq!(
        (ranged.body["budget_min_eur"].clone(), ranged.body["budget_max_eur"].clone()),
        (json!(5000), json!(50000))
    );
    let reserved = edit(&app, Some(&valdora), &id, json!({"public": false})).await;
    assert_eq!(reserved.body["public"], false, "{}", reserved.text);
    app.get(&format!("/api/v1/needs/{id}"), None).await.assert_problem(404, "not_found");
    let plain = app
        .client
        .patch(format!("{}/api/v1/needs/{id}", app.base))
        .bearer_auth(&valdora)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("answer");
    TestApp::answer(plain).await.assert_problem(415, "unsupported_media_type");
});

hub_test!(anyone_but_the_stating_administration_is_refused_and_a_need_no_longer_open_stays_as_it_is, |app| {
    let root = admin(&app).await;
    let (valdora, _) = officer(&app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let (borgo, _) = officer(&app, &root, BORGO, "Comune di Borgo", "80139582748", "c_b001").await;
    let (startup, _) = verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(&app).await;
    let public =
        stated(&app, &valdora, "Prenotazione degli sportelli", true).await["id"].as_str().expect("id").to_owned();
    let reserved =
        stated(&app, &valdora, "Archivio delle delibere", false).await["id"].as_str().expect("id").to_owned();
    let patch = json!({"title": "Un titolo che nessun altro scrive"});

    // Whoever reads it and is not its administration's officer: 403; whoever may not read it: 404.
    edit(&app, None, &public, patch.clone()).await.assert_problem(401, "unauthenticated");
    for token in [&borgo, &hub, &root, &startup] {
        edit(&app, Some(token), &public, patch.clone()).await.assert_problem(403, "forbidden");
    }
    for token in [&borgo, &hub] {
        edit(&app, Some(token), &reserved, patch.clone()).await.assert_problem(403, "forbidden");
    }
    edit(&app, Some(&startup), &reserved, patch.clone()).await.assert_problem(404, "not_found");
    let unknown = uuid::Uuid::now_v7().to_string();
    edit(&app, Some(&valdora), &unknown, patch.clone()).await.assert_problem(404, "not_found");
    // A token acts for the administration only with the scope `administration`.
    let scoped = |scopes: Value| json!({"name": "script", "scopes": scopes});
    let narrow = app.post("/api/v1/me/tokens", Some(&valdora), scoped(json!(["proposals:write"]))).await;
    let narrow = narrow.body["secret"].as_str().expect("secret").to_owned();
    edit(&app, Some(&narrow), &public, patch.clone()).await.assert_problem(403, "forbidden");
    let wide = app.post("/api/v1/me/tokens", Some(&valdora), scoped(json!(["administration"]))).await;
    let wide = wide.body["secret"].as_str().expect("secret").to_owned();
    let by_token = edit(&app, Some(&wide), &reserved, json!({"urgency": "low"})).await;
    assert_eq!((by_token.status, by_token.body["urgency"].as_str()), (200, Some("low")), "{}", by_token.text);
    let read = app.get(&format!("/api/v1/needs/{public}"), None).await;
    assert_eq!(read.body["title"], "Prenotazione degli sportelli", "nothing changed: {}", read.text);

    // Merged, converted or closed: 409 for its officers (403 still for the others), and nothing changes.
    let merged = stated(&app, &valdora, "Sportelli su appuntamento", true).await["id"].as_str().expect("id").to_owned();
    let into = json!({"into": public});
    assert_eq!(app.post(&format!("/api/v1/needs/{merged}/merge"), Some(&hub), into).await.status, 200);
    let closed = stated(&app, &valdora, "Firma dei verbali", true).await["id"].as_str().expect("id").to_owned();
    let reason = json!({"reason": "Il servizio è già nel catalogo."});
    assert_eq!(app.post(&format!("/api/v1/needs/{closed}/close"), Some(&hub), reason).await.status, 200);
    let sponsor = app.get("/api/v1/me", Some(&valdora)).await.body["organization_id"].clone();
    let challenge = json!({"slug": "sportelli", "title_it": "Sportelli comunali", "description_it": "Una descrizione della sfida.",
                           "sponsor_id": sponsor, "opens_at": (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339()});
    let created = app.post("/api/v1/challenges", Some(&hub), challenge).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let conversion = json!({"challenge_id": created.body["id"]});
    assert_eq!(app.post(&format!("/api/v1/needs/{public}/conversion"), Some(&hub), conversion).await.status, 200);
    for id in [&merged, &closed, &public] {
        edit(&app, Some(&valdora), id, patch.clone()).await.assert_problem(409, "need_not_open");
        edit(&app, Some(&borgo), id, patch.clone()).await.assert_problem(403, "forbidden");
        let read = app.get(&format!("/api/v1/needs/{id}"), Some(&hub)).await;
        assert_ne!(read.body["title"], "Un titolo che nessun altro scrive", "{}", read.text);
        assert!(!history(&read.body).iter().any(|(action, _)| action == "edited"), "{}", read.text);
    }
    assert!(edited_mails(&app).is_empty());
});

hub_test!(an_edit_names_the_revision_it_was_made_on_and_a_colleagues_edit_is_never_overwritten_unseen, |app| {
    let root = admin(&app).await;
    let (valdora, _) = officer(&app, &root, VALDORA, "Comune di Valdora", "80214573604", "c_l219").await;
    let need = stated(&app, &valdora, "Prenotazione degli sportelli", true).await;
    let id = need["id"].as_str().expect("id").to_owned();
    let path = format!("/api/v1/needs/{id}");
    let read = app.get(&path, None).await;
    let first = read.header("etag").expect("an ETag").to_owned();
    assert_eq!(first, "\"r0\"");

    // Without If-Match: 428; with one naming no revision of ours: 412; nothing changes.
    let urgent = json!({"urgency": "low"});
    edit_at(&app, Some(&valdora), &id, None, urgent.clone()).await.assert_problem(428, "precondition_required");
    for tag in ["*", "W/\"r0\"", "\"r7\"", "r0"] {
        edit_at(&app, Some(&valdora), &id, Some(tag), urgent.clone()).await.assert_problem(412, "precondition_failed");
    }
    assert_eq!(app.get(&path, None).await.body["urgency"], "high");

    // A colleague saves first: the edit made on what they read is refused, and theirs stays.
    let theirs = edit_at(&app, Some(&valdora), &id, Some(&first), json!({"title": "Sportelli su prenotazione"})).await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    let second = theirs.header("etag").expect("the new ETag").to_owned();
    assert_eq!(second, "\"r1\"");
    edit_at(&app, Some(&valdora), &id, Some(&first), urgent.clone()).await.assert_problem(412, "precondition_failed");
    // Stale is said before invalid: what is typed again is typed on the version saved.
    let stale_and_invalid = json!({"title": "Poco"});
    edit_at(&app, Some(&valdora), &id, Some(&first), stale_and_invalid)
        .await
        .assert_problem(412, "precondition_failed");
    let now = app.get(&path, None).await;
    assert_eq!(
        (now.body["title"].as_str(), now.body["urgency"].as_str()),
        (Some("Sportelli su prenotazione"), Some("high"))
    );
    assert_eq!(now.header("etag"), Some(second.as_str()));
    // An edit that changes nothing keeps the revision.
    let same = edit_at(&app, Some(&valdora), &id, Some(&second), json!({"urgency": "high"})).await;
    assert_eq!((same.status, same.header("etag")), (200, Some(second.as_str())), "{}", same.text);
    let edited = edit_at(&app, Some(&valdora), &id, Some(&second), urgent).await;
    assert_eq!((edited.status, edited.body["urgency"].as_str()), (200, Some("low")), "{}", edited.text);

    // The hub's triage changes it too: an edit read before it is refused as not open, first.
    let third = edited.header("etag").expect("ETag").to_owned();
    let hub = manager(&app).await;
    let reason = json!({"reason": "Il servizio è già nel catalogo."});
    assert_eq!(app.post(&format!("{path}/close"), Some(&hub), reason).await.status, 200);
    let closed = app.get(&path, None).await;
    assert_ne!(closed.header("etag"), Some(third.as_str()), "closing is a change");
    edit_at(&app, Some(&valdora), &id, Some(&third), json!({"urgency": "medium"}))
        .await
        .assert_problem(409, "need_not_open");
});
