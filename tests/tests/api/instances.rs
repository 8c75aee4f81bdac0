//! Several server processes on one database: rotation is decided by the
//! database's compare-and-set, not by any in-process lock.

use std::sync::Arc;

use futures_util::future::join_all;
use silent_renew_tests::{Spawn, TestClient, TestDatabase};

#[actix_web::test]
async fn twenty_concurrent_renewals_across_two_instances_rotate_exactly_once() {
    let database = Arc::new(TestDatabase::create());
    let first = Spawn::new().database(database.clone()).start().await;
    let second = Spawn::new().database(database.clone()).start().await;
    let browser = first.client();
    browser.register("alice").await;

    let tabs: Vec<TestClient> = (0..20)
        .map(|i| {
            let instance = if i % 2 == 0 { &first } else { &second };
            let tab = instance.client();
            tab.set_cookie("refresh", &browser.cookie("refresh").unwrap(), "/auth");
            tab
        })
        .collect();
    let responses = join_all(tabs.iter().map(|tab| tab.renew())).await;

    let values: Vec<String> = responses
        .iter()
        .map(|r| {
            assert_eq!(r.status, 200, "{}", r.text());
            r.set_cookie("refresh").unwrap().value
        })
        .collect();
    assert!(values.iter().all(|v| v == &values[0]));
    assert_eq!(
        database.query_i64("SELECT refresh_counter AS value FROM sessions"),
        1
    );
    assert_eq!(
        database.query_i64("SELECT count(*) AS value FROM sessions WHERE revoked_at IS NULL"),
        1
    );
}

#[actix_web::test]
async fn a_token_issued_by_one_instance_works_on_the_other() {
    let database = Arc::new(TestDatabase::create());
    let first = Spawn::new().database(database.clone()).start().await;
    let second = Spawn::new().database(database.clone()).start().await;
    let on_first = first.client();
    on_first.register("bob").await;
    let on_second = second.client();
    on_second.set_cookie("access", &on_first.cookie("access").unwrap(), "/");
    on_second.set_cookie("refresh", &on_first.cookie("refresh").unwrap(), "/auth");

    assert_eq!(on_second.get("/api/me").await.status, 200);
    assert_eq!(on_second.renew().await.status, 200);
}

#[actix_web::test]
async fn instances_starting_together_migrate_once() {
    let database = Arc::new(TestDatabase::create());
    let apps = join_all((0..3).map(|_| Spawn::new().database(database.clone()).start())).await;
    let browser = apps[2].client();
    browser.register("carol").await;
    let migrations = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../migrations/postgres"
    ))
    .unwrap()
    .count();
    assert_eq!(
        database.query_i64("SELECT count(*) AS value FROM __diesel_schema_migrations"),
        migrations as i64
    );
}
