//! Scenario 6: a session signed out from another device ends in this one
//! at its next renewal: the fetch gets its 401 within seconds,
//! `silent-renew:expired` fires once, the page goes to the sign-in page with
//! `next`, and signing in again brings the user back.

use std::time::Duration;

use serde_json::json;
use silent_renew_tests::browser::{browser_test, wait_until};

use crate::support::{
    app_with_short_tokens, fill_sign_in_form, renewals, sign_in_through_form, signed_in_on_notes,
};

/// Keeps what must survive the page going to the sign-in page in
/// `sessionStorage`: every `silent-renew:expired` event's detail, and the
/// answers (with how long they took) of two fetches started now.
const FETCH_AND_KEEP_ACROSS_NAVIGATION: &str = "
const keep = (key, value) => {
  const list = JSON.parse(sessionStorage.getItem(key) || '[]');
  list.push(value);
  sessionStorage.setItem(key, JSON.stringify(list));
};
window.addEventListener('silent-renew:expired', (event) => keep('expired', event.detail));
const started = Date.now();
for (const url of ['/api/notes', '/api/me']) {
  fetch(url).then((response) => keep('answers', { url, status: response.status, ms: Date.now() - started }));
}
";

#[actix_web::test]
async fn a_session_revoked_in_another_browser_ends_at_its_next_fetch_and_sign_in_returns_there() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let laptop = test.browser(&app).await;
        signed_in_on_notes(&app, &laptop, "alice").await;

        let phone = test.browser(&app).await;
        sign_in_through_form(&phone, "alice", "/sessions").await;
        phone
            .click("form[action$='/revoke'] button[type='submit']")
            .await;
        wait_until(
            "the laptop's session is revoked",
            Duration::from_secs(5),
            || async {
                app.db().query_i64(
                    "SELECT count(*) AS value FROM sessions WHERE revoked_at IS NOT NULL",
                ) == 1
            },
        )
        .await;

        laptop.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);
        laptop
            .run(FETCH_AND_KEEP_ACROSS_NAVIGATION, json!(null))
            .await;

        laptop.wait_for_path("/login?next=%2Fnotes").await;
        let kept = laptop
            .run(
                "return {
                   answers: JSON.parse(sessionStorage.getItem('answers') || '[]'),
                   expired: JSON.parse(sessionStorage.getItem('expired') || '[]'),
                 };",
                json!(null),
            )
            .await;
        let answers = kept["answers"].as_array().expect("answers");
        assert_eq!(
            answers.len(),
            2,
            "both fetches answered before leaving: {kept:#}"
        );
        for answer in answers {
            assert_eq!(answer["status"], 401, "{kept:#}");
            assert!(
                answer["ms"].as_u64().unwrap() < 5_000,
                "answered within seconds: {kept:#}"
            );
        }
        let expired = kept["expired"].as_array().expect("expired events");
        assert_eq!(expired.len(), 1, "`expired` fired once: {kept:#}");
        assert_eq!(expired[0]["error"], "invalid_refresh_token");
        assert_eq!(renewals(&app) - renewals_before, 1, "one renewal, refused");
        let next = laptop
            .find("form[action='/login'] input[name='next']")
            .await
            .prop("value")
            .await
            .expect("the next field has a value");
        assert_eq!(next.as_deref(), Some("/notes"));

        fill_sign_in_form(&laptop, "alice").await;
        laptop.wait_for_path("/notes").await;
        assert_eq!(
            laptop.text("h1").await,
            "Your notes",
            "back where the user was"
        );
    })
    .await;
}
