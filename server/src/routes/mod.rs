//! The HTTP routes, by resource.

mod accounts;
mod health;
mod me;
mod notes;
mod renew;
mod sessions;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::auth::cookies::CookiePolicy;
use crate::auth::session::IssuedTokens;

/// The JSON API, the renew route and the health check.
pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(web::resource("/healthz").route(web::get().to(health::check)))
        .service(web::resource("/auth/renew").route(web::post().to(renew::renew)))
        .service(
            web::scope("/api")
                .service(web::resource("/register").route(web::post().to(accounts::register)))
                .service(web::resource("/login").route(web::post().to(accounts::login)))
                .service(web::resource("/logout").route(web::post().to(accounts::logout)))
                .service(web::resource("/me").route(web::get().to(me::show)))
                .service(
                    web::resource("/notes")
                        .route(web::get().to(notes::list))
                        .route(web::post().to(notes::create)),
                )
                .service(web::resource("/notes/{id}").route(web::delete().to(notes::delete)))
                .service(
                    web::resource("/sessions")
                        .route(web::get().to(sessions::list))
                        .route(web::delete().to(sessions::revoke_all_others)),
                )
                .service(web::resource("/sessions/{id}").route(web::delete().to(sessions::revoke))),
        );
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
