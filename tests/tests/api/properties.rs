//! Garbage in, never a 500 out: generated JSON bodies, paths and methods
//! thrown at a signed-in session on the real server.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use reqwest::Method;
use silent_renew_tests::spawn_app;

/// JSON values of every shape, with the API's own field names mixed in.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("username".to_owned()),
        Just("password".to_owned()),
        Just("body".to_owned()),
        Just("current_password".to_owned()),
        Just("new_password".to_owned()),
        ".{0,12}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,64}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::hash_map(key.clone(), inner, 0..5)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

fn raw_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        json_value().prop_map(|value| value.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..200),
    ]
}

#[actix_web::test]
async fn generated_requests_never_cause_a_server_error() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("fuzzed").await;
    let routes = [
        (Method::POST, "/api/register"),
        (Method::POST, "/api/login"),
        (Method::POST, "/api/notes"),
        (Method::PUT, "/api/password"),
        (Method::DELETE, "/api/sessions"),
        (Method::POST, "/auth/renew"),
        (Method::POST, "/notes"),
        (Method::POST, "/login"),
    ];
    let path_tail = "[a-zA-Z0-9%._~-]{0,40}";
    let mut runner = TestRunner::deterministic();
    let mut tried = 0;
    for case in 0..300 {
        let body = raw_body().new_tree(&mut runner).unwrap().current();
        let (method, path) = routes[case % routes.len()].clone();
        let content_type = if case % 3 == 0 {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        let request = browser
            .request(method, path)
            .header("content-type", content_type)
            .body(body.clone());
        let response = browser.execute(request).await;
        assert!(
            response.status < 500,
            "{path} with {:?}: {}",
            String::from_utf8_lossy(&body),
            response.status
        );
        tried += 1;

        let tail = path_tail.new_tree(&mut runner).unwrap().current();
        for path in [
            format!("/api/notes/{tail}"),
            format!("/api/sessions/{tail}"),
            format!("/notes/{tail}/delete"),
        ] {
            let method = if path.starts_with("/notes") {
                Method::POST
            } else {
                Method::DELETE
            };
            let response = browser.execute(browser.request(method, &path)).await;
            assert!(response.status < 500, "{path}: {}", response.status);
            tried += 1;
        }
    }
    assert_eq!(tried, 1200);
    assert_eq!(
        browser.get("/api/me").await.status,
        200,
        "the session survived it all"
    );
}
