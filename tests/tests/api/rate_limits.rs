//! Abuse limits: failed sign-ins per (account, address) with looser
//! per-account and per-address ceilings, registrations per address,
//! renewals per address; all answer 429 with Retry-After.

use std::sync::Arc;

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;
use silent_renew_tests::{Spawn, TestClient, TestDatabase, TestResponse};

async fn login_from(
    browser: &TestClient,
    address: &str,
    username: &str,
    password: &str,
) -> TestResponse {
    let request = browser
        .request(Method::POST, "/api/login")
        .header("x-forwarded-for", address)
        .json(&json!({ "username": username, "password": password }));
    browser.execute(request).await
}

fn assert_limited(response: &TestResponse) {
    assert_eq!(response.status, 429, "{}", response.text());
    assert_eq!(response.error(), "rate_limited");
    let retry_after: u64 = response
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
}

#[actix_web::test]
async fn failed_sign_ins_are_limited_and_then_even_the_right_password_waits() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    app.client().register("alice").await;
    let attacker = app.client();

    for _ in 0..3 {
        assert_eq!(attacker.login("alice", "wrong password").await.status, 401);
    }
    assert_limited(&attacker.login("alice", "wrong password").await);
    assert_limited(&attacker.login("alice", "correct horse battery").await);
}

#[actix_web::test]
async fn a_successful_sign_in_gives_its_token_back() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    app.client().register("bob").await;
    let browser = app.client();

    assert_eq!(browser.login("bob", "typo one").await.status, 401);
    assert_eq!(browser.login("bob", "typo two").await.status, 401);
    assert_eq!(
        browser.login("bob", "correct horse battery").await.status,
        200
    );
    assert_eq!(
        browser.login("bob", "typo three").await.status,
        401,
        "the success cost nothing"
    );
    assert_limited(&browser.login("bob", "typo four").await);
}

#[actix_web::test]
async fn parallel_guesses_cannot_slip_past_the_limit() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    app.client().register("carol").await;
    let guessers: Vec<TestClient> = (0..10).map(|_| app.client()).collect();

    let responses = join_all(guessers.iter().map(|g| g.login("carol", "a wrong guess"))).await;

    let refused = responses.iter().filter(|r| r.status == 429).count();
    let checked = responses.iter().filter(|r| r.status == 401).count();
    assert_eq!((checked, refused), (3, 7));
}

#[actix_web::test]
async fn one_address_cannot_lock_a_stranger_out() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "3/min")
        .setting("--trusted-proxies", "127.0.0.1")
        .start()
        .await;
    app.client().register("dave").await;
    let attacker = app.client();
    for _ in 0..3 {
        login_from(&attacker, "203.0.113.66", "dave", "guess").await;
    }
    assert_limited(&login_from(&attacker, "203.0.113.66", "dave", "guess").await);

    let owner = app.client();
    let response = login_from(&owner, "198.51.100.7", "dave", "correct horse battery").await;
    assert_eq!(response.status, 200, "{}", response.text());
}

#[actix_web::test]
async fn forwarded_addresses_from_an_untrusted_peer_do_not_reset_the_limit() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    app.client().register("erin").await;
    let attacker = app.client();
    for i in 0..3 {
        login_from(&attacker, &format!("203.0.113.{i}"), "erin", "guess").await;
    }
    assert_limited(&login_from(&attacker, "203.0.113.99", "erin", "guess").await);
}

#[actix_web::test]
async fn sign_in_limits_hold_across_instances_sharing_the_database() {
    let database = Arc::new(TestDatabase::create());
    let first = Spawn::new()
        .database(database.clone())
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    let second = Spawn::new()
        .database(database)
        .setting("--login-rate-limit", "3/min")
        .start()
        .await;
    first.client().register("frank").await;

    for app in [&first, &second, &first] {
        assert_eq!(app.client().login("frank", "guess").await.status, 401);
    }
    assert_limited(&second.client().login("frank", "guess").await);
}

#[actix_web::test]
async fn registrations_are_limited_per_address() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "2/min")
        .start()
        .await;
    app.client().register("gina1").await;
    app.client().register("gina2").await;
    let response = app
        .client()
        .post_json(
            "/api/register",
            &json!({ "username": "gina3", "password": "correct horse battery" }),
        )
        .await;
    assert_limited(&response);
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM users"), 2);
}

#[actix_web::test]
async fn renewals_are_limited_per_address_without_touching_cookies() {
    let app = Spawn::new()
        .setting("--renew-rate-limit", "3/min")
        .start()
        .await;
    let browser = app.client();
    browser.register("hank").await;
    for _ in 0..3 {
        assert_eq!(browser.renew().await.status, 200);
    }
    let refused = browser.renew().await;
    assert_limited(&refused);
    assert!(refused.set_cookies().is_empty());
}

#[actix_web::test]
async fn the_sign_in_form_says_when_to_try_again() {
    let app = Spawn::new()
        .setting("--login-rate-limit", "1/min")
        .start()
        .await;
    app.client().register("ivan").await;
    let browser = app.client();
    let token = browser.form_token("/login").await;
    let fields = [
        ("username", "ivan"),
        ("password", "wrong password"),
        ("csrf_token", token.as_str()),
    ];
    assert_eq!(browser.post_form("/login", &fields).await.status, 401);

    let response = browser.post_form("/login", &fields).await;

    assert_eq!(response.status, 429);
    assert!(response.header("retry-after").is_some());
    assert!(response.text().contains("Too many attempts"));
}
