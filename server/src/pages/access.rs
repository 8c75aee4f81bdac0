//! `verify_token` for pages. The refresh cookie never reaches page routes
//! (Path=/auth), so the access cookie alone decides: valid → the page;
//! expired but genuine → the "renewing your session" interstitial, which
//! renews and comes back; absent or forged → the login page.

use actix_session::Session;
use actix_web::HttpRequest;

use super::errors::PageError;
use super::forms::csrf_matches;
use crate::auth::access_token::{AccessGrant, AccessTokenError};
use crate::state::AppState;

pub enum Visitor {
    SignedIn(AccessGrant),
    /// A genuine access token that has expired: a session is probably alive.
    Lapsed,
    Anonymous {
        /// A cookie was sent but is not ours: it is cleared.
        forged_cookie: bool,
    },
}

pub fn visitor(state: &AppState, request: &HttpRequest) -> Visitor {
    let Some(token) = state.cookies.access_token(request) else {
        return Visitor::Anonymous {
            forged_cookie: false,
        };
    };
    match state.access_tokens.verify(token) {
        Ok(grant) => Visitor::SignedIn(grant),
        Err(AccessTokenError::Expired) => Visitor::Lapsed,
        Err(_) => Visitor::Anonymous {
            forged_cookie: true,
        },
    }
}

/// How a page request comes back after renewal.
pub enum Return {
    /// A GET: reload the same URL.
    Reload,
    /// A form POST: submit the same fields again; `next` is the page to
    /// sign in to if the session turns out to be over.
    Resubmit {
        fields: Vec<(String, String)>,
        next: &'static str,
    },
}

/// The signed-in user, or the page error that brings them back.
pub fn require_user(
    state: &AppState,
    request: &HttpRequest,
    back: Return,
) -> Result<AccessGrant, PageError> {
    let here = match request.uri().query() {
        Some(query) => format!("{}?{query}", request.path()),
        None => request.path().to_owned(),
    };
    let next = match &back {
        Return::Reload => here.clone(),
        Return::Resubmit { next, .. } => (*next).to_owned(),
    };
    match visitor(state, request) {
        Visitor::SignedIn(grant) => Ok(grant),
        Visitor::Lapsed => Err(PageError::RenewalRequired {
            action: here,
            fields: match back {
                Return::Reload => None,
                Return::Resubmit { fields, .. } => Some(fields),
            },
            next,
        }),
        Visitor::Anonymous { forged_cookie } => Err(PageError::SignInRequired {
            next,
            clear: if forged_cookie {
                state.cookies.clear_both().to_vec()
            } else {
                Vec::new()
            },
        }),
    }
}

/// The gate of every page form that needs a session: the signed-in user
/// (or the interstitial that brings the fields back after renewal), and a
/// form token that matches the session's.
pub fn require_form_user(
    state: &AppState,
    request: &HttpRequest,
    session: &Session,
    form: &impl serde::Serialize,
    next: &'static str,
) -> Result<AccessGrant, PageError> {
    let fields = form_fields(form);
    let token = fields
        .iter()
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value.clone())
        .unwrap_or_default();
    let grant = require_user(state, request, Return::Resubmit { fields, next })?;
    if !csrf_matches(session, &token) {
        return Err(PageError::form_expired());
    }
    Ok(grant)
}

/// A submitted form as name/value pairs, to be carried through renewal.
fn form_fields(form: &impl serde::Serialize) -> Vec<(String, String)> {
    serde_urlencoded::to_string(form)
        .ok()
        .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
        .unwrap_or_default()
}
