//! Scenario 10: with JavaScript turned off the site still works through its
//! forms: sign in, add a note, delete it, sign out.

use silent_renew_tests::Spawn;
use silent_renew_tests::browser::browser_test;

use crate::support::{create_account, fill_sign_in_form, stored_note_bodies};

#[actix_web::test]
async fn without_javascript_signing_in_adding_and_deleting_a_note_and_signing_out_work_by_forms() {
    browser_test(async |test| {
        // Default token lifetime: renewal needs JavaScript, and this test is
        // about the forms.
        let app = Spawn::new().start().await;
        create_account(&app, "alice").await;
        let browser = test.browser_without_javascript(&app).await;

        browser.goto("/login?next=%2Fnotes").await;
        fill_sign_in_form(&browser, "alice").await;
        browser.wait_for_path("/notes").await;
        assert!(browser.text("main").await.contains("Signed in as alice."));

        browser
            .fill("#note-body", "Added by a form, no script — ✓")
            .await;
        browser
            .click("form[action='/notes'] button[type='submit']")
            .await;
        browser.wait_for_element("#notes .note-body").await;
        assert_eq!(
            browser.text("#notes .note-body").await,
            "Added by a form, no script — ✓"
        );
        assert_eq!(
            stored_note_bodies(&app, "alice").await,
            ["Added by a form, no script — ✓"]
        );

        browser
            .click("#notes form[action$='/delete'] button[type='submit']")
            .await;
        // The page's script would delete in place; only the form's full
        // round trip brings the flash message.
        browser.wait_for_element("p.flash").await;
        assert_eq!(browser.text("p.flash").await, "Note deleted.");
        assert!(!browser.has("#notes .note-body").await, "the note is gone");
        assert!(stored_note_bodies(&app, "alice").await.is_empty());

        browser
            .click("form[action='/logout'] button[type='submit']")
            .await;
        browser.wait_for_path("/login").await;
        assert_eq!(browser.text("p.flash").await, "You are signed out.");
        browser.goto("/notes").await;
        assert_eq!(
            browser.path().await,
            "/login?next=%2Fnotes",
            "signed out for good"
        );
    })
    .await;
}
