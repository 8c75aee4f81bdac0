//! Scenario 8: a request held back by a renewal is the page's to abort: its
//! `AbortController` rejects it at once with an `AbortError`, and it is never
//! sent.

use serde_json::json;
use silent_renew_tests::browser::browser_test;

use crate::support::{
    app_with_short_tokens_behind_a_database_proxy, signed_in_on_notes, stored_note_bodies,
};

#[actix_web::test]
async fn aborting_a_held_request_rejects_it_with_abort_error_at_once_and_never_sends_it() {
    browser_test(async |test| {
        // A frozen database keeps the renewal running while the page aborts.
        let (app, proxy) = app_with_short_tokens_behind_a_database_proxy().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.wait_for_access_token_to_expire().await;

        proxy.freeze();
        browser
            .run(
                "fetch('/api/me').then((response) => { window.firstAnswer = response.status; });",
                json!(null),
            )
            .await;
        browser
            .wait_for("the renewal has started", "window.shimEvents.some((e) => e.name === 'start')")
            .await;
        let aborted = browser
            .run_async(
                "const controller = new AbortController();
                 const held = fetch('/api/notes', {
                   method: 'POST',
                   headers: { 'content-type': 'application/json' },
                   body: JSON.stringify({ body: 'aborted, never sent' }),
                   signal: controller.signal,
                 });
                 const abortedAt = performance.now();
                 controller.abort();
                 try {
                   const response = await held;
                   return { settled: 'resolved', status: response.status };
                 } catch (error) {
                   return { settled: 'rejected', name: error.name, ms: performance.now() - abortedAt };
                 }",
                json!(null),
            )
            .await;
        proxy.restore();

        assert_eq!(aborted["settled"], "rejected", "{aborted}");
        assert_eq!(aborted["name"], "AbortError", "{aborted}");
        assert!(aborted["ms"].as_f64().unwrap() < 100.0, "at once: {aborted}");
        browser
            .wait_for("the first request is answered", "window.firstAnswer !== undefined")
            .await;
        assert_eq!(browser.run("return window.firstAnswer;", json!(null)).await, 200);
        let success = &browser.shim_events_named("success").await[0]["detail"];
        assert_eq!(success["released"], 0, "the aborted request was not sent: {success}");
        assert!(
            stored_note_bodies(&app, "alice").await.is_empty(),
            "the aborted POST never reached the server"
        );
    })
    .await;
}
