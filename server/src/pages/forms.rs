//! What the server-side session (actix-session's signed, encrypted cookie)
//! carries for the pages: the form token and flash messages.

use actix_session::Session;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use subtle::ConstantTimeEq;

use super::templates::Flash;

const CSRF_KEY: &str = "csrf";
const FLASH_KEY: &str = "flash";

/// The session's form token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(CSRF_KEY) {
        return token;
    }
    let token = new_token();
    if let Err(error) = session.insert(CSRF_KEY, &token) {
        tracing::warn!(%error, "could not keep the form token");
    }
    token
}

/// A fresh token, e.g. after sign-in (a session-fixation defence).
pub fn rotate_csrf_token(session: &Session) {
    if let Err(error) = session.insert(CSRF_KEY, new_token()) {
        tracing::warn!(%error, "could not keep the form token");
    }
}

/// True when the form carried this session's token; compared in constant time.
pub fn csrf_matches(session: &Session, submitted: &str) -> bool {
    match session.get::<String>(CSRF_KEY) {
        Ok(Some(expected)) => {
            !submitted.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
        }
        _ => false,
    }
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's CSPRNG is available");
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn flash(session: &Session, kind: &str, message: impl Into<String>) {
    let mut flashes = session
        .get::<Vec<Flash>>(FLASH_KEY)
        .ok()
        .flatten()
        .unwrap_or_default();
    flashes.push(Flash {
        kind: kind.to_owned(),
        message: message.into(),
    });
    if let Err(error) = session.insert(FLASH_KEY, flashes) {
        tracing::warn!(%error, "could not keep a flash message");
    }
}

/// The messages waiting for the next page, removed as they are read.
pub fn take_flashes(session: &Session) -> Vec<Flash> {
    session
        .remove_as::<Vec<Flash>>(FLASH_KEY)
        .and_then(Result::ok)
        .unwrap_or_default()
}
