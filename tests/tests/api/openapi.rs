//! The OpenAPI document describes every JSON route the server answers.

use silent_renew_tests::spawn_app;

#[actix_web::test]
async fn the_openapi_document_lists_every_route_with_its_answers() {
    let app = spawn_app().await;
    let response = app.client().get("/api/openapi.json").await;

    assert_eq!(response.status, 200);
    let document = response.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let paths = document["paths"].as_object().unwrap();
    for (path, method) in [
        ("/auth/renew", "post"),
        ("/healthz", "get"),
        ("/api/register", "post"),
        ("/api/login", "post"),
        ("/api/logout", "post"),
        ("/api/me", "get"),
        ("/api/password", "put"),
        ("/api/notes", "get"),
        ("/api/notes", "post"),
        ("/api/notes/{id}", "delete"),
        ("/api/sessions", "get"),
        ("/api/sessions", "delete"),
        ("/api/sessions/{id}", "delete"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    let me = &paths["/api/me"]["get"]["responses"];
    assert!(me["200"].is_object() && me["401"].is_object());
    assert!(document["components"]["schemas"]["ErrorBody"].is_object());
    assert!(document["components"]["securitySchemes"]["access_cookie"].is_object());
}
