//! The hub managers' workspace: the desk, the filtered list, screening, revision requests, the
//! evaluator picker (conflicts shown and refused), removal, the decision with its override, automatic
//! assignment previewed then applied, the ranking and its CSV; who may open and post what. Managers
//! made here read English (their accounts' language).

use hub_tests::funnel::{
    MANAGER, evaluator, in_days, manager, save_and_submit, submitted, under_review, verified_proposer,
};
use hub_tests::pages::Visitor;
use hub_tests::{TestApp, hub_test};
use serde_json::{Value, json};

const ANNA: &str = "anna@aurora.example";

async fn proposer(app: &TestApp) -> (String, String) {
    let (token, user) = verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    (token, user["organization_id"].as_str().expect("organisation").to_owned())
}

async fn state_of(app: &TestApp, hub: &str, proposal: &str) -> Value {
    let answer = app.get(&format!("/api/v1/proposals/{proposal}"), Some(hub)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["state"].clone()
}

async fn assignments(app: &TestApp, hub: &str, proposal: &str) -> Vec<Value> {
    let answer = app.get(&format!("/api/v1/proposals/{proposal}/assignments"), Some(hub)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["items"].as_array().cloned().unwrap_or_default()
}

fn due() -> String {
    in_days(10)[..10].to_owned()
}

const SCORES: &str = r#"{"security_sovereignty": 4.0, "growth_development": 4.0, "talent_skills": 3.5, "effectiveness_sustainability": 4.0}"#;

hub_test!(a_manager_screens_assigns_removes_and_decides_with_an_override, |app| {
    let (anna, org) = proposer(&app).await;
    let hub = manager(&app).await;
    let proposal = submitted(&app, &anna, "Archivio sanitario federato", "open-call").await;
    let (_, inside) = evaluator(&app, "carlo@aurora.example", Some(&org)).await;
    let (eva_token, eva) = evaluator(&app, "elena@valdora.example", None).await;
    let person = app.signed_in(MANAGER, "it").await;

    // The desk counts it under "Submitted", linking to the list behind the count; the list finds it.
    let desk = person.get("/manage").await;
    assert_eq!(desk.status, 200, "{}", desk.text);
    assert!(desk.text.contains("Hub management") && desk.text.contains("state=submitted\">1<"), "{}", desk.text);
    let list = person.get("/manage/proposals?state=submitted&q=sanitario").await;
    assert!(list.text.contains(&format!("href=\"/manage/proposals/{proposal}\"")), "{}", list.text);
    assert!(list.text.contains("Aurora Labs S.r.l."), "{}", list.text);
    let none = person.get("/manage/proposals?state=accepted").await;
    assert!(!none.text.contains(&format!("/manage/proposals/{proposal}\"")), "{}", none.text);

    // Ineligible without a reason: refused beside the field, nothing moves.
    let page = format!("/manage/proposals/{proposal}");
    let screen = format!("{page}/screen");
    let refused = person.submit(&page, &screen, &[("outcome", "ineligible"), ("reason", "  ")]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused.text.contains("href=\"#reason\"") && refused.text.contains("id=\"reason-error\""),
        "{}",
        refused.text
    );
    assert_eq!(state_of(&app, &hub, &proposal).await, "submitted");
    let eligible = person.submit(&page, &screen, &[("outcome", "eligible")]).await;
    assert_eq!(eligible.header("location"), Some(format!("{page}?done=eligible").as_str()), "{}", eligible.text);
    assert_eq!(state_of(&app, &hub, &proposal).await, "under_review");

    // The picker: the evaluator of the proposing organisation cannot be picked, and says why.
    let picker = person.get(&format!("{page}/assign")).await;
    assert_eq!(picker.status, 200, "{}", picker.text);
    assert!(picker.text.contains(&format!("value=\"{inside}\" disabled")), "{}", picker.text);
    assert!(picker.text.contains("belongs to the proposing organisation"), "{}", picker.text);
    let forced = person
        .submit(&format!("{page}/assign"), &format!("{page}/assign"), &[("evaluator", &inside), ("due_at", &due())])
        .await;
    assert_eq!(forced.status, 409, "{}", forced.text);
    assert!(forced.text.contains("conflict of interest with the proposal"), "{}", forced.text);
    assert!(assignments(&app, &hub, &proposal).await.is_empty());
    let bad_day = person
        .submit(&format!("{page}/assign"), &format!("{page}/assign"), &[("evaluator", &eva), ("due_at", "soon")])
        .await;
    assert_eq!(bad_day.status, 422, "{}", bad_day.text);
    assert!(bad_day.text.contains("href=\"#due_at\""), "{}", bad_day.text);
    let assigned = person
        .submit(&format!("{page}/assign"), &format!("{page}/assign"), &[("evaluator", &eva), ("due_at", &due())])
        .await;
    assert_eq!(assigned.header("location"), Some(format!("{page}?done=assigned").as_str()), "{}", assigned.text);
    let listed = assignments(&app, &hub, &proposal).await;
    assert_eq!(listed.len(), 1);
    let review = listed[0]["id"].as_str().expect("id").to_owned();

    // Removed, then assigned again; the picker now shows them as already assigned.
    let remove = format!("{page}/assignments/{review}/remove");
    let removed = person.submit(&page, &remove, &[]).await;
    assert_eq!(removed.header("location"), Some(format!("{page}?done=removed").as_str()), "{}", removed.text);
    assert!(assignments(&app, &hub, &proposal).await.is_empty());
    let again = person
        .submit(&format!("{page}/assign"), &format!("{page}/assign"), &[("evaluator", &eva), ("due_at", &due())])
        .await;
    assert_eq!(again.status, 303, "{}", again.text);
    let review = assignments(&app, &hub, &proposal).await[0]["id"].as_str().expect("id").to_owned();
    assert!(person.get(&format!("{page}/assign")).await.text.contains("Already assigned to this version"));

    // One review of the three required: the form names the shortfall and asks for an override.
    hub_tests::funnel::confirm(&app, &eva_token, &review).await;
    let body = json!({
        "scores": serde_json::from_str::<Value>(SCORES).expect("scores"),
        "overall_comment": "Solida.", "confidential_comment": "Nota riservata.", "recommendation": "accept"
    });
    save_and_submit(&app, &eva_token, &review, body).await;
    let shown = person.get(&page).await;
    assert!(shown.text.contains("Review by") && shown.text.contains("Nota riservata."), "{}", shown.text);
    let decide = format!("{page}/decide");
    let form = person.get(&decide).await;
    assert!(form.text.contains("1 of the 3 required reviews are submitted"), "{}", form.text);
    assert!(form.text.contains("name=\"override_reason\"") && form.text.contains("role=\"img\""), "{}", form.text);
    let fields = [("decision", "accept"), ("rationale", "Proposta solida e sostenibile.")];
    let needs = person.submit(&decide, &decide, &fields).await;
    assert_eq!(needs.status, 409, "{}", needs.text);
    assert!(
        needs.text.contains("give the reason for the override") && needs.text.contains("Proposta solida"),
        "{}",
        needs.text
    );
    assert_eq!(state_of(&app, &hub, &proposal).await, "under_review");
    let mut with_reason = fields.to_vec();
    with_reason.push(("override_reason", "Urgenza del PNRR: la terza valutazione non arriverà in tempo."));
    let decided = person.submit(&decide, &decide, &with_reason).await;
    assert_eq!(decided.header("location"), Some(format!("{page}?done=accepted").as_str()), "{}", decided.text);
    assert_eq!(state_of(&app, &hub, &proposal).await, "accepted");
    let history = app.get(&format!("/api/v1/proposals/{proposal}/history"), Some(&hub)).await;
    assert!(history.text.contains("Urgenza del PNRR"), "the override is on the record: {}", history.text);
});

hub_test!(a_revision_request_needs_its_note, |app| {
    let (anna, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let proposal = under_review(&app, &anna, &hub, "Sportello digitale", "open-call").await;
    let person = app.signed_in(MANAGER, "it").await;
    let page = format!("/manage/proposals/{proposal}");
    let action = format!("{page}/request-revision");
    let empty = person.submit(&page, &action, &[("note", "")]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    assert!(empty.text.contains("id=\"note-error\""), "{}", empty.text);
    assert_eq!(state_of(&app, &hub, &proposal).await, "under_review");
    let sent = person.submit(&page, &action, &[("note", "Indicate i costi di gestione.")]).await;
    assert_eq!(sent.header("location"), Some(format!("{page}?done=revision").as_str()), "{}", sent.text);
    assert_eq!(state_of(&app, &hub, &proposal).await, "revision_requested");
    assert!(person.follow(&sent).await.text.contains("Revision request sent"));
});

hub_test!(automatic_assignment_shows_its_plan_before_applying_it, |app| {
    let (anna, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let first = under_review(&app, &anna, &hub, "Primo progetto", "open-call").await;
    let second = under_review(&app, &anna, &hub, "Secondo progetto", "open-call").await;
    evaluator(&app, "elena@valdora.example", None).await;
    evaluator(&app, "paolo@tdi.example", None).await;
    let person = app.signed_in(MANAGER, "it").await;
    let page = "/manage/challenges/open-call/auto-assign";
    let day = due();
    let fields = [("per", "2"), ("due_at", day.as_str())];
    let mut preview: Vec<(&str, &str)> = fields.to_vec();
    preview.push(("step", "preview"));
    let plan = person.submit(page, page, &preview).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    for shown in ["Primo progetto", "Secondo progetto", "Nothing is assigned yet", "Apply the plan (4 assignments)"] {
        assert!(plan.text.contains(shown), "{shown}: {}", plan.text);
    }
    assert!(plan.text.contains("<td>Staff Member, Staff Member</td>"), "two evaluators each: {}", plan.text);
    assert!(assignments(&app, &hub, &first).await.is_empty() && assignments(&app, &hub, &second).await.is_empty());

    let mut apply: Vec<(&str, &str)> = fields.to_vec();
    apply.push(("step", "apply"));
    let applied = person.submit(page, page, &apply).await;
    assert_eq!(applied.header("location"), Some(format!("{page}?applied=4").as_str()), "{}", applied.text);
    assert_eq!(assignments(&app, &hub, &first).await.len(), 2);
    assert_eq!(assignments(&app, &hub, &second).await.len(), 2);
    assert!(person.follow(&applied).await.text.contains("4 assignments made"));

    // Three per proposal with two evaluators: the plan says what is missing and why.
    let short = person.submit(page, page, &[("per", "3"), ("due_at", &due()), ("step", "preview")]).await;
    assert!(short.text.contains("1 evaluator missing"), "{}", short.text);
    let out_of_range = person.submit(page, page, &[("per", "11"), ("due_at", &due()), ("step", "preview")]).await;
    assert_eq!(out_of_range.status, 422, "{}", out_of_range.text);
});

hub_test!(the_ranking_sorts_and_downloads_as_csv, |app| {
    let (anna, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let proposal = under_review(&app, &anna, &hub, "Rete civica", "open-call").await;
    let (eva_token, eva) = evaluator(&app, "elena@valdora.example", None).await;
    let review = hub_tests::funnel::assigned(&app, &hub, &proposal, &eva, &in_days(5)).await;
    hub_tests::funnel::confirm(&app, &eva_token, &review).await;
    let body = json!({"scores": serde_json::from_str::<Value>(SCORES).expect("scores"), "overall_comment": "Bene.", "recommendation": "accept"});
    save_and_submit(&app, &eva_token, &review, body).await;
    let person = app.signed_in(MANAGER, "it").await;
    let ranking = person.get("/manage/challenges/open-call/ranking?sort=title").await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    for shown in
        ["Rete civica", "Calibrated rank", "leniency-heading", "role=\"img\"", "aria-current=\"page\">By title"]
    {
        assert!(ranking.text.contains(shown), "{shown}: {}", ranking.text);
    }
    assert!(ranking.text.contains(&format!("href=\"/manage/proposals/{proposal}/decide\"")), "{}", ranking.text);
    let csv = person.get("/manage/challenges/open-call/ranking.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")), "{:?}", csv.header("content-type"));
    assert!(csv.text.starts_with("rank,calibrated_rank") && csv.text.contains("Rete civica"), "{}", csv.text);
});

hub_test!(only_hub_managers_enter_and_every_form_wants_its_token, |app| {
    let (anna, _) = proposer(&app).await;
    let hub = manager(&app).await;
    let proposal = submitted(&app, &anna, "Solo per la gestione", "open-call").await;
    let (_, eva) = evaluator(&app, "elena@valdora.example", None).await;
    let page = format!("/manage/proposals/{proposal}");
    let pages = [
        "/manage".to_owned(),
        "/manage/proposals".to_owned(),
        page.clone(),
        format!("{page}/assign"),
        format!("{page}/decide"),
        "/manage/challenges/open-call/auto-assign".to_owned(),
        "/manage/challenges/open-call/ranking".to_owned(),
        "/manage/challenges/open-call/ranking.csv".to_owned(),
    ];
    let anna_pages = app.signed_in(ANNA, "it").await;
    let eva_pages = app.signed_in("elena@valdora.example", "en").await;
    for path in &pages {
        for (who, visitor) in [("proposer", &anna_pages), ("evaluator", &eva_pages)] {
            let answer = visitor.get(path).await;
            assert_eq!(answer.status, 403, "{who} on {path}: {}", answer.text);
            assert!(answer.text.contains("data-error=\"403\""), "an error page: {}", answer.text);
        }
        let anonymous = app.visitor("it").get(path).await;
        assert_eq!(anonymous.status, 303, "{path}");
        assert!(anonymous.header("location").is_some_and(|l| l.starts_with("/login")), "{path}");
    }
    let person = app.signed_in(MANAGER, "it").await;
    let missing = person.get("/manage/proposals/0192f0b4-6f70-7181-a2b3-c4d5e6f7a8b9").await;
    assert_eq!(missing.status, 404, "{}", missing.text);

    // Every form: refused without the token (a 403 page), and nothing changed.
    let posts = [
        (format!("{page}/screen"), vec![("outcome", "eligible")]),
        (format!("{page}/request-revision"), vec![("note", "Integrare.")]),
        (format!("{page}/assign"), vec![("evaluator", eva.as_str()), ("due_at", "2099-01-01")]),
        (format!("{page}/decide"), vec![("decision", "reject"), ("rationale", "No.")]),
        (
            "/manage/challenges/open-call/auto-assign".to_owned(),
            vec![("per", "1"), ("due_at", "2099-01-01"), ("step", "apply")],
        ),
    ];
    let other: Visitor = app.signed_in(ANNA, "it").await;
    let token = hub_tests::pages::csrf_token(&other.get("/account").await.text, "/logout");
    for (action, fields) in &posts {
        let forged = person.post(action, fields).await;
        assert_eq!(forged.status, 403, "{action}: {}", forged.text);
        let mut stolen: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        stolen.extend_from_slice(fields);
        assert_eq!(person.post(action, &stolen).await.status, 403, "{action} with another's token");
    }
    assert_eq!(state_of(&app, &hub, &proposal).await, "submitted");
    assert!(assignments(&app, &hub, &proposal).await.is_empty());
});
