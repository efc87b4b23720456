//! Redress on the pages (issue 19): the team asks for a review of its proposal's rejection from the
//! proposal's page; the manager who decided sees the request but no form; another hub manager upholds it
//! from the proposal's page and the evaluation reopens as a new version. CSRF on both forms.

use domain::Role;
use hub_tests::funnel::{MANAGER, manager, submitted, verified_proposer};
use hub_tests::{TestApp, hub_test};
use serde_json::json;

const ANNA: &str = "anna@aurora.example";
const SECOND: &str = "second@hub.example";
const STATEMENT: &str = "STATEMENT-w7: il requisito citato non è nel bando.";
const REASON: &str = "REASON-w7: il requisito non è nel bando.";

/// A proposal of Aurora's found ineligible by the first hub manager: its id.
pub(crate) async fn ineligible(app: &TestApp) -> String {
    let (anna, _) = verified_proposer(app, ANNA, "Aurora Labs S.r.l.", "04817250931").await;
    let hub = manager(app).await;
    app.user_with_roles(SECOND, &[Role::HubManager], None).await;
    let id = submitted(app, &anna, "Sportello per le imprese", "open-call").await;
    let screen = json!({"eligible": false, "reason": "Manca la certificazione richiesta dal bando."});
    assert_eq!(app.post(&format!("/api/v1/proposals/{id}/screen"), Some(&hub), screen).await.status, 200);
    id
}

hub_test!(a_team_asks_for_a_review_and_another_manager_reopens_through_the_pages, |app| {
    let id = ineligible(&app).await;
    let page = format!("/proposals/{id}");
    let action = format!("/proposals/{id}/redress");

    // The team asks from its proposal's page: a statement is needed; a form without its token is refused.
    let team = app.signed_in(ANNA, "it").await;
    let shown = team.get(&page).await;
    assert!(shown.text.contains("name=\"statement\""), "{}", shown.text);
    let blank = team.submit(&page, &action, &[("statement", " ")]).await;
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert!(blank.text.contains("id=\"statement-error\""), "{}", blank.text);
    assert_eq!(team.post(&action, &[("statement", STATEMENT)]).await.status, 403, "a form without its token");
    let filed = team.submit(&page, &action, &[("statement", STATEMENT)]).await;
    assert_eq!((filed.status, filed.header("location")), (303, Some(format!("{page}?done=redress").as_str())));
    let after = team.get(&page).await;
    assert!(after.text.contains(STATEMENT) && !after.text.contains("name=\"statement\""), "{}", after.text);

    // The manager who decided reads it without a form; the other one handles it.
    let manage = format!("/manage/proposals/{id}");
    let decider = app.signed_in(MANAGER, "it").await;
    let read = decider.get(&manage).await;
    assert!(read.text.contains(STATEMENT) && !read.text.contains("name=\"reason\""), "{}", read.text);
    let other = app.signed_in(SECOND, "it").await;
    let desk = other.get("/manage").await;
    assert!(
        desk.text.contains(&format!("href=\"/manage/proposals/{id}#redress\"")),
        "the desk lists it: {}",
        desk.text
    );
    let handle = format!("/manage/proposals/{id}/redress");
    let form = other.get(&manage).await;
    assert!(form.text.contains(&format!("action=\"{handle}\"")), "{}", form.text);
    let bare = other.submit(&manage, &handle, &[("outcome", "uphold"), ("reason", "")]).await;
    assert_eq!(bare.status, 422, "{}", bare.text);
    assert!(bare.text.contains("id=\"reason-error\""), "{}", bare.text);
    assert_eq!(other.post(&handle, &[("outcome", "uphold"), ("reason", REASON)]).await.status, 403);
    let upheld = other.submit(&manage, &handle, &[("outcome", "uphold"), ("reason", REASON)]).await;
    assert_eq!(
        (upheld.status, upheld.header("location")),
        (303, Some(format!("{manage}?done=redress-upheld").as_str())),
        "{}",
        upheld.text
    );
    let reopened = other.get(&manage).await;
    assert!(reopened.text.contains(REASON) && reopened.text.contains("state-under_review"), "{}", reopened.text);
    let token = app.token(ANNA).await;
    let now = app.get(&format!("/api/v1/proposals/{id}"), Some(&token)).await;
    assert_eq!((now.body["state"].as_str(), now.body["version"].as_i64()), (Some("under_review"), Some(2)));
});
