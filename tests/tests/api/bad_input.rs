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
        browser.get("/api/nothing").await,
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

#[actix_web::test]
async fn a_12_kb_cookie_is_refused_cleanly() {
    let app = spawn_app().await;
    let browser = app.client();
    let huge = "c".repeat(12 * 1024);
    for (method, path) in [(Method::GET, "/api/me"), (Method::POST, "/auth/renew")] {
        let request = browser
            .request(method, path)
            .header("cookie", format!("access={huge}; refresh={huge}"));
        let response = browser.execute(request).await;
        assert!(
            (400..500).contains(&response.status),
            "{path}: {}",
            response.status
        );
    }
    // A page treats a cookie that is not ours as no cookie: to sign in, cleared.
    let request = browser
        .request(Method::GET, "/notes")
        .header("cookie", format!("access={huge}"));
    let page = browser.execute(request).await;
    assert_eq!(page.status, 303);
    assert_eq!(page.set_cookie("access").and_then(|c| c.max_age), Some(0));
}

#[actix_web::test]
async fn oversized_headers_are_refused_before_any_handler() {
    let app = spawn_app().await;
    let browser = app.client();
    let request = browser
        .request(Method::GET, "/api/me")
        .header("x-padding", "p".repeat(64 * 1024));
    let response = request.send().await;
    match response {
        Ok(response) => assert!((400..500).contains(&response.status().as_u16())),
        Err(error) => assert!(
            error.is_request() || error.is_body() || error.is_connect(),
            "{error}"
        ),
    }
    assert_eq!(
        browser.get("/healthz").await.status,
        200,
        "the server is unharmed"
    );
}

#[actix_web::test]
async fn a_client_that_never_finishes_its_request_is_cut_off() {
    use std::io::{Read, Write};
    let app = spawn_app().await;
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", app.port)).unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(15)))
        .unwrap();
    slow.write_all(b"GET /api/me HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = std::time::Instant::now();

    let answer = actix_web::rt::task::spawn_blocking(move || {
        let mut text = String::new();
        let _ = slow.read_to_string(&mut text);
        text
    })
    .await
    .unwrap();

    assert!(
        started.elapsed() < std::time::Duration::from_secs(12),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

#[actix_web::test]
async fn a_wrong_method_says_which_methods_the_route_answers() {
    let app = spawn_app().await;
    let browser = app.client();
    let response = browser
        .execute(browser.request(Method::PATCH, "/api/notes"))
        .await;
    assert_eq!(response.status, 405);
    assert_eq!(response.header("allow"), Some("GET, POST"));
}
