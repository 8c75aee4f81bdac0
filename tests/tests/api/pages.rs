//! The server-rendered site over HTTP: pages, forms, redirects, the
//! renewal interstitial and the headers every page carries.

use std::time::Duration;

use silent_renew_tests::{Spawn, TestClient, TestResponse, spawn_app};

const PASSWORD: &str = "correct horse battery";

/// Signs in through the login form; returns the page's form token after.
async fn sign_in_with_form(browser: &TestClient, username: &str) -> String {
    let token = browser.form_token("/login").await;
    let response = browser
        .post_form(
            "/login",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("csrf_token", &token),
                ("next", "/notes"),
            ],
        )
        .await;
    assert_eq!(response.status, 303, "{}", response.text());
    browser.form_token("/notes").await
}

fn assert_page_headers(response: &TestResponse) {
    let csp = response.header("content-security-policy").expect("a CSP");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("same-origin"));
}

#[actix_web::test]
async fn the_home_page_welcomes_visitors_and_loads_the_shim() {
    let app = spawn_app().await;
    let response = app.client().get("/").await;

    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = response.text();
    assert!(html.contains("Create an account"));
    assert!(html.contains(r#"<script type="module" src="/static/shim/silent-renew.js""#));
    assert!(!html.contains("<script>"), "no inline script");
    assert_page_headers(&response);
}

#[actix_web::test]
async fn protected_pages_send_visitors_to_login_with_next() {
    let app = spawn_app().await;
    let browser = app.client();
    for (page, location) in [
        ("/notes", "/login?next=%2Fnotes"),
        ("/sessions", "/login?next=%2Fsessions"),
        ("/notes?filter=x", "/login?next=%2Fnotes%3Ffilter%3Dx"),
    ] {
        let response = browser.get(page).await;
        assert_eq!(response.status, 303, "{page}");
        assert_eq!(response.header("location"), Some(location));
    }
}

#[actix_web::test]
async fn signing_in_through_the_form_lands_on_next() {
    let app = spawn_app().await;
    app.client().register("alice").await;
    let browser = app.client();
    let login_page = browser.get("/login?next=/sessions").await;
    assert!(
        login_page
            .text()
            .contains(r#"name="next" value="/sessions""#)
    );
    let token = login_page.form_token().unwrap();

    let response = browser
        .post_form(
            "/login",
            &[
                ("username", "alice"),
                ("password", PASSWORD),
                ("csrf_token", &token),
                ("next", "/sessions"),
            ],
        )
        .await;

    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), Some("/sessions"));
    assert!(response.set_cookie("access").is_some() && response.set_cookie("refresh").is_some());
    let devices = browser.get("/sessions").await;
    assert_eq!(devices.status, 200);
    assert!(devices.text().contains("This device"));
    assert!(
        devices.text().contains("Signed in as alice."),
        "a flash message"
    );
    assert_eq!(devices.header("cache-control"), Some("no-store"));
    assert_page_headers(&devices);
}

#[actix_web::test]
async fn open_redirects_fall_back_to_the_home_page() {
    let app = spawn_app().await;
    app.client().register("bob").await;
    for next in [
        "//evil.test",
        "https://evil.test/",
        "/\\evil.test",
        "/%2F%2Fevil.test",
        "/%5Cevil.test",
        "evil",
    ] {
        let browser = app.client();
        let token = browser.form_token("/login").await;
        let response = browser
            .post_form(
                "/login",
                &[
                    ("username", "bob"),
                    ("password", PASSWORD),
                    ("csrf_token", &token),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.status, 303, "{next}");
        assert_eq!(response.header("location"), Some("/"), "{next}");
    }
}

#[actix_web::test]
async fn a_wrong_password_shows_the_form_again_with_the_username_kept() {
    let app = spawn_app().await;
    app.client().register("carol").await;
    let browser = app.client();
    let token = browser.form_token("/login").await;

    let response = browser
        .post_form(
            "/login",
            &[
                ("username", "carol"),
                ("password", "wrong password!"),
                ("csrf_token", &token),
            ],
        )
        .await;

    assert_eq!(response.status, 401);
    let html = response.text();
    assert!(html.contains(r#"value="carol""#));
    assert!(html.contains("do not match an account"));
    assert!(
        !html.contains("wrong password!"),
        "the password is never echoed"
    );
    assert!(response.set_cookie("access").is_none());
}

#[actix_web::test]
async fn registration_errors_appear_next_to_their_fields() {
    let app = spawn_app().await;
    let browser = app.client();
    let token = browser.form_token("/register").await;

    let response = browser
        .post_form(
            "/register",
            &[
                ("username", "x y"),
                ("password", "short"),
                ("csrf_token", &token),
            ],
        )
        .await;

    assert_eq!(response.status, 422);
    let html = response.text();
    assert!(html.contains(r#"id="username-error""#) && html.contains(r#"id="password-error""#));
    assert!(html.contains(r#"value="x y""#));
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM users"), 0);

    let response = browser
        .post_form(
            "/register",
            &[
                ("username", "dave"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), Some("/notes"));
    assert_eq!(browser.get("/notes").await.status, 200);
}

#[actix_web::test]
async fn forms_without_the_session_token_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("erin").await;
    browser.form_token("/notes").await;

    let missing = browser.post_form("/notes", &[("body", "planted")]).await;
    let wrong = browser
        .post_form("/notes", &[("body", "planted"), ("csrf_token", "guessed")])
        .await;
    let stranger = app.client();
    let no_session = stranger
        .post_form("/login", &[("username", "erin"), ("password", PASSWORD)])
        .await;

    for response in [&missing, &wrong, &no_session] {
        assert_eq!(response.status, 403);
        assert!(response.text().contains("This form has expired"));
    }
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 0);
    assert_eq!(
        app.db().query_i64("SELECT count(*) AS value FROM sessions"),
        1
    );
}

#[actix_web::test]
async fn a_cross_site_form_post_gets_a_forbidden_page() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("fred").await;
    let token = browser.form_token("/notes").await;
    let request = browser
        .bare_request(reqwest::Method::POST, "/notes")
        .header("origin", "http://evil.test")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("body=planted&csrf_token={token}"));

    let response = browser.execute(request).await;

    assert_eq!(response.status, 403);
    assert!(response.text().contains("not sent from this site"));
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 0);
}

#[actix_web::test]
async fn notes_added_through_the_form_are_escaped_on_the_page() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("gina").await;
    let token = browser.form_token("/notes").await;

    let response = browser
        .post_form(
            "/notes",
            &[
                ("body", "<script>alert('x')</script> & \"quotes\""),
                ("csrf_token", &token),
            ],
        )
        .await;

    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), Some("/notes"));
    let html = browser.get("/notes").await.text();
    assert!(
        html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; &#34;quotes&#34;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert"));
}

#[actix_web::test]
async fn an_invalid_note_shows_the_form_again_with_the_draft_kept() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("hank").await;
    let token = browser.form_token("/notes").await;
    let too_long = "y".repeat(10_001);

    let response = browser
        .post_form("/notes", &[("body", &too_long), ("csrf_token", &token)])
        .await;

    assert_eq!(response.status, 422);
    assert!(response.text().contains("at most 10,000 characters"));
    assert!(response.text().contains(&too_long));
}

#[actix_web::test]
async fn notes_are_deleted_through_the_form_but_not_another_users() {
    let app = spawn_app().await;
    let owner = app.client();
    owner.register("ivan").await;
    let note = owner
        .post_json("/api/notes", &serde_json::json!({ "body": "mine" }))
        .await
        .json();
    let id = note["id"].as_i64().unwrap();
    let stranger = app.client();
    stranger.register("judy").await;
    let stranger_token = stranger.form_token("/notes").await;

    let refused = stranger
        .post_form(
            &format!("/notes/{id}/delete"),
            &[("csrf_token", &stranger_token)],
        )
        .await;
    assert_eq!(refused.status, 404);
    assert!(refused.text().contains("Page not found"));

    let token = owner.form_token("/notes").await;
    let deleted = owner
        .post_form(&format!("/notes/{id}/delete"), &[("csrf_token", &token)])
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 0);
}

#[actix_web::test]
async fn an_expired_access_cookie_gets_the_renewing_interstitial() {
    let app = Spawn::new()
        .setting("--access-token-ttl", "1s")
        .start()
        .await;
    let browser = app.client();
    browser.register("kate").await;
    actix_web::rt::time::sleep(Duration::from_millis(2100)).await;

    let response = browser.get("/notes").await;

    assert_eq!(response.status, 401);
    let html = response.text();
    assert!(html.contains("Renewing your session"));
    assert!(html.contains(r#"src="/static/renewing.js""#));
    assert!(html.contains(r#"data-method="GET""#));
    assert!(html.contains("<noscript>") && html.contains("/login?next=%2Fnotes"));
    assert!(
        !html.contains(r#"name="password""#),
        "no login form while the session may be alive"
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert_eq!(
        response.header("www-authenticate"),
        Some(r#"Bearer error="invalid_token""#),
        "renewal cures it: a script's fetch of the page is renewed by the shim too"
    );

    assert_eq!(browser.renew().await.status, 200);
    assert_eq!(browser.get("/notes").await.status, 200);
}

#[actix_web::test]
async fn a_form_post_after_expiry_carries_its_fields_through_the_interstitial() {
    let app = Spawn::new()
        .setting("--access-token-ttl", "1s")
        .start()
        .await;
    let browser = app.client();
    browser.register("liam").await;
    let token = browser.form_token("/notes").await;
    actix_web::rt::time::sleep(Duration::from_millis(2100)).await;

    let response = browser
        .post_form(
            "/notes",
            &[("body", "typed <while> away"), ("csrf_token", &token)],
        )
        .await;

    assert_eq!(response.status, 401);
    let html = response.text();
    assert!(html.contains(r#"data-method="POST""#));
    assert!(html.contains(r#"action="/notes""#));
    assert!(
        html.contains(r#"name="body" value="typed &#60;while&#62; away""#),
        "{html}"
    );
    assert_eq!(
        app.db().query_i64("SELECT count(*) AS value FROM notes"),
        0,
        "nothing written yet"
    );

    // What renewing.js does next: renew, then submit the same fields again.
    assert_eq!(browser.renew().await.status, 200);
    let resubmitted = browser
        .post_form(
            "/notes",
            &[("body", "typed <while> away"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(resubmitted.status, 303);
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 1);
}

#[actix_web::test]
async fn a_forged_access_cookie_is_treated_as_absent_and_cleared() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.set_cookie("access", "forged.token.value", "/");

    let response = browser.get("/notes").await;

    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), Some("/login?next=%2Fnotes"));
    assert_eq!(
        response.set_cookie("access").and_then(|c| c.max_age),
        Some(0)
    );
}

#[actix_web::test]
async fn signing_out_through_the_form_ends_the_session() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("mia").await;
    let token = browser.form_token("/notes").await;
    let copy = browser.fork();

    let response = browser
        .post_form("/logout", &[("csrf_token", &token)])
        .await;

    assert_eq!(response.status, 303);
    assert_eq!(response.header("location"), Some("/login"));
    assert_eq!(
        response.set_cookie("access").and_then(|c| c.max_age),
        Some(0)
    );
    assert_eq!(copy.renew().await.error(), "invalid_refresh_token");
    assert!(
        browser
            .get("/login")
            .await
            .text()
            .contains("You are signed out.")
    );
}

#[actix_web::test]
async fn the_devices_page_signs_other_devices_out() {
    let app = spawn_app().await;
    let phone = app.client();
    phone.register("noah").await;
    let laptop = app.client();
    let token = sign_in_with_form(&laptop, "noah").await;
    let html = laptop.get("/sessions").await.text();
    let marker = "/sessions/";
    let phone_id = html
        .match_indices(marker)
        .map(|(at, _)| &html[at + marker.len()..at + marker.len() + 32])
        .find(|id| id.chars().all(|c| c.is_ascii_hexdigit()))
        .expect("a revoke form for the other device")
        .to_owned();

    let response = laptop
        .post_form(
            &format!("/sessions/{phone_id}/revoke"),
            &[("csrf_token", &token)],
        )
        .await;

    assert_eq!(response.status, 303);
    assert_eq!(phone.renew().await.status, 401);
    assert_eq!(laptop.renew().await.status, 200);
    let everywhere = laptop
        .post_form("/sessions/revoke-others", &[("csrf_token", &token)])
        .await;
    assert_eq!(everywhere.status, 303);
}

#[actix_web::test]
async fn unknown_pages_and_wrong_methods_get_pages_not_json() {
    let app = spawn_app().await;
    let browser = app.client();

    let missing = browser.get("/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"));
    assert_page_headers(&missing);

    let wrong_method = browser.get("/logout").await;
    assert_eq!(wrong_method.status, 405);
    assert!(
        wrong_method
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );

    assert_eq!(browser.get("/api/nothing").await.error(), "not_found");
}

#[actix_web::test]
async fn a_form_over_16_kib_is_too_large() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("olga").await;
    let token = browser.form_token("/notes").await;
    let response = browser
        .post_form(
            "/notes",
            &[("body", &"z".repeat(17 * 1024)), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(response.status, 413);
}

#[actix_web::test]
async fn static_files_are_served_with_their_type_and_revalidated() {
    let app = spawn_app().await;
    let browser = app.client();
    for (path, content_type) in [
        ("/static/app.css", "text/css; charset=utf-8"),
        ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/static/renewing.js", "text/javascript; charset=utf-8"),
    ] {
        let response = browser.get(path).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(content_type));
        assert_eq!(response.header("cache-control"), Some("no-cache"));
        let etag = response.header("etag").unwrap().to_owned();
        let again = browser
            .execute(
                browser
                    .request(reqwest::Method::GET, path)
                    .header("if-none-match", etag),
            )
            .await;
        assert_eq!(again.status, 304);
    }
    assert_eq!(browser.get("/static/nothing.js").await.status, 404);
    assert_eq!(browser.get("/static/../Cargo.toml").await.status, 404);
}

fn multipart(boundary: &str, parts: &[(&str, Option<&str>, &str)]) -> String {
    let mut body = String::new();
    for (name, filename, value) in parts {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
        ));
        if let Some(filename) = filename {
            body.push_str(&format!("; filename=\"{filename}\""));
        }
        body.push_str(&format!("\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body
}

#[actix_web::test]
async fn a_form_posted_by_script_as_form_data_is_taken_like_a_plain_one() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("pia").await;
    let token = browser.form_token("/notes").await;
    let text = "Grüße aus FormData — 🎉 & <b>";
    let post = |parts: Vec<(&'static str, Option<&'static str>, String)>| {
        let parts: Vec<(&str, Option<&str>, &str)> =
            parts.iter().map(|(n, f, v)| (*n, *f, v.as_str())).collect();
        browser
            .request(reqwest::Method::POST, "/notes")
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body(multipart("XyZ", &parts))
    };

    let stored = browser
        .execute(post(vec![
            ("body", None, text.into()),
            ("csrf_token", None, token.clone()),
        ]))
        .await;
    assert_eq!(stored.status, 303, "{}", stored.text());
    let notes = browser.get("/api/notes").await.json();
    assert_eq!(notes["notes"][0]["body"], text);

    let file = browser
        .execute(post(vec![
            ("body", Some("x.txt"), "file".into()),
            ("csrf_token", None, token.clone()),
        ]))
        .await;
    assert_eq!(file.status, 400);
    let huge = browser
        .execute(post(vec![
            ("body", None, "h".repeat(17 * 1024)),
            ("csrf_token", None, token.clone()),
        ]))
        .await;
    assert_eq!(huge.status, 413);
    let no_token = browser
        .execute(post(vec![("body", None, "planted".into())]))
        .await;
    assert_eq!(no_token.status, 403);
    assert_eq!(app.db().query_i64("SELECT count(*) AS value FROM notes"), 1);
}
