//! Scenario 11: the shim on the example page for frontend authors, a page
//! that is not part of the site's templates and knows nothing about
//! renewal: its plain fetch calls renew once after expiry, and its event log
//! shows what happened.

use serde_json::json;
use silent_renew_tests::browser::{Browser, browser_test};

use crate::support::{PASSWORD, app_with_short_tokens, create_account, renewals};

/// How many lines of the page's log contain `fragment`.
async fn log_lines_with(browser: &Browser, fragment: &str) -> u64 {
    browser
        .run(
            "return document.getElementById('log').textContent
               .split('\\n').filter((line) => line.includes(args.fragment)).length;",
            json!({ "fragment": fragment }),
        )
        .await
        .as_u64()
        .expect("a count")
}

async fn wait_for_log_lines(browser: &Browser, fragment: &str, count: u64) {
    let condition = format!(
        "document.getElementById('log').textContent.split('\\n')\
           .filter((line) => line.includes({})).length >= {count}",
        serde_json::to_string(fragment).unwrap()
    );
    browser
        .wait_for(&format!("the log shows {count} × {fragment:?}"), &condition)
        .await;
}

#[actix_web::test]
async fn the_example_page_renews_once_for_its_burst_and_logs_the_events() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        create_account(&app, "alice").await;
        let browser = test.browser(&app).await;
        browser.goto("/shim-demo").await;
        browser.wait_for_shim().await;
        browser
            .fill("#sign-in input[name='username']", "alice")
            .await;
        browser
            .fill("#sign-in input[name='password']", PASSWORD)
            .await;
        browser.click("#sign-in button[value='login']").await;
        wait_for_log_lines(&browser, "POST /api/login -> 200", 1).await;

        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);
        browser.click("button[data-call='burst']").await;
        wait_for_log_lines(&browser, "-> 200", 6).await;

        assert_eq!(
            renewals(&app) - renewals_before,
            1,
            "one renewal for five requests"
        );
        assert_eq!(
            log_lines_with(&browser, " -> 401").await,
            0,
            "no 401 reaches the page"
        );
        assert_eq!(log_lines_with(&browser, "silent-renew:start").await, 1);
        assert_eq!(log_lines_with(&browser, "silent-renew:success").await, 1);

        browser.click("button[data-call='renew']").await;
        wait_for_log_lines(&browser, "silentRenew.renew() -> renewed", 1).await;
        assert_eq!(renewals(&app) - renewals_before, 2);

        // After signing out, the page's own choice: stay (cancel `expired`).
        browser.click("#stay").await;
        browser.click("button[data-call='logout']").await;
        wait_for_log_lines(&browser, "POST /api/logout -> 204", 1).await;
        browser.click("button[data-call='me']").await;
        wait_for_log_lines(&browser, "GET /api/me -> 401", 1).await;
        wait_for_log_lines(&browser, "silent-renew:expired", 1).await;
        assert_eq!(
            browser.path().await,
            "/shim-demo",
            "the page stayed, as it asked"
        );
    })
    .await;
}
