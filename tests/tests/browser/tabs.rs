//! Scenario 4: two tabs of one browser whose token expired together cost
//! one renewal between them (a Web Lock and a shared counter), and the
//! session goes on renewing afterwards.

use serde_json::{Value, json};
use silent_renew_tests::browser::{Browser, browser_test};

use crate::support::{app_with_short_tokens, renewals, renewals_by_outcome, signed_in_on_notes};

/// Schedules three fetches for the moment `args.at` (`Date.now()` time) and
/// keeps their statuses in `window.answers`.
const FETCH_AT_THE_SAME_MOMENT: &str = "
window.answers = [];
setTimeout(() => {
  for (const url of ['/api/me', '/api/notes', '/api/sessions']) {
    fetch(url).then((response) => window.answers.push(response.status));
  }
}, args.at - Date.now());
";

#[actix_web::test]
async fn two_tabs_firing_at_the_same_moment_after_expiry_renew_once_in_all() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        let first = browser.current_tab().await;
        let second = browser.open_tab("/notes").await;
        // The first tab records its events since sign-in; the second from now.
        browser.wait_for_shim().await;
        browser.record_shim_events().await;

        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);
        let now = browser.run("return Date.now();", json!(null)).await;
        // Far enough ahead for both tabs to be told, even on a busy machine.
        let at = now.as_f64().expect("a time") + 1_000.0;
        for tab in [&first, &second] {
            browser.switch_to(tab).await;
            browser
                .run(FETCH_AT_THE_SAME_MOMENT, json!({ "at": at }))
                .await;
        }
        let mut events = Vec::new();
        for tab in [&first, &second] {
            browser.switch_to(tab).await;
            wait_for_three_answers(&browser).await;
            let answers = browser.run("return window.answers;", json!(null)).await;
            assert_eq!(
                answers,
                json!([200, 200, 200]),
                "every fetch of every tab succeeds"
            );
            events.push(browser.shim_events().await);
        }
        let seen = format!(
            "renewals by outcome {:?}, the tabs' events {events:#?}",
            renewals_by_outcome(&app)
        );
        assert_eq!(
            renewals(&app) - renewals_before,
            1,
            "one renewal for both tabs: {seen}"
        );
        // A tab whose 401 came back while the other renewed waited for the
        // lock and replayed (`byOtherTab`); one whose 401 came back after it
        // saw the shared counter move and replayed without a renewal of its
        // own. Either way only one tab may have sent the renew request.
        let mut renewers = 0;
        for tab_events in &events {
            let successes: Vec<&Value> = tab_events
                .iter()
                .filter(|event| event["name"] == "success")
                .collect();
            assert!(successes.len() <= 1, "one success at most per tab: {seen}");
            renewers += successes
                .iter()
                .filter(|success| success["detail"]["byOtherTab"] == false)
                .count();
        }
        assert_eq!(renewers, 1, "exactly one tab renewed: {seen}");

        let revoked = app
            .db()
            .query_i64("SELECT count(*) AS value FROM sessions WHERE revoked_at IS NOT NULL");
        assert_eq!(revoked, 0, "the session was not revoked as a reuse");

        // The session goes on: the next expiry is cured the same way.
        browser.switch_to(&first).await;
        browser.wait_for_access_token_to_expire().await;
        let later = browser
            .run_async("return (await fetch('/api/me')).status;", json!(null))
            .await;
        assert_eq!(later, 200, "a later renewal still works");
        assert_eq!(renewals(&app) - renewals_before, 2);
    })
    .await;
}

async fn wait_for_three_answers(browser: &Browser) {
    browser
        .wait_for(
            "the tab's three fetches are answered",
            "window.answers.length === 3",
        )
        .await;
}
