//! One renewal for everything that needs it: single flight, holding, ordering, across tabs.

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{
    EventLog, Gate, Page, RenewAnswer, get, object, sleep, status_of, text_of, until,
};

#[wasm_bindgen_test]
async fn concurrent_401s_share_one_renewal() {
    let page = Page::new("single-flight");
    let events = EventLog::start();
    let paths = ["/api/a", "/api/b", "/api/c", "/api/d", "/api/e"];
    let fetches: Vec<_> = paths.iter().map(|path| page.get(path)).collect();
    for (fetch, path) in fetches.into_iter().zip(paths) {
        assert_eq!(text_of(fetch).await, format!("ok {path}"));
    }
    assert_eq!(page.server.renewals(), 1);
    for path in paths {
        assert_eq!(
            page.server.times_seen(path),
            2,
            "{path}: sent, then replayed once"
        );
    }
    assert_eq!(events.names(), ["start", "success"]);
    assert_eq!(get(&events.detail("success"), "replayed"), 5);
    assert_eq!(get(&events.detail("success"), "status"), 200);
}

#[wasm_bindgen_test]
async fn requests_started_during_a_renewal_are_held_then_sent_in_order() {
    let page = Page::new("held-in-order");
    let renew_gate = Gate::new();
    page.server
        .answer_renewals_with(vec![RenewAnswer::OkAfter(renew_gate.clone())]);
    let first = page.get("/api/first");
    until("the renewal is under way", || page.server.renewals() == 1).await;

    let held: Vec<_> = ["/api/h1", "/api/h2", "/api/h3"]
        .iter()
        .map(|path| page.get(path))
        .collect();
    sleep(50).await;
    assert!(
        !page
            .server
            .paths()
            .iter()
            .any(|path| path.starts_with("/api/h")),
        "a held request reached the server during the renewal"
    );

    renew_gate.open();
    assert_eq!(status_of(first).await, Ok(200));
    for fetch in held {
        assert_eq!(status_of(fetch).await, Ok(200));
    }
    let after_renewal: Vec<String> = page
        .server
        .paths()
        .into_iter()
        .skip_while(|path| *path != page.renew_path)
        .skip(1)
        .collect();
    assert_eq!(
        after_renewal,
        ["/api/first", "/api/h1", "/api/h2", "/api/h3"]
    );
    assert_eq!(page.server.renewals(), 1);
}

#[wasm_bindgen_test]
async fn a_401_after_the_replay_is_returned_as_it_is() {
    let page = Page::new("no-loop");
    let response = page.get("/always-401").await.unwrap();
    let response: web_sys::Response = wasm_bindgen::JsCast::unchecked_into(response);
    assert_eq!(response.status(), 401);
    sleep(100).await;
    assert_eq!(
        page.server.times_seen("/always-401"),
        2,
        "sent, replayed once, no more"
    );
    assert_eq!(page.server.renewals(), 1);
}

#[wasm_bindgen_test]
async fn a_401_for_a_request_sent_before_the_last_renewal_is_replayed_without_renewing() {
    let page = Page::new("sent-before");
    let slow_gate = Gate::new();
    page.server.delay_path("/api/slow", &slow_gate);
    let slow = page.get("/api/slow"); // judged now, with the expired token
    assert_eq!(status_of(page.get("/api/fast")).await, Ok(200)); // renews
    assert_eq!(page.server.renewals(), 1);

    slow_gate.open(); // its 401 arrives after the renewal
    assert_eq!(text_of(slow).await, "ok /api/slow");
    assert_eq!(page.server.renewals(), 1, "no second renewal");
    assert_eq!(page.server.times_seen("/api/slow"), 2);
}

#[wasm_bindgen_test]
async fn a_tab_that_waited_for_the_lock_replays_after_another_tabs_renewal() {
    let page = Page::new("two-tabs");
    let other_tab = page.another_tab();
    let events = EventLog::start();
    let renew_gate = Gate::new();
    page.server
        .answer_renewals_with(vec![RenewAnswer::OkAfter(renew_gate.clone())]);

    let in_this_tab = page.get("/api/one");
    until("this tab renews", || page.server.renewals() == 1).await;
    let in_other_tab = JsFuture::from(other_tab.fetch("/api/two".into(), JsValue::UNDEFINED));
    until("the other tab's request got its 401", || {
        page.server.times_seen("/api/two") == 1
    })
    .await;
    sleep(50).await; // the other tab now waits for the lock

    renew_gate.open();
    assert_eq!(status_of(in_this_tab).await, Ok(200));
    assert_eq!(status_of(in_other_tab).await, Ok(200));
    assert_eq!(page.server.renewals(), 1, "two tabs, one renewal");
    assert_eq!(events.count("success"), 2, "each tab reports its renewal");
    let by_other_tab: Vec<JsValue> = events
        .details("success")
        .iter()
        .map(|detail| get(detail, "byOtherTab"))
        .collect();
    assert_eq!(by_other_tab, [JsValue::FALSE, JsValue::TRUE]);
}

#[wasm_bindgen_test]
async fn a_renewal_another_tab_stored_only_in_indexed_db_is_seen_under_the_lock() {
    let page = Page::new("lagging-local-storage");
    let events = EventLog::start();
    let slow_gate = Gate::new();
    page.server.delay_path("/api/slow", &slow_gate);
    let slow = page.get("/api/slow"); // judged now, with the expired token

    // Another tab renews; its `localStorage` write has not reached this tab yet.
    page.server.renewed_by_another_tab();
    page.store_renewal_count_in_indexed_db_only(1).await;
    slow_gate.open();

    assert_eq!(text_of(slow).await, "ok /api/slow", "replayed");
    assert_eq!(page.server.renewals(), 0, "no renewal of its own");
    assert_eq!(get(&events.detail("success"), "byOtherTab"), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn renew_reports_the_outcome_to_its_caller() {
    let page = Page::new("renew-call");
    page.server.answer_renewals_with(vec![
        RenewAnswer::Status(200, None, r#"{"access_expires_at":1700000000}"#),
        RenewAnswer::Status(401, None, r#"{"error":"invalid_refresh_token"}"#),
    ]);
    let events = EventLog::start();
    let first = JsFuture::from(page.shim.renew()).await.unwrap();
    assert_eq!(first, "renewed");
    assert_eq!(
        get(&events.detail("success"), "accessExpiresAt"),
        1_700_000_000
    );
    let second = JsFuture::from(page.shim.renew()).await.unwrap();
    assert_eq!(second, "expired");
    assert_eq!(page.server.renewals(), 2);
}

#[wasm_bindgen_test]
async fn offline_renewal_waits_for_online_then_renews() {
    let page = Page::new("offline");
    let navigator = web_sys::window().unwrap().navigator();
    let online = std::rc::Rc::new(std::cell::Cell::new(false));
    let reads = std::rc::Rc::clone(&online);
    let getter = wasm_bindgen::closure::Closure::<dyn Fn() -> bool>::new(move || reads.get());
    let descriptor = object(&[
        ("get", getter.as_ref().clone()),
        ("configurable", JsValue::TRUE),
    ]);
    js_sys::Object::define_property(&navigator, &"onLine".into(), &descriptor);

    let request = page.get("/api/offline");
    sleep(300).await;
    assert_eq!(page.server.renewals(), 0, "no renew request while offline");

    online.set(true);
    let event = web_sys::Event::new("online").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    assert_eq!(status_of(request).await, Ok(200));
    assert_eq!(page.server.renewals(), 1);
    js_sys::Reflect::delete_property(&navigator, &"onLine".into()).unwrap();
}

#[wasm_bindgen_test]
async fn aborting_a_held_request_rejects_it_at_once() {
    let page = Page::new("abort-held");
    let renew_gate = Gate::new();
    page.server
        .answer_renewals_with(vec![RenewAnswer::OkAfter(renew_gate.clone())]);
    let first = page.get("/api/first");
    until("the renewal is under way", || page.server.renewals() == 1).await;

    let controller = web_sys::AbortController::new().unwrap();
    let held = page.fetch(
        "/api/held",
        object(&[("signal", controller.signal().into())]).into(),
    );
    controller.abort();
    let settled = Promise::race(&js_sys::Array::of2(
        &held_promise(held),
        &timeout_marker(200),
    ));
    assert_eq!(
        JsFuture::from(settled).await.unwrap(),
        "AbortError",
        "rejected at once, while the renewal still runs"
    );
    renew_gate.open();
    assert_eq!(status_of(first).await, Ok(200));
    sleep(50).await;
    assert_eq!(
        page.server.times_seen("/api/held"),
        0,
        "an aborted request is never sent"
    );
}

#[wasm_bindgen_test]
async fn aborting_a_request_that_waits_for_its_replay_rejects_it_at_once() {
    let page = Page::new("abort-waiting");
    let renew_gate = Gate::new();
    page.server
        .answer_renewals_with(vec![RenewAnswer::OkAfter(renew_gate.clone())]);
    let controller = web_sys::AbortController::new().unwrap();
    let waiting = page.fetch(
        "/api/waiting",
        object(&[("signal", controller.signal().into())]).into(),
    );
    until("its 401 started the renewal", || {
        page.server.renewals() == 1
    })
    .await;
    controller.abort();
    let settled = Promise::race(&js_sys::Array::of2(
        &held_promise(waiting),
        &timeout_marker(200),
    ));
    assert_eq!(JsFuture::from(settled).await.unwrap(), "AbortError");
    renew_gate.open();
    sleep(50).await;
    assert_eq!(
        page.server.times_seen("/api/waiting"),
        1,
        "not replayed after the abort"
    );
}

/// A promise of the fetch's error name (or "settled" when it did not fail).
fn held_promise(fetch: JsFuture) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        Ok(match status_of(fetch).await {
            Ok(_) => "settled".into(),
            Err(name) => name.into(),
        })
    })
}

fn timeout_marker(ms: i32) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        sleep(ms).await;
        Ok("still waiting".into())
    })
}
