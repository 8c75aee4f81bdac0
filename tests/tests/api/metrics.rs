//! Prometheus metrics: requests, renewals and sign-ins by outcome, sessions, pool.

use silent_renew_tests::{Spawn, TestClient, spawn_app};

#[actix_web::test]
async fn metrics_count_requests_renewals_and_sign_ins() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("alice").await;
    browser.renew().await;
    browser.renew().await;
    app.client().login("alice", "wrong password").await;
    browser.get("/api/notes/").await;

    let response = browser.get("/metrics").await;

    assert_eq!(response.status, 200);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = response.text();
    for expected in [
        r#"renewals_total{outcome="rotated"} 1"#,
        r#"renewals_total{outcome="grace"} 1"#,
        r#"logins_total{outcome="invalid_credentials"} 1"#,
        r#"http_requests_total{route="/auth/renew",method="POST",status="200"} 2"#,
        r#"http_request_duration_seconds_count{route="/auth/renew"} 2"#,
        "active_sessions 1",
        "db_pool_connections ",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
}

#[actix_web::test]
async fn metrics_can_live_on_their_own_address_instead_of_the_site() {
    let app = Spawn::new()
        .setting("--metrics-addr", "127.0.0.1:0")
        .start()
        .await;
    let port = app.metrics_port.expect("a metrics listener");

    assert_eq!(app.client().get("/metrics").await.status, 404);
    let scraper = TestClient::new(&format!("http://127.0.0.1:{port}"));
    let response = scraper.get("/metrics").await;
    assert_eq!(response.status, 200);
    assert!(
        response
            .text()
            .contains("# TYPE http_requests_total counter")
    );
}
