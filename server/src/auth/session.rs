//! Starting a signed-in session, and the pair of tokens a session hands out.

use actix_web::HttpRequest;
use actix_web::cookie::Cookie;
use actix_web::http::header;

use super::access_token::{AccessGrant, AccessToken};
use super::cookies::CookiePolicy;
use super::refresh_token::{RefreshNonce, RefreshToken};
use super::renew::ClientMeta;
use crate::domain::ids::{SessionId, UserId};
use crate::state::AppState;
use crate::store::StoreError;
use crate::store::sessions::{self, LoadedSession, NewSession, SessionRow};

/// What the browser gets after sign-in or renewal.
pub struct IssuedTokens {
    pub access: AccessToken,
    /// Unix seconds.
    pub access_expires_at: i64,
    pub refresh: RefreshToken,
    /// Both cookies live as long as the session would if left unused.
    pub cookie_max_age_secs: i64,
}

impl IssuedTokens {
    /// The tokens for `counter` of a live session, at the database's `now_ms`.
    pub fn for_session(
        state: &AppState,
        session: &SessionRow,
        username: &str,
        counter: u64,
        now_ms: i64,
    ) -> Option<Self> {
        let session_id: SessionId = session.id.parse().ok()?;
        let nonce = RefreshNonce::from_hex(&session.refresh_nonce)?;
        let (access, access_expires_at) = state.access_tokens.issue(
            UserId(session.user_id),
            username,
            session_id,
            counter,
            now_ms / 1000,
            session.absolute_expires_at / 1000,
        );
        Some(Self {
            access,
            access_expires_at,
            refresh: RefreshToken::mint(state.keys.current(), session_id, counter, &nonce),
            // Rounded: the insert's clock reading and the read's differ by a few ms.
            cookie_max_age_secs: (session.ends_at() - now_ms + 500) / 1000,
        })
    }

    pub fn cookies(&self, policy: &CookiePolicy) -> [Cookie<'static>; 2] {
        [
            policy.access(&self.access, self.cookie_max_age_secs),
            policy.refresh(&self.refresh, self.cookie_max_age_secs),
        ]
    }
}

/// Opens a new session for a user who just proved who they are.
pub async fn start(
    state: &AppState,
    user_id: UserId,
    client: ClientMeta,
) -> Result<IssuedTokens, StoreError> {
    let id = SessionId::random().to_hex();
    let nonce = RefreshNonce::random().to_hex();
    let idle_ttl_ms = state.lifetimes.idle_ms;
    let max_age_ms = state.lifetimes.max_age_ms;
    let LoadedSession {
        row,
        username,
        now_ms,
    } = state
        .store
        .run(move |conn| {
            sessions::insert(
                conn,
                &NewSession {
                    id: &id,
                    user_id: user_id.0,
                    refresh_nonce: &nonce,
                    idle_ttl_ms,
                    max_age_ms,
                    user_agent: client.user_agent.as_deref(),
                    ip: client.ip.as_deref(),
                },
            )
        })
        .await?;
    IssuedTokens::for_session(state, &row, &username, 0, now_ms)
        .ok_or_else(|| StoreError::Unavailable("the new session row did not read back".into()))
}

/// The longest user agent kept with a session.
const MAX_USER_AGENT_CHARS: usize = 256;

/// The device facts a session keeps: user agent and client address.
pub fn client_meta(state: &AppState, request: &HttpRequest) -> ClientMeta {
    ClientMeta {
        user_agent: request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|agent| agent.chars().take(MAX_USER_AGENT_CHARS).collect()),
        ip: state.proxies.client_ip(request).map(|ip| ip.to_string()),
    }
}

/// Ends the session the request's access token names. An expired token
/// still counts if it is recent (issued under the session's current or
/// previous refresh counter): an old one from a log cannot end the session.
/// Without a genuine token there is nothing to end, and that is no error.
pub async fn end(state: &AppState, request: &HttpRequest) -> Result<(), StoreError> {
    let Some(grant) = state
        .cookies
        .access_token(request)
        .and_then(|token| state.access_tokens.verify_ignoring_expiry(token).ok())
    else {
        return Ok(());
    };
    let expired = grant.expires_at <= crate::domain::time::unix_millis_now() / 1000;
    let id = grant.session_id.to_hex();
    state
        .store
        .run(move |conn| {
            let Some(found) = sessions::find(conn, &id)? else {
                return Ok(false);
            };
            let recent =
                grant.refresh_counter.saturating_add(1) >= found.row.refresh_counter.max(0) as u64;
            if found.row.user_id != grant.user_id.0 || (expired && !recent) {
                return Ok(false);
            }
            sessions::revoke(conn, &id, "logout")
        })
        .await?;
    Ok(())
}

/// Signs one of the user's devices out; false when the session is unknown,
/// another user's, or already over.
pub async fn end_device(
    state: &AppState,
    grant: &AccessGrant,
    target: SessionId,
) -> Result<bool, StoreError> {
    let user_id = grant.user_id.0;
    state
        .store
        .run(move |conn| sessions::revoke_owned(conn, user_id, &target.to_hex(), "revoked_by_user"))
        .await
}

/// Signs every other device of the user out; returns how many.
pub async fn end_all_other_devices(
    state: &AppState,
    grant: &AccessGrant,
) -> Result<usize, StoreError> {
    let user_id = grant.user_id.0;
    let keep = grant.session_id.to_hex();
    let ended = state
        .store
        .run(move |conn| sessions::revoke_all_but(conn, user_id, &keep, "signed_out_elsewhere"))
        .await?;
    tracing::info!(user_id, ended, "signed out of every other session");
    Ok(ended)
}
