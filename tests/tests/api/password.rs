//! Changing the password ends every other session.

use reqwest::Method;
use serde_json::json;
use silent_renew_tests::{TestClient, TestResponse, spawn_app};

async fn change(browser: &TestClient, current: &str, new: &str) -> TestResponse {
    let request = browser
        .request(Method::PUT, "/api/password")
        .json(&json!({ "current_password": current, "new_password": new }));
    browser.execute(request).await
}

#[actix_web::test]
async fn a_password_change_ends_every_other_session_but_this_one() {
    let app = spawn_app().await;
    let laptop = app.client();
    laptop.register("alice").await;
    let phone = app.client();
    phone.login("alice", "correct horse battery").await;

    let response = change(&laptop, "correct horse battery", "a brand new passphrase").await;

    assert_eq!(response.status, 204, "{}", response.text());
    assert_eq!(phone.renew().await.error(), "invalid_refresh_token");
    assert_eq!(laptop.renew().await.status, 200);
    assert_eq!(
        app.client()
            .login("alice", "correct horse battery")
            .await
            .status,
        401
    );
    assert_eq!(
        app.client()
            .login("alice", "a brand new passphrase")
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("bob").await;

    let wrong = change(&browser, "not my password", "a brand new passphrase").await;
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.error(), "wrong_password");
    let weak = change(&browser, "correct horse battery", "short").await;
    assert_eq!(weak.status, 422);
    assert_eq!(
        app.client()
            .login("bob", "correct horse battery")
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn the_password_form_reports_errors_next_to_its_fields_and_then_succeeds() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("carol").await;
    let other_device = app.client();
    other_device.login("carol", "correct horse battery").await;
    let token = browser.form_token("/sessions").await;

    let wrong = browser
        .post_form(
            "/password",
            &[
                ("current_password", "nope nope"),
                ("new_password", "another passphrase"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(wrong.status, 403);
    assert!(wrong.text().contains(r#"id="current-password-error""#));

    let done = browser
        .post_form(
            "/password",
            &[
                ("current_password", "correct horse battery"),
                ("new_password", "another passphrase"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(done.status, 303);
    assert!(
        browser
            .get("/sessions")
            .await
            .text()
            .contains("1 other device was signed out")
    );
    assert_eq!(other_device.renew().await.status, 401);
}
