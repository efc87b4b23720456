//! The annexes a challenge asks for, set on the managers' challenge form (issue 20): one row per annex
//! with blank rows to add more; the API then shows exactly the rules typed (sizes typed in MB, saved in
//! bytes); emptying a row removes its annex, saving untouched keeps them all; a refused row comes back
//! with each error beside its input and every value kept, nothing saved; no post without its token.

use hub_tests::funnel::{MANAGER, admin, manager, organization};
use hub_tests::{TestApp, hub_test};
use serde_json::{Value, json};

use super::web_manage_challenges::{SLUG, fields};

const NEW: &str = "/manage/challenges/new";

/// The two annexes of the form: a required PDF (5 MB, 10 pages) and an optional spreadsheet (2 files).
const ANNEXES: [(&str, &str); 11] = [
    ("annex-0-key", "piano-tecnico"),
    ("annex-0-name", "Piano tecnico"),
    ("annex-0-required", "on"),
    ("annex-0-types", "pdf"),
    ("annex-0-max_mb", "5"),
    ("annex-0-max_pages", "10"),
    ("annex-1-key", "preventivo"),
    ("annex-1-name", "Preventivo di spesa"),
    ("annex-1-types", "ods"),
    ("annex-1-types", "xlsx"),
    ("annex-1-max_count", "2"),
];

fn plan() -> Value {
    json!({"key": "piano-tecnico", "name": "Piano tecnico", "required": true, "types": ["pdf"],
        "max_bytes": 5 * 1024 * 1024, "max_count": 1, "max_pages": 10})
}

fn quote() -> Value {
    json!({"key": "preventivo", "name": "Preventivo di spesa", "required": false, "types": ["ods", "xlsx"],
        "max_bytes": 20 * 1024 * 1024, "max_count": 2, "max_pages": null})
}

/// A sponsor, the manager's API token and the manager signed in on the pages.
async fn desk(app: &TestApp) -> (String, String, hub_tests::pages::Visitor) {
    let hub = manager(app).await;
    let sponsor = organization(app, &admin(app).await, "Comune di Lecce", "public_administration", "80004739258").await;
    (sponsor, hub, app.signed_in(MANAGER, "it").await)
}

async fn annexes(app: &TestApp, hub: &str) -> Value {
    let answer = app.get(&format!("/api/v1/challenges/{SLUG}"), Some(hub)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["annexes"].clone()
}

/// The value of attribute `name` in the tag `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    tag.split(&format!(" {name}=\"")).nth(1).and_then(|rest| rest.split('"').next())
}

/// What the form of `html` posts of its annex rows: each input by name, a box only when ticked.
fn annex_inputs(html: &str) -> Vec<(String, String)> {
    html.split("<input")
        .skip(1)
        .filter_map(|rest| {
            let tag = rest.split('>').next().unwrap_or_default();
            let name = attribute(tag, "name").filter(|n| n.starts_with("annex-"))?;
            let ticked = attribute(tag, "type") != Some("checkbox") || tag.contains(" checked");
            ticked.then(|| (name.to_owned(), attribute(tag, "value").unwrap_or_default().to_owned()))
        })
        .collect()
}

fn revision(html: &str) -> String {
    attribute(html.split("name=\"revision\"").nth(1).unwrap_or_default(), "value").unwrap_or_default().to_owned()
}

hub_test!(a_manager_asks_for_annexes_through_the_form, |app| {
    let (sponsor, hub, person) = desk(&app).await;
    let blank = person.get(NEW).await;
    assert!(blank.text.contains("id=\"annex-1-key\"") && !blank.text.contains("id=\"annex-2-key\""), "two blank rows");

    let mut typed = fields(&sponsor, "25", "Mobilità sostenibile");
    typed.extend(ANNEXES);
    let created = person.submit(NEW, NEW, &typed).await;
    assert_eq!(created.header("location"), Some("/manage/challenges?done=created"), "{}", created.text);
    assert_eq!(annexes(&app, &hub).await, json!([plan(), quote()]));

    // The edit page shows each rule in its row, and two blank rows after them.
    let form = person.get(&format!("/manage/challenges/{SLUG}/edit")).await;
    let shown = annex_inputs(&form.text);
    for (name, value) in [
        ("annex-0-key", "piano-tecnico"),
        ("annex-0-required", "on"),
        ("annex-0-types", "pdf"),
        ("annex-0-max_mb", "5"),
        ("annex-0-max_count", "1"),
        ("annex-0-max_pages", "10"),
        ("annex-1-name", "Preventivo di spesa"),
        ("annex-1-types", "ods"),
        ("annex-1-types", "xlsx"),
        ("annex-1-max_mb", "20"),
        ("annex-1-max_count", "2"),
        ("annex-1-max_pages", ""),
        ("annex-3-key", ""),
    ] {
        assert!(shown.contains(&(name.to_owned(), value.to_owned())), "{name}={value} in {shown:?}");
    }
    assert!(!shown.iter().any(|(n, _)| n == "annex-1-required" || n.starts_with("annex-4-")), "{shown:?}");
    assert!(form.text.contains("<legend>Annex 2</legend>"), "{}", form.text);
});

hub_test!(emptying_a_row_removes_its_annex_and_an_untouched_form_keeps_them, |app| {
    let (sponsor, hub, person) = desk(&app).await;
    let mut typed = fields(&sponsor, "25", "Mobilità sostenibile");
    typed.extend(ANNEXES);
    assert_eq!(person.submit(NEW, NEW, &typed).await.status, 303);
    let edit = format!("/manage/challenges/{SLUG}/edit");

    // Saved as shown: the same rules.
    let form = person.get(&edit).await;
    let (read, rows) = (revision(&form.text), annex_inputs(&form.text));
    let mut untouched = fields(&sponsor, "25", "Mobilità sostenibile");
    untouched.push(("revision", &read));
    untouched.extend(rows.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let saved = person.submit(&edit, &edit, &untouched).await;
    assert_eq!(saved.header("location"), Some("/manage/challenges?done=saved"), "{}", saved.text);
    assert_eq!(annexes(&app, &hub).await, json!([plan(), quote()]));

    // The first row emptied (its texts cleared, its boxes unticked): only the second annex is left.
    let form = person.get(&edit).await;
    let read = revision(&form.text);
    let rows: Vec<(String, String)> = annex_inputs(&form.text)
        .into_iter()
        .filter(|(n, _)| n != "annex-0-types" && n != "annex-0-required")
        .map(|(n, v)| if n.starts_with("annex-0-") { (n, String::new()) } else { (n, v) })
        .collect();
    let mut emptied = fields(&sponsor, "25", "Mobilità sostenibile");
    emptied.push(("revision", &read));
    emptied.extend(rows.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let saved = person.submit(&edit, &edit, &emptied).await;
    assert_eq!(saved.header("location"), Some("/manage/challenges?done=saved"), "{}", saved.text);
    assert_eq!(annexes(&app, &hub).await, json!([quote()]));

    // A post that carries no annex rows at all (a client unaware of them) leaves the annexes as they are.
    let read = revision(&person.get(&edit).await.text);
    let mut plain = fields(&sponsor, "25", "Mobilità sostenibile in centro");
    plain.push(("revision", &read));
    assert_eq!(person.submit(&edit, &edit, &plain).await.status, 303);
    assert_eq!(annexes(&app, &hub).await, json!([quote()]));
});

hub_test!(a_refused_row_comes_back_with_its_errors_and_values, |app| {
    let (sponsor, hub, person) = desk(&app).await;
    let missing = format!("/api/v1/challenges/{SLUG}");

    // A size that is no number: refused beside it, every value kept, nothing created.
    let mut typed = fields(&sponsor, "25", "Mobilità sostenibile");
    typed.extend([
        ("annex-0-key", "Piano Tecnico"),
        ("annex-0-name", "Piano tecnico"),
        ("annex-0-types", "pdf"),
        ("annex-0-max_mb", "abc"),
        ("annex-1-key", ""),
        ("annex-2-key", "preventivo"),
        ("annex-2-name", "Preventivo"),
        ("annex-2-max_count", "2"),
    ]);
    let refused = person.submit(NEW, NEW, &typed).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(refused.text.contains("href=\"#annex-0-max_mb\""), "in the summary: {}", refused.text);
    assert!(refused.text.contains("<span class=\"error-message\" id=\"annex-0-max_mb-error\">"), "{}", refused.text);
    let kept = annex_inputs(&refused.text);
    for (name, value) in [
        ("annex-0-key", "Piano Tecnico"),
        ("annex-0-types", "pdf"),
        ("annex-0-max_mb", "abc"),
        ("annex-2-key", "preventivo"),
        ("annex-2-max_count", "2"),
    ] {
        assert!(kept.contains(&(name.to_owned(), value.to_owned())), "{name}={value} kept: {kept:?}");
    }
    assert_eq!(app.get(&missing, Some(&hub)).await.status, 404);

    // The size fixed: the key with capitals and spaces, and the third row without a type, each refused
    // beside its own row (the empty second row is no annex, so the domain's second annex is the third row).
    let fixed: Vec<(&str, &str)> =
        typed.iter().map(|&(n, v)| if n == "annex-0-max_mb" { (n, "2,5") } else { (n, v) }).collect();
    let refused = person.submit(NEW, NEW, &fixed).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    for id in ["annex-0-key", "annex-2-types"] {
        assert!(refused.text.contains(&format!("href=\"#{id}\"")), "{id} in the summary: {}", refused.text);
        assert!(refused.text.contains(&format!("id=\"{id}-error\"")), "{id} beside its input: {}", refused.text);
    }
    assert!(refused.text.contains("may hold only lowercase letters"), "{}", refused.text);
    assert!(refused.text.contains("aria-describedby=\"annex-0-key-error annex-0-key-hint\""), "{}", refused.text);
    let kept = annex_inputs(&refused.text);
    assert!(kept.contains(&("annex-0-max_mb".to_owned(), "2,5".to_owned())), "{kept:?}");
    assert_eq!(app.get(&missing, Some(&hub)).await.status, 404);

    // Without the form's token: refused, nothing created.
    let mut good = fields(&sponsor, "25", "Mobilità sostenibile");
    good.extend(ANNEXES);
    assert_eq!(person.post(NEW, &good).await.status, 403);
    assert_eq!(app.get(&missing, Some(&hub)).await.status, 404);
});
