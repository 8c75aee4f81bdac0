//! What the shim leaves alone: other origins, the renew URL, and 401s renewal cannot cure.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{EventLog, Gate, Page, RenewAnswer, object, sleep, status_of, until};

#[wasm_bindgen_test]
async fn cross_origin_urls_are_passed_through_untouched() {
    let page = Page::new("cross-origin");
    let init: JsValue = object(&[("method", "POST".into()), ("body", "x".into())]).into();
    let url = "https://api.example.test/api/me";
    assert_eq!(status_of(page.fetch(url, init.clone())).await, Ok(401));
    let seen = page.server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].input, url, "the same input");
    assert!(
        js_sys::Object::is(&seen[0].init, &init),
        "the very same init object"
    );
    assert_eq!(
        page.server.renewals(),
        0,
        "a cross-origin 401 starts no renewal"
    );
}

#[wasm_bindgen_test]
async fn excluded_prefixes_are_passed_through_and_included_ones_covered() {
    let page = Page::with_options(
        "prefixes",
        &[
            ("include", "/api/ https://api.example.test/v1/".into()),
            ("exclude", "/api/public/".into()),
        ],
    );
    assert_eq!(status_of(page.get("/api/public/news")).await, Ok(401));
    assert_eq!(status_of(page.get("/elsewhere")).await, Ok(401));
    assert_eq!(page.server.renewals(), 0);
    assert_eq!(
        status_of(page.get("https://api.example.test/v1/me")).await,
        Ok(200)
    );
    assert_eq!(page.server.renewals(), 1);
}

#[wasm_bindgen_test]
async fn the_renew_url_is_never_held_or_intercepted() {
    let page = Page::new("renew-url");
    let renew_gate = Gate::new();
    page.server.answer_renewals_with(vec![
        RenewAnswer::OkAfter(renew_gate.clone()),
        RenewAnswer::Status(401, None, r#"{"error":"invalid_refresh_token"}"#),
    ]);
    let events = EventLog::start();
    let first = page.get("/api/first");
    until("the shim's renewal is under way", || {
        page.server.renewals() == 1
    })
    .await;

    // The page calls the renew URL itself, during the renewal: not held, answered as it is.
    let init = object(&[("method", "POST".into())]);
    let own = page.fetch(&page.renew_path, init.into());
    let own_status = status_of(own).await;
    assert_eq!(
        own_status,
        Ok(401),
        "answered while the shim's renewal is still held back"
    );
    assert_eq!(page.server.renewals(), 2);

    renew_gate.open();
    assert_eq!(status_of(first).await, Ok(200));
    sleep(20).await;
    assert_eq!(
        events.names(),
        ["start", "success"],
        "the page's 401 started nothing"
    );
}

#[wasm_bindgen_test]
async fn a_401_without_the_invalid_token_challenge_is_returned_untouched() {
    let page = Page::new("plain-401");
    let response = page.get("/plain-401").await.unwrap();
    let response: web_sys::Response = response.unchecked_into();
    assert_eq!(response.status(), 401);
    sleep(50).await;
    assert_eq!(page.server.times_seen("/plain-401"), 1);
    assert_eq!(page.server.renewals(), 0);
}
