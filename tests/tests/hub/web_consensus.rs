//! The consensus page (issue 19): a hub manager designates the rapporteur, the rapporteur drafts (refused
//! when incomplete, with each field named), another evaluator dissents with a note, the rapporteur
//! finalises; who may open it, CSRF. The accounts made here read English.

use hub_tests::funnel::{
    MANAGER, assigned, confirm, evaluator, in_days, manager, save_and_submit, under_review, verified_proposer,
};
use hub_tests::pages::Visitor;
use hub_tests::{TestApp, hub_test};
use serde_json::{Value, json};

const FIRST: &str = "elena@valdora.example";
const SECOND: &str = "paolo@tdi.example";
const TITLE: &str = "Archivio sanitario federato";

fn review(scores: [f64; 4]) -> Value {
    json!({
        "scores": {"security_sovereignty": scores[0], "growth_development": scores[1],
            "talent_skills": scores[2], "effectiveness_sustainability": scores[3]},
        "comments": {"security_sovereignty": "Cifratura da chiarire."},
        "overall_comment": "Solida.", "recommendation": "accept"
    })
}

/// A proposal under review with two submitted reviews two and a half points apart on security:
/// (proposal, proposer's token, first evaluator's id).
async fn split(app: &TestApp) -> (String, String, String) {
    let (proposer, _) = verified_proposer(app, "anna@aurora.example", "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    let proposal = under_review(app, &proposer, &hub, TITLE, "open-call").await;
    let (first_token, first) = evaluator(app, FIRST, None).await;
    let (second_token, second) = evaluator(app, SECOND, None).await;
    for (token, id, scores) in [(&first_token, &first, [4.5; 4]), (&second_token, &second, [2.0, 4.5, 4.5, 4.5])] {
        let review_id = assigned(app, &hub, &proposal, id, &in_days(10)).await;
        confirm(app, token, &review_id).await;
        save_and_submit(app, token, &review_id, review(scores)).await;
    }
    (proposal, proposer, first)
}

#[track_caller]
fn redirected(answer: &hub_tests::Answer, to: &str) {
    assert_eq!((answer.status, answer.header("location")), (303, Some(to)), "{}", answer.text);
}

async fn draft(person: &Visitor, page: &str, fields: &[(&str, &str)]) -> hub_tests::Answer {
    let shown = person.get(page).await;
    let revision = shown.text.split("name=\"revision\" value=\"").nth(1).and_then(|s| s.split('"').next());
    let revision = revision.expect("the draft form's revision").to_owned();
    let mut all = vec![("revision", revision.as_str())];
    all.extend_from_slice(fields);
    person.submit(page, &format!("{page}/draft"), &all).await
}

hub_test!(a_rapporteur_reconciles_a_split_proposal_through_the_pages, |app| {
    let (proposal, _proposer, first) = split(&app).await;
    let page = format!("/consensus/{proposal}");

    // The manager reads the divergence and designates the first evaluator.
    let hub = app.signed_in(MANAGER, "it").await;
    let shown = hub.get(&page).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    for expected in ["Consensus on", "divergence", "Designate the rapporteur", "No rapporteur designated yet"] {
        assert!(shown.text.contains(expected), "{expected}: {}", shown.text);
    }
    let designated = hub.submit(&page, &format!("{page}/rapporteur"), &[("rapporteur_id", first.as_str())]).await;
    redirected(&designated, &format!("{page}?done=designated#outcome"));
    assert!(hub.follow(&designated).await.text.contains("Rapporteur designated."));

    // The rapporteur's form names every missing field, keeps what was typed, then saves.
    let rapporteur = app.signed_in(FIRST, "it").await;
    let form = rapporteur.get(&page).await;
    assert!(
        form.text.contains("The draft report") && form.text.contains("name=\"score_talent_skills\""),
        "{}",
        form.text
    );
    let partial =
        [("score_security_sovereignty", "3.5"), ("justification_security_sovereignty", "Chiavi da chiarire.")];
    let refused = draft(&rapporteur, &page, &partial).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    for field in ["#score_growth_development", "#justification_talent_skills"] {
        assert!(refused.text.contains(&format!("href=\"{field}\"")), "{field} in the summary: {}", refused.text);
    }
    assert!(refused.text.contains("Chiavi da chiarire."), "what was typed stays");
    let mut rest: Vec<(String, &str)> = vec![("comment".to_owned(), "Chiarire la gestione delle chiavi.")];
    for key in ["growth_development", "talent_skills", "effectiveness_sustainability"] {
        rest.push((format!("score_{key}"), "4.5"));
        rest.push((format!("justification_{key}"), "Valutazioni concordi."));
    }
    let mut full: Vec<(&str, &str)> = partial.to_vec();
    full.extend(rest.iter().map(|(k, v)| (k.as_str(), *v)));
    let saved = draft(&rapporteur, &page, &full).await;
    redirected(&saved, &format!("{page}?done=saved#outcome"));

    // The other evaluator reads the draft and must say why they dissent.
    let other = app.signed_in(SECOND, "it").await;
    let read = other.get(&page).await;
    assert!(read.text.contains("The consensus report") && read.text.contains("Chiavi da chiarire."), "{}", read.text);
    assert!(!read.text.contains("name=\"score_talent_skills\""), "only the rapporteur drafts");
    let action = format!("{page}/position");
    let bare = other.submit(&page, &action, &[("stance", "dissent"), ("note", "")]).await;
    assert_eq!(bare.status, 422, "{}", bare.text);
    let dissent = other.submit(&page, &action, &[("stance", "dissent"), ("note", "Troppo generoso.")]).await;
    redirected(&dissent, &format!("{page}?done=position#outcome"));
    let shown = rapporteur.get(&page).await;
    assert!(shown.text.contains("Evaluator 2") && shown.text.contains("Troppo generoso."), "{}", shown.text);

    // A form without its token is refused; the team never opens the page.
    let forged = other.post(&action, &[("stance", "concur")]).await;
    assert_eq!(forged.status, 403, "{}", forged.text);
    let team = app.signed_in("anna@aurora.example", "it").await;
    assert_eq!(team.get(&page).await.status, 404);

    // Finalised: frozen, and the decision form links it.
    let done = rapporteur.submit(&page, &format!("{page}/finalise"), &[]).await;
    redirected(&done, &format!("{page}?done=final#outcome"));
    let last = rapporteur.get(&page).await;
    assert!(last.text.contains("The report is final.") || last.text.contains("Final"), "{}", last.text);
    assert!(!last.text.contains(&format!("action=\"{page}/draft\"")), "no form once final");
    let ranking = hub.get("/manage/challenges/open-call/ranking").await;
    assert!(ranking.text.contains(&format!("<a href=\"{page}\">Agreed: 4.25</a>")), "{}", ranking.text);
    let decide = hub.get(&format!("/manage/proposals/{proposal}/decide")).await;
    assert!(decide.text.contains(&format!("href=\"{page}\"")), "{}", decide.text);
});
