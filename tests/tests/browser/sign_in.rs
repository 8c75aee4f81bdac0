//! Scenario 1: signing up and signing in through the forms.

use silent_renew_tests::browser::browser_test;

use crate::support::{
    PASSWORD, api_client, app_with_short_tokens, create_account, fill_sign_in_form,
};

#[actix_web::test]
async fn signing_up_and_in_through_the_forms_shows_the_users_own_notes() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;

        browser.goto("/register").await;
        browser.fill("#username", "alice").await;
        browser.fill("#password", PASSWORD).await;
        browser
            .click("form[action='/register'] button[type='submit']")
            .await;
        browser.wait_for_path("/notes").await;
        assert!(browser.text("main").await.contains("Welcome, alice!"));

        browser
            .click("form[action='/logout'] button[type='submit']")
            .await;
        browser.wait_for_path("/login").await;

        let alice = api_client(&app, "alice").await;
        for body in ["Buy oat milk", "Call the plumber — ünïcödé too"] {
            let added = alice
                .post_json("/api/notes", &serde_json::json!({ "body": body }))
                .await;
            assert_eq!(added.status, 201, "{}", added.text());
        }
        create_account(&app, "bob").await;
        let bob = api_client(&app, "bob").await;
        bob.post_json("/api/notes", &serde_json::json!({ "body": "Bob's secret" }))
            .await;

        fill_sign_in_form(&browser, "alice").await;
        browser.wait_for_path("/notes").await;
        assert!(browser.text("main").await.contains("Signed in as alice."));
        let shown = browser
            .run(
                "return [...document.querySelectorAll('#notes .note-body')]
                   .map((note) => note.textContent);",
                serde_json::json!(null),
            )
            .await;
        assert_eq!(
            shown,
            serde_json::json!(["Call the plumber — ünïcödé too", "Buy oat milk"]),
            "alice's notes, newest first, and nobody else's"
        );
    })
    .await;
}
