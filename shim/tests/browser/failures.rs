//! When renewal cannot help: the session is over (401), or the renew endpoint cannot be reached in
//! time. Nobody is logged out by a blip, and nothing waits past the bound.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{EventLog, Page, RenewAnswer, get, now_ms, sleep, status_of};

#[wasm_bindgen_test]
async fn renew_401_gives_every_waiter_its_original_response_and_fires_expired_once() {
    let calls = Rc::new(Cell::new(0));
    let counted = Rc::clone(&calls);
    let on_expired = Closure::<dyn Fn()>::new(move || counted.set(counted.get() + 1));
    let page = Page::with_options("expired", &[("onExpired", on_expired.as_ref().clone())]);
    let session_over = RenewAnswer::Status(401, None, r#"{"error":"refresh_token_reused"}"#);
    page.server
        .answer_renewals_with(vec![session_over.clone(), session_over]);
    let events = EventLog::start();
    let fetches: Vec<_> = ["/api/x", "/api/y", "/api/z"]
        .iter()
        .map(|path| page.get(path))
        .collect();
    for fetch in fetches {
        let response: web_sys::Response = fetch.await.unwrap().unchecked_into();
        assert_eq!(response.status(), 401);
        let body = JsFuture::from(response.text().unwrap()).await.unwrap();
        assert_eq!(
            body, r#"{"error":"token_expired"}"#,
            "the original 401, unread"
        );
    }
    assert_eq!(page.server.renewals(), 1);
    assert_eq!(page.server.times_seen("/api/x"), 1, "nothing replayed");
    assert_eq!(events.names(), ["start", "expired"]);
    let detail = events.detail("expired");
    assert_eq!(get(&detail, "status"), 401);
    assert_eq!(get(&detail, "error"), "refresh_token_reused");
    assert_eq!(calls.get(), 1, "the expired action runs once");

    // A later 401 finds the session still over: no second event in this tab.
    assert_eq!(status_of(page.get("/api/later")).await, Ok(401));
    assert_eq!(page.server.renewals(), 2);
    assert_eq!(events.count("expired"), 1);
    assert_eq!(calls.get(), 1);
}

#[wasm_bindgen_test]
async fn a_cancelled_expired_event_skips_the_expired_action() {
    let calls = Rc::new(Cell::new(0));
    let counted = Rc::clone(&calls);
    let on_expired = Closure::<dyn Fn()>::new(move || counted.set(counted.get() + 1));
    let page = Page::with_options(
        "expired-cancelled",
        &[("onExpired", on_expired.as_ref().clone())],
    );
    page.server
        .answer_renewals_with(vec![RenewAnswer::Status(401, None, "{}")]);
    let cancel =
        Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| event.prevent_default());
    let window = web_sys::window().unwrap();
    let listener: &Function = cancel.as_ref().unchecked_ref();
    window
        .add_event_listener_with_callback("silent-renew:expired", listener)
        .unwrap();
    assert_eq!(status_of(page.get("/api/x")).await, Ok(401));
    window
        .remove_event_listener_with_callback("silent-renew:expired", listener)
        .unwrap();
    assert_eq!(calls.get(), 0);
}

#[wasm_bindgen_test]
async fn renew_503_then_200_renews_without_expiring() {
    let page = Page::new("503-then-200");
    page.server.answer_renewals_with(vec![
        RenewAnswer::Status(503, Some("0"), r#"{"error":"store_unavailable"}"#),
        RenewAnswer::NetworkError,
        RenewAnswer::Status(200, None, r#"{"access_expires_at":1}"#),
    ]);
    let events = EventLog::start();
    let started = now_ms();
    assert_eq!(status_of(page.get("/api/notes")).await, Ok(200));
    assert_eq!(page.server.renewals(), 3);
    assert_eq!(events.names(), ["start", "success"]);
    assert_eq!(get(&events.detail("success"), "attempts"), 3);
    assert!(
        now_ms() - started < 2_000.0,
        "the first retries come quickly"
    );
}

#[wasm_bindgen_test]
async fn renewal_failing_past_the_bound_fires_failed_and_returns_original_responses() {
    let bound = 1_200.0;
    let page = Page::with_options("bound", &[("retryBoundMs", bound.into())]);
    page.server
        .answer_renewals_with(vec![RenewAnswer::Status(503, None, "{}"); 20]);
    let events = EventLog::start();
    let started = now_ms();
    let waiting = page.get("/api/waiting");
    crate::support::until("the renewal is under way", || page.server.renewals() == 1).await;
    let held = page.get("/api/held");

    assert_eq!(status_of(waiting).await, Ok(401), "the original 401");
    assert_eq!(
        status_of(held).await,
        Ok(401),
        "the held request went out once, as it was"
    );
    let elapsed = now_ms() - started;
    assert!(
        elapsed <= bound + 300.0,
        "waited {elapsed} ms, bound {bound} ms"
    );
    assert!(page.server.renewals() >= 3, "retried within the bound");
    assert_eq!(events.names(), ["start", "failed"]);
    let detail = events.detail("failed");
    assert_eq!(get(&detail, "status"), 503);
    assert_eq!(get(&detail, "released"), 1);
    assert_eq!(page.server.times_seen("/api/held"), 1);
}

#[wasm_bindgen_test]
async fn retry_after_longer_than_the_bound_fails_at_once() {
    let page = Page::with_options("retry-after", &[("retryBoundMs", 5_000.into())]);
    page.server
        .answer_renewals_with(vec![RenewAnswer::Status(429, Some("60"), "{}")]);
    let events = EventLog::start();
    let started = now_ms();
    assert_eq!(status_of(page.get("/api/x")).await, Ok(401));
    assert!(now_ms() - started < 1_000.0, "no pointless wait");
    assert_eq!(get(&events.detail("failed"), "status"), 429);
}

#[wasm_bindgen_test]
async fn a_renewal_stuck_behind_a_hung_lock_holder_fails_within_the_bound() {
    let bound = 800.0;
    let page = Page::with_options("hung-lock", &[("retryBoundMs", bound.into())]);
    // Another "tab" takes the renewal lock and never lets go.
    let lock_name = page.cross_tab_key();
    let never = Closure::<dyn Fn() -> Promise>::new(|| Promise::new(&mut |_, _| {}));
    let locks =
        js_sys::Reflect::get(&web_sys::window().unwrap().navigator(), &"locks".into()).unwrap();
    let request: Function = js_sys::Reflect::get(&locks, &"request".into())
        .unwrap()
        .unchecked_into();
    let _ = request
        .call2(&locks, &lock_name.into(), never.as_ref())
        .unwrap();
    sleep(20).await;

    let events = EventLog::start();
    let started = now_ms();
    assert_eq!(status_of(page.get("/api/x")).await, Ok(401));
    let elapsed = now_ms() - started;
    assert!(
        elapsed <= bound + 300.0,
        "waited {elapsed} ms, bound {bound} ms"
    );
    assert_eq!(page.server.renewals(), 0);
    assert_eq!(get(&events.detail("failed"), "reason"), "timeout");
    never.forget(); // the lock stays held for the rest of the page's life
}
