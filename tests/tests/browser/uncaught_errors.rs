//! Scenario 12 is checked at the end of every test (`browser_test`): no
//! page may log an uncaught exception, an unhandled rejection or a
//! `console.error`; the browser's own lines about 4xx answers do not count.
//! This test shows that the check sees the one and lets the other pass.

use std::time::Duration;

use serde_json::json;
use silent_renew_tests::browser::{browser_test, wait_until};

use crate::support::{app_with_short_tokens, create_account};

#[actix_web::test]
async fn the_console_check_catches_uncaught_errors_but_not_the_browsers_notes_about_401s() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        create_account(&app, "alice").await;
        let browser = test.browser(&app).await;
        browser.goto("/login").await;
        browser.wait_for_shim().await;

        let refused = browser
            .run_async(
                "const response = await fetch('/api/login', {
                   method: 'POST',
                   headers: { 'content-type': 'application/json' },
                   body: JSON.stringify({ username: 'alice', password: 'not the password' }),
                 });
                 return response.status;",
                json!(null),
            )
            .await;
        assert_eq!(refused, 401);
        browser
            .run(
                "setTimeout(() => { throw new Error('thrown on purpose'); });
                 Promise.reject(new Error('rejected on purpose, unhandled'));",
                json!(null),
            )
            .await;
        wait_until(
            "both errors reach the console",
            Duration::from_secs(5),
            || async { browser.unexpected_console_errors().await.len() >= 2 },
        )
        .await;

        let errors = browser.unexpected_console_errors().await;
        let messages: Vec<&str> = errors.iter().map(|entry| entry.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("Uncaught Error: thrown on purpose"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("rejected on purpose, unhandled"))
        );
        let console = browser.console().await;
        assert!(
            console
                .iter()
                .any(|entry| entry.is_error() && entry.is_client_error_status_note()),
            "the browser noted the 401, and the check let it pass: {console:#?}"
        );

        // Both were provoked on purpose: the check at the end lets them be.
        browser.expect_console_error("on purpose");
    })
    .await;
}
