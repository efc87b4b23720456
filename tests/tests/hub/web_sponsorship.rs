//! An administration's challenge pages: its officer drafts a challenge through the shared form (for
//! their own administration only), proposes it; the hub manager's form offers to open it or return it
//! with a note; the officer reads the note, edits, proposes again; once open the officer's page follows
//! the proposals. Every form refuses a post without its CSRF token.

use hub_tests::funnel::{MANAGER, admin, manager, verified_proposer};
use hub_tests::hub_test;

use crate::needs::officer;
use crate::web_manage_challenges::{SLUG, fields};

const OFFICER: &str = "a@comune.valdora.example";

hub_test!(an_officer_drafts_proposes_and_follows_a_challenge_through_the_pages, |app| {
    let root = admin(&app).await;
    let (_, valdora) = officer(&app, &root, OFFICER, "Comune di Valdora", "80214573604", "c_l219").await;
    let hub = manager(&app).await;
    let person = app.signed_in(OFFICER, "it").await;
    let account = person.get("/account").await;
    assert!(account.text.contains("href=\"/administration/challenges\""), "{}", account.text);
    let list = person.get("/administration/challenges").await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(list.text.contains("non promuove ancora nessuna sfida"), "{}", list.text);

    // The form offers their administration only, already chosen.
    let new = "/administration/challenges/new";
    let form = person.get(new).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(
        form.text.contains(&format!("<option value=\"{valdora}\" selected>Comune di Valdora</option>")),
        "{}",
        form.text
    );
    let sponsors =
        form.text.split("id=\"sponsor_id\"").nth(1).and_then(|s| s.split("</select>").next()).expect("select");
    assert_eq!(sponsors.matches("<option value=\"0").count(), 1, "one administration offered: {sponsors}");
    let created = person.submit(new, new, &fields(&valdora, "25", "Sportelli prenotati")).await;
    let page = format!("/administration/challenges/{SLUG}");
    assert_eq!(created.header("location"), Some(format!("{page}?done=created").as_str()), "{}", created.text);
    let shown = person.get(&page).await;
    assert!(shown.text.contains("Bozza") && shown.text.contains("Proponi all"), "{}", shown.text);
    assert!(person.get("/administration/challenges").await.text.contains(&format!("href=\"{page}\"")));

    // Another administration's officer cannot post here for Valdora; a proposer has no such desk.
    let (_, rupe) = officer(&app, &root, "c@comune.rupe.example", "Comune di Rupe", "83004150617", "c_r001").await;
    let stranger = app.signed_in("c@comune.rupe.example", "it").await;
    let mut other = fields(&valdora, "25", "Intrusa");
    other.retain(|(k, _)| *k != "slug");
    other.push(("slug", "intrusa"));
    assert_eq!(stranger.submit(new, new, &other).await.status, 403);
    assert_eq!(stranger.get(&page).await.status, 404, "another administration's draft");
    assert!(!rupe.is_empty());
    verified_proposer(&app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    assert_eq!(app.signed_in("anna@aurora.example", "it").await.get("/administration/challenges").await.status, 403);

    // Proposed: the hub manager's form offers to open it or return it.
    let proposed = person.submit(&page, &format!("{page}/propose"), &[]).await;
    assert_eq!(proposed.header("location"), Some(format!("{page}?done=proposed").as_str()), "{}", proposed.text);
    assert!(!person.get(&page).await.text.contains("Proponi all"), "no longer the officer's to propose");
    assert_eq!(person.get(&format!("{page}/edit")).await.status, 200, "(the form reads; saving is refused)");
    let desk = app.signed_in(MANAGER, "it").await;
    let edit = format!("/manage/challenges/{SLUG}/edit");
    let review = desk.get(&edit).await;
    assert!(review.text.contains(&format!("action=\"/manage/challenges/{SLUG}/return\"")), "{}", review.text);
    assert!(review.text.contains("Comune di Valdora"), "{}", review.text);
    let note = "Indicare il numero di sportelli coinvolti.";
    let returned = desk.submit(&edit, &format!("/manage/challenges/{SLUG}/return"), &[("note", note)]).await;
    assert_eq!(returned.header("location"), Some("/manage/challenges?done=return"), "{}", returned.text);

    // The officer reads the note, edits, proposes again; the manager opens it.
    let back = person.get(&page).await;
    assert!(back.text.contains(note) && back.text.contains("Proponi all"), "{}", back.text);
    let edit_page = format!("{page}/edit");
    let form = person.get(&edit_page).await;
    let revision =
        form.text.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("rev").to_owned();
    let mut again = fields(&valdora, "25", "Sportelli prenotati in tre uffici");
    again.push(("revision", revision.as_str()));
    let saved = person.submit(&edit_page, &edit_page, &again).await;
    assert_eq!(saved.header("location"), Some(format!("{page}?done=saved").as_str()), "{}", saved.text);
    assert_eq!(person.submit(&page, &format!("{page}/propose"), &[]).await.status, 303);
    let opened = desk.submit(&edit, &format!("/manage/challenges/{SLUG}/open"), &[]).await;
    assert_eq!(opened.status, 303, "{}", opened.text);
    let followed = person.get(&page).await;
    assert!(
        followed.text.contains("Nessuna proposta ancora")
            && followed.text.contains(&format!("href=\"/challenges/{SLUG}\"")),
        "{}",
        followed.text
    );
    assert!(!hub.is_empty());

    // Every form of the area refuses a post without its token.
    for path in [new.to_owned(), format!("{page}/edit"), format!("{page}/propose")] {
        assert_eq!(person.post(&path, &[("title_it", "x")]).await.status, 403, "{path}");
    }
});
