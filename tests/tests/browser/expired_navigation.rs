//! Scenario 5: a page visited after the access token expired renews through
//! the "renewing your session" page and lands where the user was going;
//! a form posted after expiry is posted again after the renewal.

use serde_json::json;
use silent_renew_tests::browser::browser_test;

use crate::support::{app_with_short_tokens, renewals, signed_in_on_notes, stored_note_bodies};

#[actix_web::test]
async fn navigating_to_a_protected_page_after_expiry_lands_on_it_without_a_login_form() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.goto("/sessions").await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);

        browser.goto("/notes").await;

        browser.wait_for_element("section.notes").await;
        assert_eq!(browser.path().await, "/notes");
        assert!(!browser.has("form[action='/login']").await, "no login form");
        assert!(!browser.has("#renewing").await, "the interstitial is gone");
        assert_eq!(
            renewals(&app) - renewals_before,
            1,
            "renewed once, by the interstitial"
        );
        assert_eq!(browser.text("h1").await, "Your notes");
    })
    .await;
}

#[actix_web::test]
async fn a_note_form_posted_after_expiry_is_posted_again_after_renewal_and_stored_once() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.fill("#note-body", "typed before the token expired — kept").await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);

        // `form.submit()` skips the page's enhancement (no submit event): a
        // plain form POST, as a browser without the fetch path sends it.
        browser
            .run("document.querySelector('form[data-enhance=add-note]').submit();", json!(null))
            .await;

        browser
            .wait_for(
                "the note is on the notes page",
                "location.pathname === '/notes' && document.querySelector('#notes .note-body') !== null",
            )
            .await;
        assert_eq!(
            browser.text("#notes .note-body").await,
            "typed before the token expired — kept"
        );
        assert_eq!(renewals(&app) - renewals_before, 1);
        assert_eq!(
            stored_note_bodies(&app, "alice").await,
            ["typed before the token expired — kept"],
            "stored once"
        );
    })
    .await;
}
