//! The JSON side of the site: the API, the renew route, health and metrics.
//! `api` is the one route table: it registers the routes on the app and,
//! through utoipa, writes the OpenAPI document, so neither can miss a route.
//! The document also decides 405 against 404 (see `http_errors::not_found`).

mod accounts;
mod docs;
mod health;
mod me;
pub mod metrics;
mod notes;
mod password;
mod renew;
mod sessions;

use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{App, HttpResponse, web};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa::openapi::PathItem;
use utoipa_actix_web::AppExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::cookies::CookiePolicy;
use crate::auth::session::IssuedTokens;

/// Every documented route.
fn api(config: &mut ServiceConfig) {
    config.service(health::check).service(renew::renew).service(
        utoipa_actix_web::scope("/api")
            .service(accounts::register)
            .service(accounts::login)
            .service(accounts::logout)
            .service(me::show)
            .service(password::change)
            .service(notes::list)
            .service(notes::create)
            .service(notes::delete)
            .service(sessions::list)
            .service(sessions::revoke_all_others)
            .service(sessions::revoke)
            .route("/openapi.json", web::get().to(openapi_json)),
    );
}

/// Registers the JSON side on an app.
pub fn configure(config: &mut web::ServiceConfig) {
    api(&mut ServiceConfig::new(config));
}

/// The OpenAPI document of everything `api` registers.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = App::new()
        .into_utoipa_app()
        .openapi(docs::Document::openapi())
        .configure(api)
        .split_for_parts();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document
}

/// The document, serialised once, and the methods each path answers.
pub struct ApiDescription {
    json: String,
    routes: Vec<(Vec<String>, Vec<Method>)>,
}

impl ApiDescription {
    pub fn new() -> Self {
        let document = document();
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                (
                    path.split('/').map(str::to_owned).collect(),
                    methods_of(item),
                )
            })
            .collect();
        let json = document.to_json().expect("the OpenAPI document serialises");
        Self { json, routes }
    }

    /// The methods answered at `path`, if any documented route matches it.
    pub fn methods_at(&self, path: &str) -> Option<&[Method]> {
        let segments: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .find(|(template, _)| {
                template.len() == segments.len()
                    && template.iter().zip(&segments).all(|(expected, actual)| {
                        (expected.starts_with('{') && !actual.is_empty()) || expected == actual
                    })
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

impl Default for ApiDescription {
    fn default() -> Self {
        Self::new()
    }
}

fn methods_of(item: &PathItem) -> Vec<Method> {
    [
        (item.get.is_some(), Method::GET),
        (item.post.is_some(), Method::POST),
        (item.put.is_some(), Method::PUT),
        (item.patch.is_some(), Method::PATCH),
        (item.delete.is_some(), Method::DELETE),
    ]
    .into_iter()
    .filter_map(|(present, method)| present.then_some(method))
    .collect()
}

async fn openapi_json(description: web::Data<ApiDescription>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(description.json.clone())
}

/// A JSON answer that sets both token cookies; never cached.
fn with_tokens(
    status: StatusCode,
    cookies: &CookiePolicy,
    tokens: &IssuedTokens,
    body: impl Serialize,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.insert_header((CACHE_CONTROL, HeaderValue::from_static("no-store")));
    for cookie in tokens.cookies(cookies) {
        response.cookie(cookie);
    }
    response.json(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_route_is_in_the_document() {
        let document = document();
        let paths: Vec<&str> = document.paths.paths.keys().map(String::as_str).collect();
        for expected in [
            "/healthz",
            "/auth/renew",
            "/api/register",
            "/api/login",
            "/api/logout",
            "/api/me",
            "/api/password",
            "/api/notes",
            "/api/notes/{id}",
            "/api/sessions",
            "/api/sessions/{id}",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
    }

    #[test]
    fn known_paths_tell_their_methods_and_unknown_ones_nothing() {
        let description = ApiDescription::new();
        assert_eq!(
            description.methods_at("/api/notes"),
            Some(&[Method::GET, Method::POST][..])
        );
        assert_eq!(
            description.methods_at("/api/notes/17"),
            Some(&[Method::DELETE][..])
        );
        assert_eq!(description.methods_at("/api/notes/17/x"), None);
        assert_eq!(description.methods_at("/api/nothing"), None);
    }
}
