use serde_json::json;
use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn notes_are_added_listed_newest_first_and_deleted() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("alice").await;

    let first = browser
        .post_json("/api/notes", &json!({ "body": "first" }))
        .await;
    let second = browser
        .post_json("/api/notes", &json!({ "body": "second" }))
        .await;
    assert_eq!((first.status, second.status), (201, 201));
    let first_id = first.json()["id"].as_i64().unwrap();
    assert!(first.json()["created_at"].as_str().unwrap().ends_with('Z'));

    let listed = browser.get("/api/notes").await.json();
    let bodies: Vec<&str> = listed["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, ["second", "first"]);

    assert_eq!(
        browser
            .delete(&format!("/api/notes/{first_id}"))
            .await
            .status,
        204
    );
    assert_eq!(
        browser.get("/api/notes").await.json()["notes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        browser
            .delete(&format!("/api/notes/{first_id}"))
            .await
            .status,
        404
    );
}

#[actix_web::test]
async fn note_text_is_stored_byte_exact() {
    let app = spawn_app().await;
    let browser = app.client();
    browser.register("bob").await;
    let text = "Grüße, 世界! 🎉 <script>alert(1)</script> \"quoted\" \\ back\nslash\ttab";

    let created = browser
        .post_json("/api/notes", &json!({ "body": text }))
        .await;

    assert_eq!(created.json()["body"], text);
    assert_eq!(
        browser.get("/api/notes").await.json()["notes"][0]["body"],
        text
    );
}

#[actix_web::test]
async fn another_users_notes_are_invisible_and_undeletable() {
    let app = spawn_app().await;
    let alice = app.client();
    alice.register("alice").await;
    let note = alice
        .post_json("/api/notes", &json!({ "body": "private" }))
        .await
        .json();
    let mallory = app.client();
    mallory.register("mallory").await;

    assert_eq!(mallory.get("/api/notes").await.json()["notes"], json!([]));
    let response = mallory.delete(&format!("/api/notes/{}", note["id"])).await;
    assert_eq!(response.status, 404);
    assert_eq!(
        alice.get("/api/notes").await.json()["notes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
