//! Scenario 9: the shim covers the page's own origin only. A request to
//! another origin that answers a renewable-looking 401 is the browser's and
//! the page's business: no renewal, no replay.
//!
//! The site's own Content-Security-Policy (`connect-src 'self'`) refuses
//! every cross-origin fetch before it is sent, so the browser here ignores
//! it, as on a page of an author whose policy allows other origins.

use serde_json::json;
use silent_renew_tests::browser::{CorsResponder, browser_test};

use crate::support::{app_with_short_tokens, renewals, signed_in_on_notes};

#[actix_web::test]
async fn cross_origin_401s_are_left_to_the_page_and_start_no_renewal() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        // Another instance of the site: another origin that sends no CORS
        // headers, so the browser keeps its 401 from the page.
        let other_app = app_with_short_tokens().await;
        // Another origin whose 401 and challenge the page may read.
        let readable_401 = CorsResponder::start();
        let browser = test.browser(&app).await;
        // The browser's own lines about the request it refused the page.
        browser.expect_console_error("has been blocked by CORS policy");
        browser.expect_console_error(&format!(
            "{}/api/me - Failed to load resource: net::ERR_FAILED",
            other_app.address
        ));
        browser.ignore_content_security_policy().await;
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);

        let refused = browser
            .run_async(
                "try {
                   const response = await fetch(args.url, { credentials: 'include' });
                   return { settled: 'resolved', status: response.status };
                 } catch (error) {
                   return { settled: 'rejected', name: error.name };
                 }",
                json!({ "url": format!("{}/api/me", other_app.address) }),
            )
            .await;
        assert_eq!(
            refused,
            json!({ "settled": "rejected", "name": "TypeError" }),
            "the browser's own CORS refusal, untouched"
        );

        let readable = browser
            .run_async(
                "const response = await fetch(args.url);
                 return {
                   status: response.status,
                   challenge: response.headers.get('www-authenticate'),
                   body: await response.json(),
                 };",
                json!({ "url": readable_401.url("/api/me") }),
            )
            .await;
        assert_eq!(readable["status"], 401, "{readable}");
        assert_eq!(
            readable["challenge"], "Bearer error=\"invalid_token\"",
            "the page sees the very challenge the shim acts on at home"
        );
        assert_eq!(readable["body"]["error"], "token_expired");
        assert_eq!(readable_401.requests(), 1, "sent once, never replayed");

        assert_eq!(renewals(&app), renewals_before, "no renewal here");
        assert_eq!(renewals(&other_app), 0, "nor there");
        assert!(browser.shim_events().await.is_empty(), "no shim event");

        // The same page's own requests are still covered.
        let own = browser
            .run_async("return (await fetch('/api/me')).status;", json!(null))
            .await;
        assert_eq!(own, 200);
        assert_eq!(renewals(&app) - renewals_before, 1);
    })
    .await;
}
