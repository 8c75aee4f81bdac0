//! Every row of DESIGN section 4's table.

use std::time::Duration;

use futures_util::future::join_all;
use silent_renew_tests::{Spawn, TestClient, spawn_app};

fn sleep(millis: u64) -> actix_web::rt::time::Sleep {
    actix_web::rt::time::sleep(Duration::from_millis(millis))
}

fn refresh_counter(app: &silent_renew_tests::TestApp) -> i64 {
    app.db()
        .query_i64("SELECT refresh_counter AS value FROM sessions")
}

#[actix_web::test]
async fn first_renewal_rotates_and_issues_a_new_access_token() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("alice").await;
    let old_refresh = browser.cookie("refresh").unwrap();
    let old_access = browser.cookie("access").unwrap();

    let response = browser.renew().await;

    assert_eq!(response.status, 200);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let expires_at = response.json()["access_expires_at"]
        .as_i64()
        .expect("an integer");
    assert!(expires_at > 1_700_000_000);
    assert_ne!(browser.cookie("refresh").unwrap(), old_refresh);
    assert_ne!(browser.cookie("access").unwrap(), old_access);
    assert_eq!(refresh_counter(&app), 1);
    assert_eq!(browser.get("/api/me").await.status, 200);
}

#[actix_web::test]
async fn current_token_inside_the_grace_window_is_sent_again_unrotated() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("bob").await;
    browser.renew().await;
    let current = browser.cookie("refresh").unwrap();

    let response = browser.renew().await;

    assert_eq!(response.status, 200);
    assert_eq!(response.set_cookie("refresh").unwrap().value, current);
    assert_eq!(refresh_counter(&app), 1);
}

#[actix_web::test]
async fn previous_token_inside_the_grace_window_gets_the_current_one() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("carol").await;
    let other_tab = browser.fork();
    browser.renew().await;
    let current = browser.cookie("refresh").unwrap();

    let response = other_tab.renew().await;

    assert_eq!(response.status, 200);
    assert_eq!(response.set_cookie("refresh").unwrap().value, current);
    assert_eq!(refresh_counter(&app), 1, "no second rotation");
    assert_eq!(other_tab.get("/api/me").await.status, 200);
}

#[actix_web::test]
async fn previous_token_after_the_grace_window_revokes_that_session_only() {
    let app = Spawn::new().setting("--renew-grace", "1s").start().await;
    let browser = app.client();
    browser.register("dave").await;
    let laptop = app.client();
    laptop.login("dave", "correct horse battery").await;
    let thief = browser.fork();
    browser.renew().await;
    sleep(1100).await;

    let response = thief.renew().await;

    assert_eq!(response.status, 401);
    assert_eq!(response.error(), "refresh_token_reused");
    assert_eq!(response.set_cookie("refresh").unwrap().max_age, Some(0));
    assert_eq!(response.set_cookie("access").unwrap().max_age, Some(0));
    assert_eq!(
        browser.renew().await.error(),
        "invalid_refresh_token",
        "the session is revoked"
    );
    assert_eq!(
        laptop.renew().await.status,
        200,
        "the user's other session is untouched"
    );
    assert_eq!(
        app.db().query_i64(
            "SELECT count(*) AS value FROM sessions WHERE revoked_reason = 'refresh_token_reused'"
        ),
        1
    );
}

#[actix_web::test]
async fn a_token_older_than_the_previous_one_is_a_reuse_even_inside_the_window() {
    let app = Spawn::new().setting("--renew-grace", "0s").start().await;
    let browser = app.client();
    browser.register("erin").await;
    let oldest = browser.fork();
    browser.renew().await;
    browser.renew().await;

    assert_eq!(oldest.renew().await.error(), "refresh_token_reused");
}

#[actix_web::test]
async fn a_lost_renew_response_costs_nothing_inside_the_grace_window() {
    let app = Spawn::new().setting("--renew-grace", "2s").start().await;
    let browser = app.client();
    browser.register("frank").await;
    // The rotation happens but its answer never reaches the browser.
    let lost = browser.fork();
    assert_eq!(lost.renew().await.status, 200);

    let retry = browser.renew().await;
    assert_eq!(retry.status, 200);
    assert_eq!(
        browser.cookie("refresh"),
        lost.cookie("refresh"),
        "the browser now holds the current token"
    );

    // ...and stays signed in for good: its later renewals rotate normally.
    sleep(2100).await;
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(refresh_counter(&app), 2);
    sleep(2100).await;
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(refresh_counter(&app), 3);
}

#[actix_web::test]
async fn a_token_ahead_of_the_row_is_current_and_the_row_catches_up() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("gina").await;
    browser.renew().await;
    // The database lost its last commit: the row is one behind the cookie.
    app.db()
        .execute("UPDATE sessions SET refresh_counter = 0, rotated_at = NULL");

    let response = browser.renew().await;

    assert_eq!(response.status, 200);
    assert_eq!(refresh_counter(&app), 2);
    assert_eq!(browser.renew().await.status, 200);
}

#[actix_web::test]
async fn twenty_concurrent_renewals_with_one_cookie_rotate_exactly_once() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("hank").await;
    let tabs: Vec<TestClient> = (0..20).map(|_| browser.fork()).collect();

    let responses = join_all(tabs.iter().map(|tab| tab.renew())).await;

    let refresh_values: Vec<String> = responses
        .iter()
        .map(|response| {
            assert_eq!(response.status, 200, "{}", response.text());
            response.set_cookie("refresh").unwrap().value
        })
        .collect();
    assert!(
        refresh_values
            .iter()
            .all(|value| value == &refresh_values[0]),
        "one refresh cookie for all"
    );
    assert_eq!(refresh_counter(&app), 1);
    assert_eq!(
        app.db()
            .query_i64("SELECT count(*) AS value FROM sessions WHERE revoked_at IS NULL"),
        1
    );
    assert_eq!(tabs[7].get("/api/me").await.status, 200);
}

#[actix_web::test]
async fn a_forged_mac_is_refused_and_revokes_nothing() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("ivan").await;
    let token = browser.cookie("refresh").unwrap();
    let attacker = app.client();
    let mut forged = token.clone().into_bytes();
    let last = forged.len() - 2;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    attacker.set_cookie("refresh", std::str::from_utf8(&forged).unwrap(), "/auth");

    let response = attacker.renew().await;

    assert_eq!(response.status, 401);
    assert_eq!(response.error(), "invalid_refresh_token");
    assert_eq!(response.set_cookie("refresh").unwrap().max_age, Some(0));
    assert_eq!(
        browser.renew().await.status,
        200,
        "the real session lives on"
    );
}

#[actix_web::test]
async fn missing_malformed_unknown_and_revoked_tokens_are_invalid_and_cleared() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("judy").await;
    let token = browser.cookie("refresh").unwrap();

    let unknown_session = {
        // A well-formed token of a session that does not exist.
        let mut bytes = token.clone().into_bytes();
        bytes[0] = if bytes[0] == b'A' { b'B' } else { b'A' };
        String::from_utf8(bytes).unwrap()
    };
    for value in [
        None,
        Some("garbage"),
        Some(""),
        Some(&*"A".repeat(5000)),
        Some(&*unknown_session),
    ] {
        let client = app.client();
        if let Some(value) = value {
            client.set_cookie("refresh", value, "/auth");
        }
        let response = client.renew().await;
        assert_eq!(response.status, 401, "{value:?}");
        assert_eq!(response.error(), "invalid_refresh_token");
        assert_eq!(response.set_cookie("refresh").unwrap().max_age, Some(0));
    }

    app.db()
        .execute("UPDATE sessions SET revoked_at = 1, revoked_reason = 'test'");
    assert_eq!(browser.renew().await.error(), "invalid_refresh_token");
}

#[actix_web::test]
async fn an_idle_session_expires() {
    let app = Spawn::new()
        .setting("--refresh-idle-ttl", "1s")
        .start()
        .await;
    let browser = app.client();
    browser.register("kate").await;
    sleep(1100).await;
    assert_eq!(browser.renew().await.error(), "invalid_refresh_token");
}

#[actix_web::test]
async fn no_session_outlives_its_maximum_age() {
    let app = Spawn::new()
        .setting("--session-max-age", "2s")
        .start()
        .await;
    let browser = app.client();
    browser.register("liam").await;
    let first = browser.renew().await;
    assert_eq!(first.status, 200);
    assert!(first.set_cookie("refresh").unwrap().max_age.unwrap() <= 2);
    sleep(2100).await;
    assert_eq!(browser.renew().await.error(), "invalid_refresh_token");
}

#[actix_web::test]
async fn several_refresh_cookies_are_refused_without_clearing_any() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("mia").await;
    let token = browser.cookie("refresh").unwrap();
    let request = browser
        .request(reqwest::Method::POST, "/auth/renew")
        .header(
            "cookie",
            format!("refresh={token}; refresh=planted-by-a-sibling"),
        );

    let response = browser.execute(request).await;

    assert_eq!(response.status, 401);
    assert_eq!(response.error(), "invalid_refresh_token");
    assert!(response.set_cookies().is_empty());
    assert_eq!(browser.renew().await.status, 200);
}

#[actix_web::test]
async fn renewal_from_another_site_is_forbidden() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("noah").await;
    let request = browser
        .bare_request(reqwest::Method::POST, "/auth/renew")
        .header("sec-fetch-site", "cross-site");

    let response = browser.execute(request).await;

    assert_eq!(response.status, 403);
    assert_eq!(response.error(), "cross_site_request");
    assert_eq!(refresh_counter(&app), 0);
}

#[actix_web::test]
async fn renewed_access_token_never_outlives_the_session() {
    let app = Spawn::new()
        .setting("--access-token-ttl", "1h")
        .setting("--session-max-age", "1m")
        .start()
        .await;
    let browser = app.client();
    browser.register("olga").await;
    let response = browser.renew().await;
    let expires_at = response.json()["access_expires_at"].as_i64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(expires_at <= now + 61, "{expires_at} vs {now}");
}

#[actix_web::test]
async fn the_renew_route_answers_only_post() {
    let app = spawn_app().await;
    let response = app.client().get("/auth/renew").await;
    assert_eq!(response.status, 405);
    assert_eq!(response.error(), "method_not_allowed");
}
