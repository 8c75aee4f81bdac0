use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn sessions_list_the_users_devices_and_mark_this_one() {
    let app = spawn_app().await;
    let phone = app.client();
    phone.register("alice").await;
    let laptop = app.client();
    laptop.login("alice", "correct horse battery").await;
    app.client().register("stranger").await;

    let listed = laptop.get("/api/sessions").await.json();

    let sessions = listed["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    for session in sessions {
        assert_eq!(session["id"].as_str().unwrap().len(), 32);
        assert_eq!(session["ip"], "127.0.0.1");
        assert!(session["created_at"].is_string() && session["last_renewed_at"].is_string());
    }
}

#[actix_web::test]
async fn revoking_a_device_ends_its_session() {
    let app = spawn_app().await;
    let phone = app.client();
    phone.register("bob").await;
    let laptop = app.client();
    laptop.login("bob", "correct horse battery").await;
    let listed = laptop.get("/api/sessions").await.json();
    let phone_session = listed["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["current"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_eq!(
        laptop
            .delete(&format!("/api/sessions/{phone_session}"))
            .await
            .status,
        204
    );

    assert_eq!(phone.renew().await.error(), "invalid_refresh_token");
    assert_eq!(laptop.renew().await.status, 200);
    assert_eq!(
        laptop
            .delete(&format!("/api/sessions/{phone_session}"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn signing_out_everywhere_else_keeps_only_this_session() {
    let app = spawn_app().await;
    let devices: Vec<_> = (0..3).map(|_| app.client()).collect();
    devices[0].register("carol").await;
    for device in &devices[1..] {
        device.login("carol", "correct horse battery").await;
    }

    assert_eq!(devices[2].delete("/api/sessions").await.status, 204);

    assert_eq!(devices[0].renew().await.status, 401);
    assert_eq!(devices[1].renew().await.status, 401);
    assert_eq!(devices[2].renew().await.status, 200);
    assert_eq!(
        devices[2].delete("/api/sessions").await.status,
        204,
        "also when there is none"
    );
}

#[actix_web::test]
async fn another_users_session_cannot_be_revoked() {
    let app = spawn_app().await;
    let alice = app.client();
    alice.register("alice").await;
    let alice_session = alice.get("/api/sessions").await.json()["sessions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mallory = app.client();
    mallory.register("mallory").await;

    assert_eq!(
        mallory
            .delete(&format!("/api/sessions/{alice_session}"))
            .await
            .status,
        404
    );
    assert_eq!(alice.renew().await.status, 200);
}

#[actix_web::test]
async fn a_revoked_sessions_access_token_cannot_manage_sessions() {
    let app = spawn_app().await;
    let owner = app.client();
    owner.register("dave").await;
    let thief = owner.fork();
    // The owner signs in again elsewhere and ends the stolen session.
    let new_device = app.client();
    new_device.login("dave", "correct horse battery").await;
    assert_eq!(new_device.delete("/api/sessions").await.status, 204);

    let response = thief.delete("/api/sessions").await;

    assert_eq!(response.status, 401);
    assert_eq!(
        response.header("www-authenticate"),
        Some(r#"Bearer error="invalid_token""#)
    );
    assert_eq!(
        new_device.renew().await.status,
        200,
        "the owner's new session survives"
    );
}
