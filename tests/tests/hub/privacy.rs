//! The data subject's rights: `GET /me/export` returns everything the hub holds about the caller;
//! `DELETE /me` erases their personal data while their proposals, reviews and decisions stay,
//! attributed to an anonymous user, and the audit chain stays verifiable.

use hub_tests::funnel::{
    admin, assigned, confirm, evaluator, in_days, manager, organization, save_and_submit, under_review,
    verified_proposer,
};
use hub_tests::{PASSWORD, hub_test};
use reqwest::Method;
use serde_json::{Value, json};

const ANNA: &str = "anna@aurora.example";
const ORG_TAX: &str = "04817250931";

fn review_body() -> Value {
    json!({
        "scores": {"security_sovereignty": 4.5, "growth_development": 3, "talent_skills": 4, "effectiveness_sustainability": 3.5},
        "comments": {"security_sovereignty": "Dati in Italia, chiavi del cliente."},
        "overall_comment": "A careful proposal.",
        "confidential_comment": "Seen a similar pitch last year.",
        "recommendation": "accept"
    })
}

fn items<'a>(export: &'a Value, section: &str) -> &'a Vec<Value> {
    export[section].as_array().unwrap_or_else(|| panic!("{section} is a list: {export}"))
}

hub_test!(the_export_holds_everything_about_the_caller_and_no_secret, |app| {
    let (anna, user) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let uni = organization(&app, &admin, "Università di Prova", "university", "80214573604").await;
    let proposal = under_review(&app, &anna, &hub, "Sportello digitale", "open-call").await;
    let pat =
        app.post("/api/v1/me/tokens", Some(&anna), json!({"name": "my script", "scopes": ["proposals:read"]})).await;
    assert_eq!(pat.status, 201, "{}", pat.text);
    let secret = pat.body["secret"].as_str().expect("secret").to_owned();

    let export = app.get("/api/v1/me/export", Some(&anna)).await;
    assert_eq!(export.status, 200, "{}", export.text);
    assert!(
        export.header("content-disposition").is_some_and(|d| d.contains("attachment")),
        "a download: {:?}",
        export.header("content-disposition")
    );
    let body = &export.body;
    assert_eq!(body["account"]["id"], user["id"]);
    assert_eq!(body["account"]["email"], ANNA);
    assert_eq!(body["account"]["roles"], json!(["proposer"]));
    assert_eq!(body["organization"]["name"], "Aurora Labs S.r.l.");
    assert_eq!(body["organization"]["tax_code"], ORG_TAX);
    let proposals = items(body, "proposals");
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    assert_eq!(proposals[0]["id"], proposal.as_str());
    assert_eq!(proposals[0]["relation"], "creator");
    assert_eq!(proposals[0]["state"], "under_review");
    let moves: Vec<&str> = items(body, "proposal_history").iter().filter_map(|m| m["action"].as_str()).collect();
    assert!(moves.contains(&"submit"), "the proposer's own moves: {moves:?}");
    let tokens = items(body, "personal_access_tokens");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["name"], "my script");
    assert_eq!(tokens[0]["scopes"], json!(["proposals:read"]));
    assert!(!items(body, "sessions").is_empty(), "at least the session of this request");
    let mails: Vec<&str> = items(body, "emails").iter().filter_map(|m| m["template"].as_str()).collect();
    assert!(mails.contains(&"verify_email"), "{mails:?}");
    let audit: Vec<&str> = items(body, "audit").iter().filter_map(|a| a["action"].as_str()).collect();
    for action in ["user.registered", "user.email_verified", "proposal.created", "token.created"] {
        assert!(audit.contains(&action), "{action} in {audit:?}");
    }
    // Never a secret: no token, no password, no hash.
    assert!(!export.text.contains(&secret), "the token's secret");
    assert!(!export.text.contains(&anna), "the access token");
    assert!(!export.text.contains("$argon2"), "the password hash");
    assert!(!export.text.contains(PASSWORD));

    // An evaluator's export holds the reviews they wrote, confidential comment included.
    let (eva, eva_id) = evaluator(&app, "eva@uni.example", Some(&uni)).await;
    let review = assigned(&app, &hub, &proposal, &eva_id, &in_days(7)).await;
    confirm(&app, &eva, &review).await;
    save_and_submit(&app, &eva, &review, review_body()).await;
    let export = app.get("/api/v1/me/export", Some(&eva)).await;
    assert_eq!(export.status, 200, "{}", export.text);
    let reviews = items(&export.body, "reviews");
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    assert_eq!(reviews[0]["assignment_id"], review.as_str());
    assert_eq!(reviews[0]["proposal_id"], proposal.as_str());
    assert_eq!(reviews[0]["state"], "submitted");
    assert_eq!(reviews[0]["scores"]["security_sovereignty"], 4.5);
    assert_eq!(reviews[0]["confidential_comment"], "Seen a similar pitch last year.");
    assert!(items(&export.body, "proposals").is_empty(), "an evaluator created no proposal");

    // Only the caller, and only in a signed-in session.
    app.get("/api/v1/me/export", None).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/me/export", Some(&secret)).await.assert_problem(403, "forbidden");
});

hub_test!(erasure_removes_personal_data_and_keeps_the_work_and_the_chain, |app| {
    let (anna, user) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_TAX).await;
    let id = user["id"].as_str().expect("id").to_owned();
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let proposal = under_review(&app, &anna, &hub, "Sportello digitale", "open-call").await;
    let pat =
        app.post("/api/v1/me/tokens", Some(&anna), json!({"name": "my script", "scopes": ["proposals:read"]})).await;
    let secret = pat.body["secret"].as_str().expect("secret").to_owned();
    let refresh = app.login(ANNA, PASSWORD).await["refresh_token"].as_str().expect("refresh").to_owned();

    // A personal access token cannot erase its owner.
    app.request(Method::DELETE, "/api/v1/me", Some(&secret), Value::Null).await.assert_problem(403, "forbidden");
    app.request(Method::DELETE, "/api/v1/me", None, Value::Null).await.assert_problem(401, "unauthenticated");

    let erased = app.request(Method::DELETE, "/api/v1/me", Some(&anna), Value::Null).await;
    assert_eq!(erased.status, 204, "{}", erased.text);

    // Every credential stops working at once.
    app.get("/api/v1/me", Some(&anna)).await.assert_problem(401, "unauthenticated");
    app.get("/api/v1/proposals", Some(&secret)).await.assert_problem(401, "unauthenticated");
    let login = app.post("/api/v1/auth/login", None, json!({"email": ANNA, "password": PASSWORD})).await;
    login.assert_problem(401, "unauthenticated");
    app.post("/api/v1/auth/refresh", None, json!({"refresh_token": refresh}))
        .await
        .assert_problem(401, "unauthenticated");

    // The account remains as an anonymous id: no name, no email, no role.
    let users = app.get("/api/v1/users?limit=100", Some(&admin)).await;
    let row = users.body["items"].as_array().expect("items").iter().find(|u| u["id"] == id.as_str()).expect("kept");
    assert_eq!(row["email"], format!("erased:{id}"));
    assert_eq!(row["display_name"], "Erased user");
    assert_eq!(row["roles"], json!([]));
    assert!(!users.text.contains(ANNA), "the address is gone: {}", users.text);
    let stored = app.store.user_get(id.parse().expect("a user id")).expect("the row");
    assert_eq!(stored.email, format!("erased:{id}"));
    assert!(app.store.user_credentials(&domain::Email::parse(ANNA).expect("email")).expect("lookup").is_none());

    // Their work stays, attributed to the same (anonymous) id.
    let read = app.get(&format!("/api/v1/proposals/{proposal}"), Some(&hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.body["state"], "under_review");
    let history = app.get(&format!("/api/v1/proposals/{proposal}/history"), Some(&hub)).await;
    assert_eq!(history.status, 200, "{}", history.text);
    assert!(history.text.contains(&id), "moves keep their actor id: {}", history.text);
    assert!(!history.text.contains(ANNA));

    // No mail to the old address is left; the erasure is audited; the chain verifies.
    let outbox = app.store.outbox_list(None, &domain::PageRequest { after: None, limit: 100 }).expect("outbox");
    assert!(outbox.items.iter().all(|m| m.mail.to.as_str() != ANNA), "{:?}", outbox.items);
    let audit = app.get("/api/v1/audit?target_type=user&limit=100", Some(&admin)).await;
    let entry = audit.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "user.erased")
        .expect("the erasure is audited");
    assert_eq!(entry["target_id"], id.as_str());
    assert_eq!(entry["actor_id"], id.as_str());
    assert!(
        matches!(app.store.audit_verify().expect("verify"), persistence::AuditVerification::Intact { entries, .. } if entries > 5),
        "the chain verifies after the erasure"
    );

    // The address is free again: the person may come back as a new user.
    let again = app.register(ANNA, "Aurora Labs S.r.l.", ORG_TAX).await;
    assert_ne!(again["id"], id.as_str());
});

hub_test!(the_only_admin_cannot_erase_themselves_nor_drop_the_role, |app| {
    let first = admin(&app).await;
    let first_id = app.get("/api/v1/me", Some(&first)).await.body["id"].as_str().expect("id").to_owned();
    app.request(Method::PUT, &format!("/api/v1/users/{first_id}/roles"), Some(&first), json!({"roles": ["proposer"]}))
        .await
        .assert_problem(409, "last_admin");
    app.request(Method::DELETE, "/api/v1/me", Some(&first), Value::Null).await.assert_problem(409, "last_admin");
    assert_eq!(app.get("/api/v1/me", Some(&first)).await.status, 200, "nothing was erased");

    let second = app.user_with_roles("second-admin@hub.example", &[domain::Role::Admin], None).await;
    let erased = app.request(Method::DELETE, "/api/v1/me", Some(&first), Value::Null).await;
    assert_eq!(erased.status, 204, "{}", erased.text);
    app.request(Method::DELETE, "/api/v1/me", Some(&second), Value::Null).await.assert_problem(409, "last_admin");
    let me = app.get("/api/v1/me", Some(&second)).await;
    assert_eq!(me.body["roles"], json!(["admin"]), "the last admin stays: {}", me.text);
});

hub_test!(an_erased_evaluators_submitted_reviews_stay_counted_and_anonymous, |app| {
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_TAX).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let university = organization(&app, &admin, "Università di Prova", "university", "80214573604").await;
    let proposal = under_review(&app, &anna, &hub, "Sportello digitale", "open-call").await;
    let mut evaluators = Vec::new();
    for (i, email) in ["eva@uni.example", "bruno@uni.example"].into_iter().enumerate() {
        let (token, id) = evaluator(&app, email, Some(&university)).await;
        let review = assigned(&app, &hub, &proposal, &id, &in_days(7)).await;
        confirm(&app, &token, &review).await;
        let mut body = review_body();
        body["scores"]["growth_development"] = json!(2 + i);
        body["comments"]["growth_development"] = json!(format!("Growth comment {i}."));
        save_and_submit(&app, &token, &review, body).await;
        evaluators.push((token, id, review));
    }
    hub_tests::funnel::notice_answered(&app, &hub, &anna, &proposal).await;
    let reply = hub_tests::funnel::REPLY;
    let decided = app
        .post(
            &format!("/api/v1/proposals/{proposal}/decide"),
            Some(&hub),
            json!({"decision": "reject", "rationale": "Growth is not yet shown.", "observations_reply": reply}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.text);
    let feedback_before = app.get(&format!("/api/v1/proposals/{proposal}/feedback"), Some(&anna)).await;
    assert_eq!(feedback_before.status, 200, "{}", feedback_before.text);
    let reviews_path = format!("/api/v1/proposals/{proposal}/reviews");
    let before = app.get(&reviews_path, Some(&hub)).await;
    assert_eq!(before.status, 200, "{}", before.text);

    let (eva, eva_id, eva_review) = &evaluators[0];
    let erased = app.request(Method::DELETE, "/api/v1/me", Some(eva), Value::Null).await;
    assert_eq!(erased.status, 204, "{}", erased.text);

    // The hub still reads both reviews, scores and comments unchanged; Eva's is attributed to her
    // anonymous id, with no name but the erased marker.
    let after = app.get(&reviews_path, Some(&hub)).await;
    assert_eq!(after.status, 200, "{}", after.text);
    let items = after.body["items"].as_array().expect("a list of reviews");
    assert_eq!(items.len(), 2, "{}", after.text);
    let hers = items.iter().find(|r| r["id"] == eva_review.as_str()).expect("her review stays");
    assert_eq!(hers["evaluator_id"], eva_id.as_str());
    assert_eq!(hers["evaluator_name"], "Erased user", "{hers}");
    assert_eq!(hers["state"], "submitted");
    let earlier = before.body["items"]
        .as_array()
        .expect("reviews")
        .iter()
        .find(|r| r["id"] == eva_review.as_str())
        .expect("hers");
    assert_eq!(earlier["evaluator_name"], "Staff Member", "before the erasure her name was shown: {earlier}");
    for field in ["scores", "comments", "overall_comment", "confidential_comment", "recommendation", "submitted_at"] {
        assert_eq!(hers[field], earlier[field], "{field} is kept");
    }
    assert!(!after.text.contains("eva@uni.example"), "{}", after.text);

    // The team's feedback is the same document as before: two anonymous reviews, the same aggregate.
    let feedback_after = app.get(&format!("/api/v1/proposals/{proposal}/feedback"), Some(&anna)).await;
    assert_eq!(feedback_after.status, 200, "{}", feedback_after.text);
    assert_eq!(feedback_after.body, feedback_before.body);
    assert_eq!(feedback_after.body["reviews"].as_array().map(Vec::len), Some(2), "{}", feedback_after.text);
    assert!(!feedback_after.text.contains("Staff Member") && !feedback_after.text.contains(eva_id.as_str()));
});

hub_test!(an_officers_export_holds_the_opinions_they_gave_which_stay_after_their_erasure, |app| {
    let root = admin(&app).await;
    let ((valdora, valdora_org), (borgo, borgo_org), hub) = crate::opinions::challenge(&app, &root).await;
    crate::opinions::ask_opinions(&app, &hub, true).await;
    let (anna, _) = verified_proposer(&app, ANNA, "Aurora Labs S.r.l.", ORG_TAX).await;
    let proposal = under_review(&app, &anna, &hub, "Agenda unica degli sportelli", crate::opinions::SLUG).await;
    let give = |org: &str| format!("/api/v1/proposals/{proposal}/opinions/{org}");
    let remarks = "Favorevole, purché si integri con l'anagrafe nazionale.";
    let body = json!({"verdict": "favourable_with_remarks", "text": remarks});
    assert_eq!(app.request(Method::PUT, &give(&valdora_org), Some(&valdora), body).await.status, 201);
    let against = json!({"verdict": "unfavourable", "text": "Manca lo sportello telefonico per chi non usa internet."});
    assert_eq!(app.request(Method::PUT, &give(&borgo_org), Some(&borgo), against).await.status, 201);

    // The officer's export holds the opinion they gave, with its words; not another administration's.
    let export = app.get("/api/v1/me/export", Some(&valdora)).await;
    assert_eq!(export.status, 200, "{}", export.text);
    let given: Vec<&Value> =
        items(&export.body, "administration").iter().filter(|a| a["kind"] == "opinion_given").collect();
    assert_eq!(given.len(), 1, "{}", export.text);
    assert_eq!(
        (given[0]["proposal_id"].as_str(), given[0]["organization_id"].as_str()),
        (Some(proposal.as_str()), Some(valdora_org.as_str()))
    );
    assert_eq!(
        (given[0]["verdict"].as_str(), given[0]["text"].as_str()),
        (Some("favourable_with_remarks"), Some(remarks))
    );
    assert!(given[0]["occurred_at"].is_string() && given[0]["updated_at"].is_string(), "{}", export.text);
    assert!(!export.text.contains("sportello telefonico"), "Borgo's opinion is not Valdora's officer's");
    let theirs = app.get("/api/v1/me/export", Some(&borgo)).await;
    let kinds: Vec<&str> = items(&theirs.body, "administration").iter().filter_map(|a| a["kind"].as_str()).collect();
    assert!(kinds.contains(&"opinion_given") && kinds.contains(&"need_stated"), "{kinds:?}");

    // Erased, the officer goes; the opinion stays their administration's, as a co-signature does.
    let id = app.get("/api/v1/me", Some(&valdora)).await.body["id"].as_str().expect("id").to_owned();
    assert_eq!(app.request(Method::DELETE, "/api/v1/me", Some(&valdora), Value::Null).await.status, 204);
    let read = app.get(&format!("/api/v1/proposals/{proposal}/opinions"), Some(&hub)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    let kept = read.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["organization_id"] == valdora_org.as_str())
        .expect("Valdora's opinion stays");
    assert_eq!((kept["verdict"].as_str(), kept["text"].as_str()), (Some("favourable_with_remarks"), Some(remarks)));
    assert!(!read.text.contains("a@comune.valdora.example"), "{}", read.text);
    assert_eq!(app.store.user_get(id.parse().expect("a user id")).expect("the row").email, format!("erased:{id}"));
});
