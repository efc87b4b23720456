//! A team attaches a file to its proposal in the real browser, by keyboard, axe-core on the page (issue
//! 20): the edit page's "Allegati" section shows the challenge's rule, the file input takes the file, the
//! upload comes back to the section with the file listed and its download link.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use hub_tests::browser::Browser;
use hub_tests::browser_test;

use crate::web_annexes::{ANNA, FILENAME, draft_with_rules, pdf};

/// Presses `key` on the page (WebDriver's actions), whatever element has the focus.
async fn press(browser: &Browser, key: Key) {
    let value = char::from(key);
    let actions = KeyActions::new("keyboard".to_owned()).then(KeyAction::Down { value }).then(KeyAction::Up { value });
    browser.client.perform_actions(actions).await.expect("a key pressed");
}

browser_test!(a_team_attaches_a_pdf_by_keyboard, |app| {
    let (_, _, id) = draft_with_rules(&app).await;
    let folder = tempfile::tempdir().expect("a folder");
    let file = folder.path().join(FILENAME);
    std::fs::write(&file, pdf()).expect("the PDF");

    let team = Browser::start(&app.base, "it-IT,it", 1280, 900).await;
    team.open("/login").await;
    team.fill("#email", ANNA).await;
    team.fill("#password", hub_tests::PASSWORD).await;
    team.click_through("form[action='/login'] button[type='submit']").await;

    team.open(&format!("/proposals/{id}/edit")).await;
    let page = team.html().await;
    assert!(page.contains("Presentazione") && page.contains("Formati accettati"), "the rule is shown");
    team.assert_accessible().await;

    // By keyboard: to the file input, the file's path given to it (WebDriver's way of choosing a file),
    // then Tab to the upload button and Enter — pressed on the page, since keys sent to a file input are
    // read as a file's path.
    team.tab_to("the file input", |f| f["id"] == "annex-file-deck").await;
    team.keys(&file.to_string_lossy()).await;
    for _ in 0..5 {
        press(&team, Key::Tab).await;
        if team.focused().await["text"] == "Carica" {
            break;
        }
    }
    assert_eq!(team.focused().await["tag"], "button", "the upload button has the focus");
    press(&team, Key::Enter).await;
    for _ in 0..200 {
        if team.path().await.ends_with("/edit?annex=added") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(team.path().await.ends_with("/edit?annex=added"), "{}", team.path().await);
    let after = team.html().await;
    assert!(after.contains("File caricato.") && after.contains(FILENAME), "the file is listed");
    assert!(after.contains("href=\"/annexes/"), "with its download link");
    team.assert_accessible().await;
    team.keep_screenshot("annexes-edit").await;
    team.close().await;
});
