//! Headers every response carries unless it sets its own.

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::DefaultHeaders;

/// No inline script anywhere: scripts come from this site only, and the
/// shim's WebAssembly may be compiled (`'wasm-unsafe-eval'`, not `eval`).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn defaults() -> DefaultHeaders {
    DefaultHeaders::new()
        // Pages show a signed-in user's data and every JSON answer is
        // personal: nothing is cached unless it says so (static files do).
        .add((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .add((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .add((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .add((
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .add((header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
}
