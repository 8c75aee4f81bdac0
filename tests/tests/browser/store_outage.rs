//! Scenario 7: while the store is away the renew endpoint answers 503 (with
//! Retry-After, cookies untouched). The shim keeps trying: a request held
//! through the outage succeeds once the store is back, and nobody is
//! signed out; past the shim's retry bound `silent-renew:failed` fires, the
//! page gets its original answer, and the user is still signed in once the
//! server is back.

use std::time::Duration;

use serde_json::json;
use silent_renew::metrics::RenewOutcome;
use silent_renew_tests::TestApp;
use silent_renew_tests::browser::{Browser, browser_test, wait_until};

use crate::support::{
    app_with_short_tokens_behind_a_database_proxy, create_account, renewals, sign_in_through_form,
    signed_in_on_notes, stored_note_bodies,
};

/// The browser's own console line for each 503 the renew endpoint answers.
const RENEW_503_NOTE: &str = "the server responded with a status of 503";

async fn wait_for_a_refused_renewal(app: &TestApp) {
    wait_until(
        "the renew endpoint has answered 503",
        Duration::from_secs(10),
        || async { app.state.metrics.renewals(RenewOutcome::Unavailable) >= 1 },
    )
    .await;
}

#[actix_web::test]
async fn a_store_outage_holds_the_request_until_it_is_over_and_signs_nobody_out() {
    browser_test(async |test| {
        let (app, proxy) = app_with_short_tokens_behind_a_database_proxy().await;
        let browser = test.browser(&app).await;
        browser.expect_console_error(RENEW_503_NOTE);
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.wait_for_access_token_to_expire().await;

        proxy.cut();
        browser
            .run(
                "fetch('/api/notes', {
                   method: 'POST',
                   headers: { 'content-type': 'application/json' },
                   body: JSON.stringify({ body: args.body }),
                 }).then((response) => { window.answer = response.status; });",
                json!({ "body": "written during an outage ⚡" }),
            )
            .await;
        wait_for_a_refused_renewal(&app).await;
        proxy.restore();

        browser
            .wait_for_within(
                "the held request is answered",
                "window.answer !== undefined",
                Duration::from_secs(15),
            )
            .await;
        assert_eq!(
            browser.run("return window.answer;", json!(null)).await,
            201,
            "the held request succeeds after recovery"
        );
        let names: Vec<_> = browser
            .shim_events()
            .await
            .iter()
            .map(|event| event["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["start", "success"], "no `expired`, no `failed`");
        let success = &browser.shim_events_named("success").await[0]["detail"];
        assert!(success["attempts"].as_u64().unwrap() >= 2, "{success}");
        assert_eq!(browser.path().await, "/notes", "still on the page");
        assert_eq!(
            stored_note_bodies(&app, "alice").await,
            ["written during an outage ⚡"]
        );

        browser.goto("/notes").await;
        assert_eq!(browser.text("h1").await, "Your notes", "still signed in");
        assert_eq!(
            app.state.metrics.renewals(RenewOutcome::Invalid)
                + app.state.metrics.renewals(RenewOutcome::Reused),
            0,
            "the outage refused no refresh token"
        );
    })
    .await;
}

/// The shim's bound for this page: a couple of attempts fit (each 503 asks
/// for `Retry-After: 2`), and the test waits 4.5 s instead of the default 15.
const RETRY_BOUND_MS: u64 = 4_500;

#[actix_web::test]
async fn a_renewal_failing_past_the_retry_bound_fires_failed_and_the_user_stays_signed_in() {
    browser_test(async |test| {
        let (app, proxy) = app_with_short_tokens_behind_a_database_proxy().await;
        let browser = test.browser(&app).await;
        browser.expect_console_error(RENEW_503_NOTE);
        create_account(&app, "alice").await;
        sign_in_through_form(&browser, "alice", "/notes").await;
        install_the_shim_from_code_with_a_short_bound(&browser).await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);

        proxy.cut();
        let answer = browser
            .run_async(
                "const started = Date.now();
                 const response = await fetch('/api/me');
                 return { status: response.status, ms: Date.now() - started };",
                json!(null),
            )
            .await;

        assert_eq!(
            answer["status"], 401,
            "the original answer, once the bound ran out"
        );
        assert!(
            answer["ms"].as_u64().unwrap() <= RETRY_BOUND_MS + 1_000,
            "nothing waits much past the bound: {answer}"
        );
        let events = browser.shim_events().await;
        let names: Vec<_> = events
            .iter()
            .map(|event| event["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["ready", "start", "failed"],
            "`failed`, never `expired`: {events:#?}"
        );
        let failed = &events[2]["detail"];
        // "status" when the bound ran out between two 503s, "timeout" when it
        // cut an attempt short.
        assert!(
            matches!(failed["reason"].as_str(), Some("status" | "timeout")),
            "{failed}"
        );
        assert!(failed["attempts"].as_u64().unwrap() >= 1, "{failed}");
        assert!(
            renewals(&app) > renewals_before,
            "the renew endpoint was asked"
        );

        proxy.restore();
        let after = browser
            .run_async("return (await fetch('/api/me')).status;", json!(null))
            .await;
        assert_eq!(after, 200, "signed in once the server is back");
        browser.goto("/notes").await;
        assert_eq!(browser.text("h1").await, "Your notes");
    })
    .await;
}

/// A page of another author that installs the shim from code, as the README
/// shows (`install({...})`), with its own `retryBoundMs`: a document of the
/// site's origin that carries no shim tag of its own.
async fn install_the_shim_from_code_with_a_short_bound(browser: &Browser) {
    browser.goto("/healthz").await;
    browser.record_shim_events().await;
    browser
        .run_async(
            "const { install } = await import('/static/shim/silent-renew.js');
             await install({ retryBoundMs: args.bound, onExpired: 'none' });",
            json!({ "bound": RETRY_BOUND_MS }),
        )
        .await;
}
