//! The proposers' pages: their organisation's proposals, the form, submission, history, revision, withdrawal, feedback.

use hub_tests::funnel::{
    admin, assigned, confirm, draft, evaluator, in_days, manager, moved, organization, save_and_submit, submitted,
    under_review, user_id, verified_proposer,
};
use hub_tests::pages::{Visitor, csrf_token};
use hub_tests::{Answer, TestApp, hub_test};
use serde_json::{Value, json};

const ANNA: &str = "anna@aurora.example";
const NICO: &str = "nico@nuvola.example";

/// Anna of "Aurora Labs": her API token.
async fn anna(app: &TestApp) -> String {
    verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await.0
}

/// Nico of "Nuvola Sicura" (another organisation): his API token.
async fn nico(app: &TestApp) -> String {
    verified_proposer(app, NICO, "Nuvola Sicura S.r.l.", "07390162480").await.0
}

/// The proposal's state through the API.
async fn api_state(app: &TestApp, token: &str, id: &str) -> Value {
    let read = app.get(&format!("/api/v1/proposals/{id}"), Some(token)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    read.body
}

/// The value of the input `name` of `html` (the first one).
pub(crate) fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        .to_owned()
}

/// The texts of the elements opening with `open` (up to the next `<`).
fn texts(html: &str, open: &str) -> Vec<String> {
    html.split(open).skip(1).map(|r| r.split('<').next().unwrap_or_default().to_owned()).collect()
}

/// Every field of the form, complete, with `title` and a description carrying hostile markup.
pub(crate) fn complete_fields(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_owned()),
        ("summary", "Un gateway cifrato per i comuni.".to_owned()),
        (
            "description",
            "# Idea\n\nUn *gateway*.\n\n<script>alert(1)</script>\n\n[clicca](javascript:alert(2))".to_owned(),
        ),
        ("trl", "5".to_owned()),
        ("budget", "25.000,50".to_owned()),
        ("tags", "cloud, sicurezza".to_owned()),
        ("sa-security_sovereignty", "Dati in Italia.".to_owned()),
        ("sa-growth_development", "Filiera regionale.".to_owned()),
        ("sa-talent_skills", "Venti ingegneri formati.".to_owned()),
        ("sa-effectiveness_sustainability", "Metà dell'energia.".to_owned()),
    ]
}

/// Posts `fields` (with the token and revision of the edit page read before) to the edit form.
pub(crate) async fn post_edit(
    visitor: &Visitor,
    id: &str,
    token: &str,
    revision: &str,
    fields: &[(&str, String)],
) -> Answer {
    let mut all: Vec<(&str, &str)> = vec![("csrf", token), ("revision", revision)];
    all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    visitor.post(&format!("/proposals/{id}/edit"), &all).await
}

hub_test!(the_list_shows_only_the_organisations_proposals_and_anothers_proposal_is_a_404_page, |app| {
    let anna_token = anna(&app).await;
    let nico_token = nico(&app).await;
    let mine = draft(&app, &anna_token, "Gateway cifrato per i comuni", "open-call").await;
    let theirs = draft(&app, &nico_token, "Piattaforma di Nuvola", "open-call").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let list = visitor.get("/proposals").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains(&format!("href=\"/proposals/{mine}\"")) && list.text.contains("Gateway cifrato"));
    assert!(!list.text.contains("Piattaforma di Nuvola") && !list.text.contains(&theirs), "{}", list.text);
    assert!(list.text.contains("href=\"/proposals/new\"") && list.text.contains("Bozza"), "{}", list.text);
    // Filtered to another state, the draft is not there.
    let submitted = visitor.get("/proposals?state=submitted").await;
    assert!(!submitted.text.contains("Gateway cifrato"), "{}", submitted.text);
    let page = visitor.get(&format!("/proposals/{mine}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.text.contains("<h1>Gateway cifrato per i comuni</h1>") && page.text.contains("250.000,00 €"),
        "{}",
        page.text
    );
    // Another organisation's proposal does not exist for Anna, on any of its pages.
    for path in ["", "/edit", "/history", "/versions/1", "/feedback", "/summary", "/summary.json", "/withdraw"] {
        let other = visitor.get(&format!("/proposals/{theirs}{path}")).await;
        assert_eq!(other.status, 404, "{path}: {}", other.text);
        assert!(other.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{path}");
    }
    // Signed out, the pages send to the log-in page.
    let anonymous = app.visitor("it").get("/proposals").await;
    assert_eq!(anonymous.status, 303);
    assert!(
        anonymous.header("location").is_some_and(|l| l.starts_with("/login")),
        "{:?}",
        anonymous.header("location")
    );
});

hub_test!(a_proposal_is_created_edited_and_submitted_through_the_pages, |app| {
    let token = anna(&app).await;
    let visitor = app.signed_in(ANNA, "it").await;
    let form = visitor.get("/proposals/new?challenge=open-call").await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains(" selected>") && form.text.contains("<legend>"), "{}", form.text);
    assert!(form.text.contains("Sicurezza e sovranità"), "each pillar's fieldset: {}", form.text);
    let fields = [("challenge", "open-call"), ("title", "Gateway cifrato"), ("budget", "25.000,50"), ("tags", "cloud")];
    let created = visitor.submit("/proposals/new", "/proposals", &fields).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let location = created.header("location").expect("a location").to_owned();
    let id = location.trim_start_matches("/proposals/").split('?').next().expect("an id").to_owned();
    let body = api_state(&app, &token, &id).await;
    assert_eq!((body["state"].as_str(), body["budget_cents"].as_i64()), (Some("draft"), Some(2_500_050)));
    let page = visitor.follow(&created).await;
    assert!(page.text.contains("Bozza salvata") && page.text.contains("25.000,50 €"), "{}", page.text);

    // Submitting the incomplete draft lists what is missing, each linking to its field.
    let refused = visitor.submit(&format!("/proposals/{id}"), &format!("/proposals/{id}/submit"), &[]).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    for field in ["#summary", "#description", "#trl", "#sa-talent_skills"] {
        assert!(refused.text.contains(&format!("href=\"/proposals/{id}/edit{field}\"")), "{field}: {}", refused.text);
    }
    assert_eq!(api_state(&app, &token, &id).await["state"], "draft");

    // An invalid field comes back next to its input, with what was typed.
    let edit_page = visitor.get(&format!("/proposals/{id}/edit")).await;
    assert_eq!(edit_page.status, 200, "{}", edit_page.text);
    let csrf = csrf_token(&edit_page.text, &format!("/proposals/{id}/edit"));
    let revision = input_value(&edit_page.text, "revision");
    let mut wrong = complete_fields("Gateway cifrato");
    wrong[4].1 = "molti soldi".to_owned();
    let invalid = post_edit(&visitor, &id, &csrf, &revision, &wrong).await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert!(
        invalid.text.contains("href=\"#budget\"") && invalid.text.contains("id=\"budget-error\""),
        "{}",
        invalid.text
    );
    assert!(invalid.text.contains("value=\"molti soldi\"") && invalid.text.contains("aria-invalid=\"true\""));

    let saved = post_edit(&visitor, &id, &csrf, &revision, &complete_fields("Gateway cifrato")).await;
    assert_eq!((saved.status, saved.header("location")), (303, Some(format!("/proposals/{id}?done=saved").as_str())));
    let page = visitor.follow(&saved).await;
    // The description is Markdown, rendered safely.
    assert!(page.text.contains("<h3>Idea</h3>") && page.text.contains("<em>gateway</em>"), "{}", page.text);
    assert!(!page.text.contains("<script>alert") && !page.text.contains("javascript:"), "{}", page.text);

    let submitted = visitor.submit(&format!("/proposals/{id}"), &format!("/proposals/{id}/submit"), &[]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.text);
    assert_eq!(api_state(&app, &token, &id).await["state"], "submitted");
    let page = visitor.follow(&submitted).await;
    assert!(page.text.contains("Presentata") && !page.text.contains(&format!("action=\"/proposals/{id}/submit\"")));
    assert!(!page.text.contains(&format!("href=\"/proposals/{id}/edit\"")), "no edit once submitted");

    // The history and the submitted version.
    let history = visitor.get(&format!("/proposals/{id}/history")).await;
    assert_eq!(history.status, 200, "{}", history.text);
    assert!(history.text.contains("Creazione") && history.text.contains("Presentazione"), "{}", history.text);
    assert!(history.text.contains(&format!("href=\"/proposals/{id}/versions/1\"")));
    let version = visitor.get(&format!("/proposals/{id}/versions/1")).await;
    assert_eq!(version.status, 200, "{}", version.text);
    assert!(version.text.contains("Venti ingegneri formati."), "{}", version.text);
    assert_eq!(visitor.get(&format!("/proposals/{id}/versions/2")).await.status, 404);
});

hub_test!(a_stale_edit_shows_both_versions_and_saves_nothing, |app| {
    let token = anna(&app).await;
    let id = draft(&app, &token, "Titolo di partenza", "open-call").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let edit_page = visitor.get(&format!("/proposals/{id}/edit")).await;
    let csrf = csrf_token(&edit_page.text, &format!("/proposals/{id}/edit"));
    let revision = input_value(&edit_page.text, "revision");
    // A colleague saves meanwhile, through the API.
    let response = app
        .client
        .patch(format!("{}/api/v1/proposals/{id}", app.base))
        .bearer_auth(&token)
        .header("If-Match", format!("\"r{revision}\""))
        .json(&json!({"title": "Titolo salvato dal collega"}))
        .send()
        .await
        .expect("PATCH");
    assert_eq!(response.status(), 200);
    let stale = post_edit(&visitor, &id, &csrf, &revision, &complete_fields("Titolo scritto da me")).await;
    assert_eq!(stale.status, 409, "{}", stale.text);
    assert!(stale.text.contains("Qualcun altro ha modificato la proposta"), "{}", stale.text);
    assert!(stale.text.contains("Titolo salvato dal collega"), "theirs: {}", stale.text);
    assert!(stale.text.contains("value=\"Titolo scritto da me\""), "yours: {}", stale.text);
    assert_eq!(api_state(&app, &token, &id).await["title"], "Titolo salvato dal collega", "nothing overwritten");
    // The form now carries their revision: saving again, once merged, goes through.
    let newer = input_value(&stale.text, "revision");
    assert_ne!(newer, revision);
    let csrf = csrf_token(&stale.text, &format!("/proposals/{id}/edit"));
    let merged = post_edit(&visitor, &id, &csrf, &newer, &complete_fields("Titolo unito")).await;
    assert_eq!(merged.status, 303, "{}", merged.text);
    assert_eq!(api_state(&app, &token, &id).await["title"], "Titolo unito");
});

hub_test!(an_unverified_address_cannot_submit, |app| {
    app.register("ugo@nuovo.example", "Nuovo S.r.l.", "04817250931").await;
    let visitor = app.signed_in("ugo@nuovo.example", "it").await;
    let mut fields: Vec<(&str, String)> = complete_fields("Proposta non verificata");
    fields.push(("challenge", "open-call".to_owned()));
    let form = visitor.get("/proposals/new").await;
    let csrf = csrf_token(&form.text, "/proposals");
    let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    let created = visitor.post("/proposals", &all).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let page = created.header("location").expect("location").split('?').next().expect("path").to_owned();
    let refused = visitor.submit(&page, &format!("{page}/submit"), &[]).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert!(refused.text.contains("confermare il suo indirizzo email"), "{}", refused.text);
});

hub_test!(withdrawing_needs_the_confirmation_post, |app| {
    let token = anna(&app).await;
    let id = draft(&app, &token, "Da ritirare", "open-call").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let page = visitor.get(&format!("/proposals/{id}")).await;
    assert!(page.text.contains(&format!("href=\"/proposals/{id}/withdraw\"")), "{}", page.text);
    let confirmation = visitor.get(&format!("/proposals/{id}/withdraw")).await;
    assert_eq!(confirmation.status, 200, "{}", confirmation.text);
    assert!(confirmation.text.contains("Il ritiro è definitivo"), "{}", confirmation.text);
    assert_eq!(api_state(&app, &token, &id).await["state"], "draft", "reading the confirmation changes nothing");
    let path = format!("/proposals/{id}/withdraw");
    let done = visitor.submit(&path, &path, &[("note", "Cambio di strategia.")]).await;
    assert_eq!(done.status, 303, "{}", done.text);
    assert_eq!(api_state(&app, &token, &id).await["state"], "withdrawn");
    let page = visitor.follow(&done).await;
    assert!(page.text.contains("Proposta ritirata.") && page.text.contains("Ritirata"), "{}", page.text);
    // Withdrawn, there is nothing left to confirm.
    assert_eq!(visitor.get(&path).await.status, 409);
});

hub_test!(every_post_without_a_csrf_token_is_refused, |app| {
    let token = anna(&app).await;
    let id = draft(&app, &token, "Protetta dai moduli", "open-call").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let fields = [("challenge", "open-call"), ("title", "Creata da un altro sito"), ("revision", "1")];
    for action in [
        "/proposals".to_owned(),
        format!("/proposals/{id}/edit"),
        format!("/proposals/{id}/submit"),
        format!("/proposals/{id}/resubmit"),
        format!("/proposals/{id}/withdraw"),
    ] {
        let refused = visitor.post(&action, &fields).await;
        assert_eq!(refused.status, 403, "{action}: {}", refused.text);
        let wrong = [("csrf", "not-the-token"), ("title", "Creata da un altro sito")];
        assert_eq!(visitor.post(&action, &wrong).await.status, 403, "{action} with a wrong token");
    }
    let body = api_state(&app, &token, &id).await;
    assert_eq!((body["state"].as_str(), body["title"].as_str()), (Some("draft"), Some("Protetta dai moduli")));
    let list = app.get("/api/v1/proposals", Some(&token)).await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1), "nothing created: {}", list.text);
});

hub_test!(the_feedback_page_shows_the_means_as_a_chart_and_a_table_with_the_same_figures, |app| {
    let token = anna(&app).await;
    let nico = nico(&app).await;
    let hub = manager(&app).await;
    let admin = admin(&app).await;
    let university = organization(&app, &admin, "Università di Prova", "university", "80214573604").await;
    let id = under_review(&app, &token, &hub, "Gateway valutato", "open-call").await;
    let scores = [4.0, 3.5, 2.0, 4.5];
    for i in 1..=3 {
        let (eva, eva_id) = evaluator(&app, &format!("eva{i}@uni.example"), Some(&university)).await;
        let review = assigned(&app, &hub, &id, &eva_id, &in_days(7)).await;
        confirm(&app, &eva, &review).await;
        let body = json!({
            "scores": {"security_sovereignty": scores[0], "growth_development": scores[1],
                "talent_skills": scores[2], "effectiveness_sustainability": scores[3]},
            "comments": {"talent_skills": format!("Commento sul talento {i}.")},
            "overall_comment": format!("Commento complessivo {i}."),
            "confidential_comment": "Nota riservata",
            "recommendation": "reject"
        });
        save_and_submit(&app, &eva, &review, body).await;
    }
    let visitor = app.signed_in(ANNA, "it").await;
    // Before the decision: the API's answer (409), as a page.
    let early = visitor.get(&format!("/proposals/{id}/feedback")).await;
    assert_eq!(early.status, 409, "{}", early.text);
    assert!(early.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    let rationale = "Il piano di formazione non raggiunge la soglia.";
    hub_tests::funnel::notice_answered(&app, &hub, &token, &id).await;
    let reply = hub_tests::funnel::REPLY;
    let decided = app
        .post(
            &format!("/api/v1/proposals/{id}/decide"),
            Some(&hub),
            json!({"decision": "reject", "rationale": rationale, "observations_reply": reply}),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.text);

    let page = visitor.get(&format!("/proposals/{id}/feedback")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("La proposta non è stata accolta") && page.text.contains(rationale), "{}", page.text);
    let svg = page.text.split("<svg").nth(1).and_then(|s| s.split("</svg>").next()).expect("a chart");
    assert!(svg.contains("role=\"img\"") && svg.contains("<title") && svg.contains("<desc"), "{svg}");
    let chart = texts(svg, "class=\"chart-value\">");
    let table = texts(&page.text, "<td class=\"mean\">");
    assert_eq!(chart, ["4,00", "3,50", "2,00", "4,50"], "{svg}");
    assert_eq!(table, chart, "the table gives the chart's figures");
    // The same figures as the API's.
    let api = app.get(&format!("/api/v1/proposals/{id}/feedback"), Some(&token)).await;
    for (i, pillar) in ["security_sovereignty", "growth_development", "talent_skills", "effectiveness_sustainability"]
        .iter()
        .enumerate()
    {
        let mean = api.body["pillars"][pillar]["mean"].as_f64().expect("a mean");
        assert!((mean - scores[i]).abs() < 1e-9, "{pillar}: {mean}");
    }
    assert!(page.text.contains("Sotto la soglia") && page.text.contains("Valutatore 1"), "{}", page.text);
    assert!(page.text.contains("Commento sul talento 2.") && !page.text.contains("Nota riservata"), "{}", page.text);
    assert!(!page.text.contains("eva1@uni.example"), "no identities");
    // The proposal's page links to it; another organisation's proposer finds nothing.
    let proposal = visitor.get(&format!("/proposals/{id}")).await;
    assert!(proposal.text.contains(&format!("href=\"/proposals/{id}/feedback\"")), "{}", proposal.text);
    let other = app.signed_in(NICO, "it").await;
    assert_eq!(other.get(&format!("/proposals/{id}/feedback")).await.status, 404);
    let _ = nico;
});

hub_test!(a_revision_request_shows_its_note_and_the_revised_proposal_is_resubmitted, |app| {
    let token = anna(&app).await;
    let hub = manager(&app).await;
    let id = submitted(&app, &token, "Gateway da rivedere", "open-call").await;
    let note = "Descriva meglio il piano di formazione.";
    moved(&app, &hub, &id, "request-revision", json!({"note": note}), "revision_requested").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let page = visitor.get(&format!("/proposals/{id}")).await;
    assert!(page.text.contains("Revisione richiesta dal Polo") && page.text.contains(note), "{}", page.text);
    assert!(page.text.contains(&format!("href=\"/proposals/{id}/edit\"")), "editable again: {}", page.text);
    let edit_page = visitor.get(&format!("/proposals/{id}/edit")).await;
    let csrf = csrf_token(&edit_page.text, &format!("/proposals/{id}/edit"));
    let revision = input_value(&edit_page.text, "revision");
    let saved = post_edit(&visitor, &id, &csrf, &revision, &complete_fields("Gateway rivisto")).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let path = format!("/proposals/{id}");
    let resubmitted = visitor.submit(&path, &format!("{path}/resubmit"), &[]).await;
    assert_eq!(resubmitted.status, 303, "{}", resubmitted.text);
    let body = api_state(&app, &token, &id).await;
    assert_eq!((body["state"].as_str(), body["version"].as_i64()), (Some("submitted"), Some(2)));
    let v1 = visitor.get(&format!("{path}/versions/1")).await;
    let v2 = visitor.get(&format!("{path}/versions/2")).await;
    assert!(v1.text.contains("Gateway da rivedere") && v2.text.contains("Gateway rivisto"), "{}", v2.text);
});

hub_test!(the_team_is_picked_from_the_organisations_members, |app| {
    let token = anna(&app).await;
    let organization = app.account(ANNA).await["organization_id"].as_str().expect("an organisation").to_owned();
    let colleague = app
        .user_with_roles("bruno@aurora.example", &[domain::Role::Proposer], Some(organization.parse().expect("id")))
        .await;
    let bruno = user_id(&app, &colleague).await;
    let stranger = user_id(&app, &nico(&app).await).await;
    let id = draft(&app, &token, "Proposta di gruppo", "open-call").await;
    let visitor = app.signed_in(ANNA, "it").await;
    let edit_page = visitor.get(&format!("/proposals/{id}/edit")).await;
    assert!(edit_page.text.contains(&format!("value=\"{bruno}\"")), "a check box per colleague: {}", edit_page.text);
    assert!(!edit_page.text.contains(&stranger), "no one of another organisation");
    let csrf = csrf_token(&edit_page.text, &format!("/proposals/{id}/edit"));
    let revision = input_value(&edit_page.text, "revision");
    let mut fields = complete_fields("Proposta di gruppo");
    fields.push(("team", stranger.clone()));
    let refused = post_edit(&visitor, &id, &csrf, &revision, &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("href=\"#team\"") && refused.text.contains("Non fa parte della sua organizzazione"));
    fields.pop();
    fields.push(("team", bruno.clone()));
    let saved = post_edit(&visitor, &id, &csrf, &revision, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(api_state(&app, &token, &id).await["team"], json!([bruno]));
    assert!(visitor.follow(&saved).await.text.contains("Staff Member"), "the team by name");
});

hub_test!(the_pages_speak_the_persons_language_and_read_amounts_as_it_writes_them, |app| {
    let token = app.user_with_roles("grace@hub.example", &[domain::Role::Proposer], None).await;
    let visitor = app.signed_in("grace@hub.example", "it").await;
    let form = visitor.get("/proposals/new").await;
    assert!(form.text.contains("<html lang=\"en\">") && form.text.contains("Save the draft"), "{}", form.text);
    let fields = [("challenge", "open-call"), ("title", "Encrypted gateway"), ("budget", "25,000.50")];
    let created = visitor.submit("/proposals/new", "/proposals", &fields).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let page = visitor.follow(&created).await;
    assert!(page.text.contains("Draft") && page.text.contains("€ 25,000.50"), "{}", page.text);
    let id =
        created.header("location").and_then(|l| l.split('?').next()).expect("a path").trim_start_matches("/proposals/");
    assert_eq!(api_state(&app, &token, id).await["budget_cents"], 2_500_050);
});
