//! A restart keeps sessions: the key survives (configured, or generated
//! into DATA_DIR) and the sessions live in the store.

use std::sync::Arc;

use silent_renew_tests::{Spawn, TempDir};

#[actix_web::test]
async fn a_restart_on_postgres_keeps_access_and_refresh_tokens_working() {
    let before = Spawn::new().start().await;
    let browser = before.client();
    browser.register("alice").await;
    let database = before.database.clone().unwrap();
    before.stop().await;
    drop(before);

    let after = Spawn::new().database(database).start().await;
    let same_browser = silent_renew_tests::TestClient::new(&after.address);
    same_browser.set_cookie("access", &browser.cookie("access").unwrap(), "/");
    same_browser.set_cookie("refresh", &browser.cookie("refresh").unwrap(), "/auth");

    assert_eq!(same_browser.get("/api/me").await.status, 200);
    assert_eq!(same_browser.renew().await.status, 200);
}

#[actix_web::test]
async fn a_restart_on_the_embedded_default_keeps_its_generated_key() {
    let data_dir = Arc::new(TempDir::new());
    let before = Spawn::new()
        .sqlite()
        .data_dir(data_dir.clone())
        .start()
        .await;
    let browser = before.client();
    browser.register("bob").await;
    before.stop().await;
    drop(before);
    assert!(data_dir.path().join("secret.key").exists());

    let after = Spawn::new().sqlite().data_dir(data_dir).start().await;
    let same_browser = silent_renew_tests::TestClient::new(&after.address);
    same_browser.set_cookie("access", &browser.cookie("access").unwrap(), "/");
    same_browser.set_cookie("refresh", &browser.cookie("refresh").unwrap(), "/auth");

    assert_eq!(same_browser.get("/api/me").await.status, 200);
    assert_eq!(same_browser.renew().await.status, 200);
}
