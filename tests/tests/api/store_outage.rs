//! The store going away never signs anyone out: renewals and writes answer
//! 503 with Retry-After, cookies untouched, and service resumes by itself.

use std::time::{Duration, Instant};

use serde_json::json;
use silent_renew_tests::Spawn;

#[actix_web::test]
async fn an_unreachable_store_answers_503_and_the_app_recovers_by_itself() {
    let (spawn, proxy) = Spawn::new().database_behind_a_proxy();
    let app = spawn.start().await;
    let browser = app.client();
    browser.register("alice").await;
    let refresh_before = browser.cookie("refresh").unwrap();

    proxy.cut();

    let started = Instant::now();
    let renew = browser.renew().await;
    assert_eq!(renew.status, 503, "{}", renew.text());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered within 5 s"
    );
    assert_eq!(renew.error(), "unavailable");
    assert!(renew.header("retry-after").is_some());
    assert!(
        renew.set_cookies().is_empty(),
        "an outage never clears a cookie"
    );
    assert_eq!(browser.cookie("refresh").unwrap(), refresh_before);
    assert_eq!(browser.get("/healthz").await.status, 503);
    assert_eq!(
        browser
            .post_json("/api/notes", &json!({ "body": "during" }))
            .await
            .status,
        503
    );
    assert_eq!(
        browser.get("/api/me").await.status,
        200,
        "stateless reads go on"
    );

    proxy.restore();

    assert_eq!(browser.get("/healthz").await.status, 200);
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(
        browser
            .post_json("/api/notes", &json!({ "body": "after" }))
            .await
            .status,
        201
    );
}

#[actix_web::test]
async fn a_hung_store_never_holds_a_request_beyond_a_few_seconds() {
    let (spawn, proxy) = Spawn::new().database_behind_a_proxy();
    let app = spawn.start().await;
    let browser = app.client();
    browser.register("bob").await;

    proxy.freeze();

    for _ in 0..2 {
        let started = Instant::now();
        let renew = browser.renew().await;
        assert_eq!(renew.status, 503, "{}", renew.text());
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "took {:?}",
            started.elapsed()
        );
        assert!(renew.set_cookies().is_empty());
    }

    proxy.restore();
    let mut recovered = false;
    for _ in 0..50 {
        if browser.get("/healthz").await.status == 200 {
            recovered = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "the app recovers once the store answers again");
    assert_eq!(browser.renew().await.status, 200);
}
