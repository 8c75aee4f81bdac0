//! `verify_token`: missing, expired, tampered, unsigned and foreign tokens.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use silent_renew_tests::{Spawn, spawn_app};

fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn assert_renewable_401(response: &silent_renew_tests::TestResponse, code: &str) {
    assert_eq!(response.status, 401, "{}", response.text());
    assert_eq!(response.error(), code);
    assert_eq!(
        response.header("www-authenticate"),
        Some(r#"Bearer error="invalid_token""#)
    );
    assert!(response.json()["message"].is_string());
}

#[actix_web::test]
async fn no_access_cookie_is_missing_token() {
    let app = spawn_app().await;
    assert_renewable_401(&app.client().get("/api/me").await, "missing_token");
}

#[actix_web::test]
async fn an_expired_access_token_is_token_expired_and_renewal_cures_it() {
    let app = Spawn::new()
        .setting("--access-token-ttl", "1s")
        .start()
        .await;
    let browser = app.client();
    browser.register("alice").await;
    actix_web::rt::time::sleep(Duration::from_millis(2100)).await;

    assert_renewable_401(&browser.get("/api/me").await, "token_expired");
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(browser.get("/api/me").await.status, 200);
}

#[actix_web::test]
async fn a_tampered_payload_is_an_invalid_token() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("mallory").await;
    app.client().register("victim").await;
    let token = browser.cookie("access").unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let forged_payload = payload.replacen(r#""sub":"1""#, r#""sub":"2""#, 1);
    assert_ne!(payload, forged_payload);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        encode(forged_payload.as_bytes()),
        parts[2]
    );
    browser.set_cookie("access", &forged, "/");

    assert_renewable_401(&browser.get("/api/me").await, "invalid_token");
}

#[actix_web::test]
async fn an_unsigned_alg_none_token_is_an_invalid_token() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("mallory").await;
    let token = browser.cookie("access").unwrap();
    let payload = token.split('.').nth(1).unwrap().to_owned();
    let header = encode(br#"{"alg":"none","typ":"JWT"}"#);
    browser.set_cookie("access", &format!("{header}.{payload}."), "/");

    assert_renewable_401(&browser.get("/api/me").await, "invalid_token");
}

#[actix_web::test]
async fn a_token_signed_with_another_key_is_an_invalid_token() {
    let other_site = Spawn::new()
        .setting(
            "--secret-key",
            "another site's master key - also long enough",
        )
        .start()
        .await;
    let foreign = other_site.client();
    foreign.register("eve").await;
    let app = spawn_app().await;
    let browser = app.client();
    browser.set_cookie("access", &foreign.cookie("access").unwrap(), "/");

    assert_renewable_401(&browser.get("/api/me").await, "invalid_token");
}

#[actix_web::test]
async fn garbage_access_cookies_are_invalid_tokens_not_errors() {
    let app = spawn_app().await;
    let browser = app.client();
    for garbage in [
        "x",
        "a.b.c",
        "....",
        "%00%ff",
        &"y".repeat(3000),
        "eyJhbGciOiJIUzI1NiJ9.e30.",
        "é",
    ] {
        browser.set_cookie("access", garbage, "/");
        let response = browser.get("/api/me").await;
        assert_eq!(response.status, 401, "{garbage:?}");
    }
}
