//! Bad input of every kind gets a clear error with the right status, never a 500.

use reqwest::Method;
use serde_json::json;
use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn malformed_json_is_a_bad_request() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("alice").await;
    for body in ["{", "not json", "{\"body\": }", "", "\u{0}"] {
        let request = browser
            .request(Method::POST, "/api/notes")
            .header("content-type", "application/json")
            .body(body);
        let response = browser.execute(request).await;
        assert_eq!(response.status, 400, "{body:?}: {}", response.text());
        assert_eq!(response.error(), "malformed_json");
    }
}

#[actix_web::test]
async fn json_of_the_wrong_shape_is_invalid_input() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("bob").await;
    for body in [
        json!({}),
        json!({ "body": 5 }),
        json!([1, 2]),
        json!("text"),
        json!(null),
    ] {
        let response = browser.post_json("/api/notes", &body).await;
        assert_eq!(response.status, 422, "{body}");
        assert_eq!(response.error(), "invalid_input");
    }
}

#[actix_web::test]
async fn a_note_too_long_or_empty_is_invalid_input() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("carol").await;
    for body in [
        "x".repeat(10_001),
        "  ".to_owned(),
        "nul\0inside".to_owned(),
    ] {
        let response = browser
            .post_json("/api/notes", &json!({ "body": body }))
            .await;
        assert_eq!(response.status, 422);
        assert_eq!(response.error(), "invalid_input");
    }
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 0);
}

#[actix_web::test]
async fn a_body_over_64_kib_is_too_large() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("dave").await;
    let huge = json!({ "body": "x".repeat(70 * 1024) });
    let response = browser.post_json("/api/notes", &huge).await;
    assert_eq!(response.status, 413);
    assert_eq!(response.error(), "payload_too_large");
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_an_unsupported_media_type() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("erin").await;
    let request = browser
        .request(Method::POST, "/api/notes")
        .header("content-type", "text/plain")
        .body("hello");
    assert_eq!(browser.execute(request).await.status, 415);
}

#[actix_web::test]
async fn unknown_routes_and_ids_are_not_found() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("frank").await;
    for path in [
        "/api/nothing",
        "/nothing",
        "/api/notes/abc",
        "/api/notes/99999999999",
        "/api/notes/12345",
    ] {
        let response = browser.delete(path).await;
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(response.error(), "not_found");
    }
    for path in [
        "/api/sessions/zz",
        "/api/sessions/00000000000000000000000000000000",
    ] {
        assert_eq!(browser.delete(path).await.status, 404, "{path}");
    }
}

#[actix_web::test]
async fn wrong_methods_are_not_allowed() {
    let app = spawn_app().await;
    let browser = app.client();
    for (method, path) in [
        (Method::GET, "/api/login"),
        (Method::PUT, "/api/notes"),
        (Method::DELETE, "/api/me"),
        (Method::PATCH, "/api/sessions"),
        (Method::POST, "/healthz"),
    ] {
        let response = browser.execute(browser.request(method.clone(), path)).await;
        assert_eq!(response.status, 405, "{method} {path}");
        assert_eq!(response.error(), "method_not_allowed");
    }
}

#[actix_web::test]
async fn hostile_cookie_headers_never_cause_a_server_error() {
    let app = spawn_app().await;
    let browser = app.client();
    for header in [
        "",
        ";;;;",
        "=",
        "access",
        "access=; refresh=",
        "a=b=c; access=\"",
        "refresh=%ZZ",
    ] {
        for path in ["/api/me", "/auth/renew", "/api/logout"] {
            let method = if path == "/api/me" {
                Method::GET
            } else {
                Method::POST
            };
            let request = browser.request(method, path).header("cookie", header);
            let response = browser.execute(request).await;
            assert!(
                response.status < 500,
                "{header:?} on {path}: {}",
                response.status
            );
        }
    }
}

#[actix_web::test]
async fn every_error_body_has_a_code_and_a_message() {
    let app = spawn_app().await;
    let browser = app.client();
    for response in [
        browser.get("/api/me").await,
        browser.get("/nothing").await,
        browser.renew().await,
        browser.login("nobody", "whatever password").await,
    ] {
        let body = response.json();
        assert!(
            body["error"].is_string() && body["message"].is_string(),
            "{body}"
        );
        assert_eq!(response.header("cache-control"), Some("no-store"));
    }
}
