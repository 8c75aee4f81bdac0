//! Cross-site requests are refused before they can write anything.

use reqwest::Method;
use serde_json::json;
use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn cross_site_requests_are_forbidden_and_write_nothing() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("alice").await;
    let note = json!({ "body": "planted" });

    let attempts = [
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("sec-fetch-site", "cross-site"),
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("sec-fetch-site", "same-site"),
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("origin", "http://evil.example"),
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("referer", "http://evil.example/page"),
        browser.bare_request(Method::POST, "/api/notes"),
    ];
    for attempt in attempts {
        let response = browser.execute(attempt.json(&note)).await;
        assert_eq!(response.status, 403);
        assert_eq!(response.error(), "cross_site_request");
    }
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 0);
}

#[actix_web::test]
async fn a_cross_site_registration_creates_no_account() {
    let app = spawn_app().await;
    let browser = app.client();
    let request = browser
        .bare_request(Method::POST, "/api/register")
        .header("origin", "http://evil.example")
        .json(&json!({ "username": "bob", "password": "long enough password" }));
    assert_eq!(browser.execute(request).await.status, 403);
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM users"), 0);
}

#[actix_web::test]
async fn same_origin_requests_pass_by_any_of_the_three_signals() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("carol").await;
    let referer = format!("{}/notes", app.address);
    let allowed = [
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("sec-fetch-site", "same-origin"),
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("origin", &app.address),
        browser
            .bare_request(Method::POST, "/api/notes")
            .header("referer", &referer),
    ];
    for request in allowed {
        let response = browser
            .execute(request.json(&json!({ "body": "mine" })))
            .await;
        assert_eq!(response.status, 201, "{}", response.text());
    }
}

#[actix_web::test]
async fn safe_methods_need_no_origin() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("dave").await;
    let response = browser
        .execute(browser.bare_request(Method::GET, "/api/notes"))
        .await;
    assert_eq!(response.status, 200);
}
