//! What many browser tests do: accounts, signing in through the form, the
//! app with short-lived access tokens, the renewal count.

use silent_renew::metrics::RenewOutcome;
use silent_renew_tests::browser::Browser;
use silent_renew_tests::proxy::TcpProxy;
use silent_renew_tests::{Spawn, TestApp, TestClient};

pub const PASSWORD: &str = "correct horse battery";

/// Short enough that a test waits little for expiry, long enough that a
/// page load and a few commands fit in one token.
pub const ACCESS_TOKEN_TTL: &str = "2s";

/// The app on its own PostgreSQL database, with two-second access tokens.
pub async fn app_with_short_tokens() -> TestApp {
    short_tokens(Spawn::new()).start().await
}

/// The same, reaching its database through a proxy the test can cut
/// (renewals answer 503) or freeze (renewals hang, up to about 4 s).
pub async fn app_with_short_tokens_behind_a_database_proxy() -> (TestApp, TcpProxy) {
    let (spawn, proxy) = short_tokens(Spawn::new()).database_behind_a_proxy();
    (spawn.start().await, proxy)
}

fn short_tokens(spawn: Spawn) -> Spawn {
    spawn.setting("--access-token-ttl", ACCESS_TOKEN_TTL)
}

/// Creates an account through the API (not through the browser).
pub async fn create_account(app: &TestApp, username: &str) {
    app.client().register(username).await;
}

/// A signed-in API client of `username`: another device of theirs.
pub async fn api_client(app: &TestApp, username: &str) -> TestClient {
    let client = app.client();
    let response = client.login(username, PASSWORD).await;
    assert_eq!(
        response.status,
        200,
        "signing {username} in: {}",
        response.text()
    );
    client
}

/// Signs in through the login form and waits until the browser lands on
/// `next`.
pub async fn sign_in_through_form(browser: &Browser, username: &str, next: &str) {
    let query = serde_urlencoded::to_string([("next", next)]).expect("next encodes");
    browser.goto(&format!("/login?{query}")).await;
    fill_sign_in_form(browser, username).await;
    browser.wait_for_path(next).await;
}

/// Fills the sign-in form on the current page and submits it.
pub async fn fill_sign_in_form(browser: &Browser, username: &str) {
    browser.fill("#username", username).await;
    browser.fill("#password", PASSWORD).await;
    browser
        .click("form[action='/login'] button[type='submit']")
        .await;
}

/// Creates `username`, signs in through the form, and waits on `/notes`
/// until the shim is installed and its events are being recorded.
pub async fn signed_in_on_notes(app: &TestApp, browser: &Browser, username: &str) {
    create_account(app, username).await;
    sign_in_through_form(browser, username, "/notes").await;
    browser.wait_for_shim().await;
    browser.record_shim_events().await;
}

/// Every `POST /auth/renew` the app has answered, whatever the outcome.
pub fn renewals(app: &TestApp) -> u64 {
    app.state.metrics.renewals_total()
}

/// The renewals answered so far, by outcome (for failure messages).
pub fn renewals_by_outcome(app: &TestApp) -> Vec<(RenewOutcome, u64)> {
    use RenewOutcome::*;
    [Rotated, Grace, Reused, Invalid, Limited, Unavailable]
        .into_iter()
        .map(|outcome| (outcome, app.state.metrics.renewals(outcome)))
        .collect()
}

/// The bodies of `username`'s notes, newest first, read through the API.
pub async fn stored_note_bodies(app: &TestApp, username: &str) -> Vec<String> {
    let notes = api_client(app, username)
        .await
        .get("/api/notes")
        .await
        .json();
    notes["notes"]
        .as_array()
        .expect("a list of notes")
        .iter()
        .map(|note| note["body"].as_str().expect("a note body").to_owned())
        .collect()
}
