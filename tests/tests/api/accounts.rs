use serde_json::json;
use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn register_signs_the_user_in_with_both_cookies() {
    let app = spawn_app().await;
    let browser = app.client();

    let response = browser.register("alice").await;

    let body = response.json();
    assert_eq!(body["username"], "alice");
    assert!(body["id"].as_i64().is_some());
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let access = response.set_cookie("access").expect("an access cookie");
    let refresh = response.set_cookie("refresh").expect("a refresh cookie");
    assert!(access.http_only && refresh.http_only);
    assert_eq!(
        (access.path.as_str(), refresh.path.as_str()),
        ("/", "/auth")
    );
    assert_eq!(access.same_site.as_deref(), Some("Lax"));
    assert_eq!(refresh.same_site.as_deref(), Some("Strict"));
    assert_eq!(access.max_age, Some(14 * 86_400));
    assert_eq!(refresh.max_age, Some(14 * 86_400));

    let me = browser.get("/api/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json(), json!({ "id": body["id"], "username": "alice" }));
}

#[actix_web::test]
async fn login_with_the_right_password_starts_a_new_session() {
    let app = spawn_app().await;
    app.client().register("bob").await;
    let laptop = app.client();

    let response = laptop.login("bob", "correct horse battery").await;

    assert_eq!(response.status, 200);
    assert_eq!(response.json()["username"], "bob");
    assert_eq!(laptop.get("/api/me").await.status, 200);
    assert_eq!(
        app.db().query_i64("SELECT count(*) AS value FROM sessions"),
        2
    );
}

#[actix_web::test]
async fn usernames_are_case_insensitive() {
    let app = spawn_app().await;
    app.client().register("carol").await;
    assert_eq!(
        app.client()
            .login("Carol", "correct horse battery")
            .await
            .status,
        200
    );
    let again = app
        .client()
        .post_json(
            "/api/register",
            &json!({ "username": "CAROL", "password": "another password" }),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error(), "username_taken");
}

#[actix_web::test]
async fn wrong_password_and_unknown_user_answer_the_same() {
    let app = spawn_app().await;
    app.client().register("dave").await;

    let wrong_password = app.client().login("dave", "not the password").await;
    let unknown_user = app.client().login("nobody", "not the password").await;
    let impossible_user = app.client().login("x", "not the password").await;

    for response in [&wrong_password, &unknown_user, &impossible_user] {
        assert_eq!(response.status, 401);
        assert_eq!(response.body, wrong_password.body);
        assert_eq!(response.error(), "invalid_credentials");
        // Renewal cannot cure a wrong password: no WWW-Authenticate.
        assert_eq!(response.header("www-authenticate"), None);
        assert!(response.set_cookies().is_empty());
    }
}

#[actix_web::test]
async fn register_refuses_invalid_names_and_passwords() {
    let app = spawn_app().await;
    let browser = app.client();
    for (username, password) in [
        ("ab", "long enough password"),
        ("white space", "long enough password"),
        (&*"a".repeat(33), "long enough password"),
        ("erin", "short"),
        ("erin", &*"p".repeat(129)),
    ] {
        let response = browser
            .post_json(
                "/api/register",
                &json!({ "username": username, "password": password }),
            )
            .await;
        assert_eq!(
            response.status,
            422,
            "{username} / {} chars",
            password.len()
        );
        assert_eq!(response.error(), "invalid_input");
        assert!(
            response.json()["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM users"), 0);
}

#[actix_web::test]
async fn logout_ends_the_session_and_clears_both_cookies() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("frank").await;
    let stolen = browser.fork();

    let response = browser.post("/api/logout").await;

    assert_eq!(response.status, 204);
    for name in ["access", "refresh"] {
        let cleared = response.set_cookie(name).expect("the cookie is cleared");
        assert_eq!(cleared.max_age, Some(0));
        assert_eq!(cleared.path, if name == "access" { "/" } else { "/auth" });
    }
    assert_eq!(browser.get("/api/me").await.status, 401);
    assert_eq!(stolen.renew().await.error(), "invalid_refresh_token");
}

#[actix_web::test]
async fn logout_without_any_token_still_answers_no_content() {
    let app = spawn_app().await;
    let response = app.client().post("/api/logout").await;
    assert_eq!(response.status, 204);
    assert_eq!(
        response.set_cookie("access").and_then(|c| c.max_age),
        Some(0)
    );
}

#[actix_web::test]
async fn logout_accepts_a_recent_expired_token_but_not_an_old_one() {
    let app = silent_renew_tests::Spawn::new()
        .setting("--access-token-ttl", "1s")
        .setting("--renew-grace", "0s")
        .start()
        .await;
    let browser = app.client();
    browser.register("grace").await;
    let old_copy = browser.fork();
    // Two rotations later the first access token is too old to sign out.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(old_copy.post("/api/logout").await.status, 204);
    assert_eq!(
        app.db()
            .query_i64("SELECT count(*) AS value FROM sessions WHERE revoked_at IS NULL"),
        1
    );

    // The current one, expired, still does.
    actix_web::rt::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(browser.get("/api/me").await.error(), "token_expired");
    assert_eq!(browser.post("/api/logout").await.status, 204);
    assert_eq!(
        app.db()
            .query_i64("SELECT count(*) AS value FROM sessions WHERE revoked_at IS NULL"),
        0
    );
}
