//! The store's behaviour on the embedded default (SQLite) too.

use futures_util::future::join_all;
use serde_json::json;
use silent_renew_tests::{Spawn, TestClient};

#[actix_web::test]
async fn accounts_and_notes_work_on_sqlite() {
    let app = Spawn::new().sqlite().start().await;
    let browser = app.client();
    browser.register("alice").await;
    assert_eq!(
        app.client()
            .login("alice", "correct horse battery")
            .await
            .status,
        200
    );
    assert_eq!(
        app.client().login("alice", "wrong password").await.status,
        401
    );

    let created = browser
        .post_json("/api/notes", &json!({ "body": "Grüße 🎉" }))
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(
        browser.get("/api/notes").await.json()["notes"][0]["body"],
        "Grüße 🎉"
    );
    let id = created.json()["id"].as_i64().unwrap();
    assert_eq!(
        browser.delete(&format!("/api/notes/{id}")).await.status,
        204
    );
    assert_eq!(
        browser.delete(&format!("/api/notes/{id}")).await.status,
        404
    );
}

#[actix_web::test]
async fn rotation_grace_and_reuse_work_on_sqlite() {
    let app = Spawn::new()
        .sqlite()
        .setting("--renew-grace", "1s")
        .start()
        .await;
    let browser = app.client();
    browser.register("bob").await;
    let other_tab = browser.fork();
    let stolen = browser.fork();

    assert_eq!(browser.renew().await.status, 200);
    let in_grace = other_tab.renew().await;
    assert_eq!(in_grace.status, 200);
    assert_eq!(
        in_grace.set_cookie("refresh").unwrap().value,
        browser.cookie("refresh").unwrap()
    );

    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(stolen.renew().await.error(), "refresh_token_reused");
    assert_eq!(browser.renew().await.error(), "invalid_refresh_token");
}

#[actix_web::test]
async fn twenty_concurrent_renewals_rotate_once_on_sqlite() {
    let app = Spawn::new().sqlite().start().await;
    let browser = app.client();
    browser.register("carol").await;
    let tabs: Vec<TestClient> = (0..20).map(|_| browser.fork()).collect();

    let responses = join_all(tabs.iter().map(|tab| tab.renew())).await;

    let values: Vec<String> = responses
        .iter()
        .map(|r| {
            assert_eq!(r.status, 200, "{}", r.text());
            r.set_cookie("refresh").unwrap().value
        })
        .collect();
    assert!(values.iter().all(|v| v == &values[0]));
}
