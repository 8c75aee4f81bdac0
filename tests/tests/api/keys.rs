//! Rotating the master key signs nobody out.

use std::sync::Arc;

use silent_renew_tests::{Spawn, TestClient, TestDatabase};

const OLD_KEY: &str = "the old master key - retired but still trusted";
const NEW_KEY: &str = "the new master key - signing everything from now";

fn carry_cookies(from: &TestClient, to: &TestClient) {
    to.set_cookie("access", &from.cookie("access").unwrap(), "/");
    to.set_cookie("refresh", &from.cookie("refresh").unwrap(), "/auth");
}

#[actix_web::test]
async fn tokens_under_a_retired_key_keep_working_and_come_back_under_the_new_one() {
    let database = Arc::new(TestDatabase::create());
    let before = Spawn::new()
        .database(database.clone())
        .setting("--secret-key", OLD_KEY)
        .start()
        .await;
    let browser = before.client();
    browser.register("alice").await;

    let rotated = Spawn::new()
        .database(database.clone())
        .setting("--secret-key", NEW_KEY)
        .setting("--previous-secret-keys", OLD_KEY)
        .start()
        .await;
    let same_browser = rotated.client();
    carry_cookies(&browser, &same_browser);

    assert_eq!(
        same_browser.get("/api/me").await.status,
        200,
        "the old access token verifies"
    );
    assert_eq!(
        same_browser.renew().await.status,
        200,
        "the old refresh token renews"
    );

    // What it got back is under the new key alone: it works once the old
    // key is dropped entirely.
    let new_key_only = Spawn::new()
        .database(database)
        .setting("--secret-key", NEW_KEY)
        .start()
        .await;
    let later = new_key_only.client();
    carry_cookies(&same_browser, &later);
    assert_eq!(later.get("/api/me").await.status, 200);
    assert_eq!(later.renew().await.status, 200);
}

#[actix_web::test]
async fn dropping_a_leaked_key_signs_its_tokens_out() {
    let database = Arc::new(TestDatabase::create());
    let before = Spawn::new()
        .database(database.clone())
        .setting("--secret-key", OLD_KEY)
        .start()
        .await;
    let browser = before.client();
    browser.register("bob").await;

    let after = Spawn::new()
        .database(database)
        .setting("--secret-key", NEW_KEY)
        .start()
        .await;
    let same_browser = after.client();
    carry_cookies(&browser, &same_browser);

    assert_eq!(same_browser.get("/api/me").await.error(), "invalid_token");
    assert_eq!(same_browser.renew().await.error(), "invalid_refresh_token");
}
