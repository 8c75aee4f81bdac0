//! The OpenAPI document. Its paths come from the same route table that
//! builds the app (`routes::api`), so no route can be left out of it; the
//! pieces here are the shared answers and the document's frame.

// The answer types below only describe responses for the document; the
// handlers build their errors as `ApiError`.
#![allow(dead_code)]

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{IntoResponses, Modify, OpenApi};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "silent-renew",
        description = "Short-lived access tokens in HttpOnly cookies, rotated refresh tokens, one renew route. \
            Every unsafe method must come from the site itself (Sec-Fetch-Site, else Origin or Referer).",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(ErrorBody)),
    modifiers(&AccessCookie)
)]
pub struct Document;

/// The tokens travel in cookies: `__Host-access` and `__Secure-refresh`
/// (`access` and `refresh` with `COOKIE_SECURE=false`).
struct AccessCookie;

impl Modify for AccessCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "access_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("__Host-access"))),
        );
        components.add_security_scheme(
            "refresh_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("__Secure-refresh"))),
        );
    }
}

/// A missing, expired or invalid access token: `missing_token`,
/// `token_expired` or `invalid_token`. Renewal may cure it.
#[derive(IntoResponses)]
#[response(
    status = 401,
    headers(("WWW-Authenticate" = String, description = r#"Bearer error="invalid_token""#))
)]
pub struct TokenRefused(ErrorBody<'static>);

/// The refusals any write may meet.
#[derive(IntoResponses)]
pub enum WriteRefused {
    /// `malformed_json`: the body is not JSON.
    #[response(status = 400)]
    Malformed(ErrorBody<'static>),
    /// `cross_site_request`: not sent from this site's own pages.
    #[response(status = 403)]
    CrossSite(ErrorBody<'static>),
    /// `payload_too_large`: over 64 KiB.
    #[response(status = 413)]
    TooLarge(ErrorBody<'static>),
    /// `unsupported_media_type`: not `application/json`.
    #[response(status = 415)]
    NotJson(ErrorBody<'static>),
    /// `invalid_input`: the JSON does not fit the rules.
    #[response(status = 422)]
    Invalid(ErrorBody<'static>),
}

/// `cross_site_request`: not sent from this site's own pages.
#[derive(IntoResponses)]
#[response(status = 403)]
pub struct CrossSite(ErrorBody<'static>);

/// `not_found`: unknown, or another user's.
#[derive(IntoResponses)]
#[response(status = 404)]
pub struct NotFound(ErrorBody<'static>);

/// `rate_limited`: wait as long as `Retry-After` says.
#[derive(IntoResponses)]
#[response(status = 429, headers(("Retry-After" = u64, description = "seconds")))]
pub struct Limited(ErrorBody<'static>);

/// `unavailable`: the store is briefly out of reach; nothing changed.
#[derive(IntoResponses)]
#[response(status = 503, headers(("Retry-After" = u64, description = "seconds")))]
pub struct Unavailable(ErrorBody<'static>);
