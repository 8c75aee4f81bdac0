//! The server-rendered site: Askama pages whose forms work without
//! JavaScript; `static/app.js` enhances them where JavaScript runs.

mod access;
mod account;
mod errors;
mod form_body;
mod forms;
mod home;
pub mod next;
mod notes;
mod sessions;
mod templates;

use actix_session::Session;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use askama::Template;

pub use errors::PageError;
use templates::Layout;

use crate::auth::access_token::AccessGrant;

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .service(web::resource("/").route(web::get().to(home::show)))
        .service(
            web::resource("/login")
                .route(web::get().to(account::login_form))
                .route(web::post().to(account::login)),
        )
        .service(
            web::resource("/register")
                .route(web::get().to(account::register_form))
                .route(web::post().to(account::register)),
        )
        .service(web::resource("/logout").route(web::post().to(account::logout)))
        .service(
            web::resource("/notes")
                .route(web::get().to(notes::show))
                .route(web::post().to(notes::add)),
        )
        .service(web::resource("/notes/{id}/delete").route(web::post().to(notes::delete)))
        .service(web::resource("/sessions").route(web::get().to(sessions::show)))
        .service(web::resource("/password").route(web::post().to(sessions::change_password)))
        .service(
            web::resource("/sessions/revoke-others").route(web::post().to(sessions::revoke_others)),
        )
        .service(web::resource("/sessions/{id}/revoke").route(web::post().to(sessions::revoke)))
        .service(web::resource("/shim-demo").route(web::get().to(shim_demo)));
}

/// Largest form body accepted.
pub const FORM_LIMIT: usize = 16 * 1024;

pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(FORM_LIMIT)
        .error_handler(|error, _| {
            let status = actix_web::ResponseError::status_code(&error);
            PageError::from_status(status).into()
        })
}

impl Layout {
    pub fn new(
        session: &Session,
        title: &'static str,
        nav: &'static str,
        user: Option<&AccessGrant>,
    ) -> Self {
        Self {
            title,
            user: user.map(|grant| grant.username.clone()),
            csrf_token: forms::csrf_token(session),
            flashes: forms::take_flashes(session),
            nav,
        }
    }

    /// For pages rendered outside a session (errors, the interstitial):
    /// no navigation, since who is signed in is not known there.
    pub fn bare(title: &'static str) -> Self {
        Self {
            title,
            user: None,
            csrf_token: String::new(),
            flashes: Vec::new(),
            nav: "",
        }
    }
}

/// A rendered page with its status; never cached, since pages show a
/// signed-in user's data.
fn page(
    status: actix_web::http::StatusCode,
    template: &impl Template,
) -> Result<HttpResponse, PageError> {
    let html = template
        .render()
        .map_err(|error| PageError::Internal(error.into()))?;
    Ok(HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// `303 See Other` to `location`: the answer to a successful form.
fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .finish()
}

/// The shim's example page: not part of the site, just the one tag.
async fn shim_demo() -> Result<HttpResponse, PageError> {
    let html = crate::static_files::find("shim-demo.html").ok_or_else(PageError::not_found)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}
