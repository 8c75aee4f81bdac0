//! Keys and a session as the server holds them, built once per group.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use silent_renew::auth::access_token::AccessTokens;
use silent_renew::auth::keys::KeyRing;
use silent_renew::auth::refresh_token::RefreshNonce;
use silent_renew::domain::ids::{SessionId, UserId};
use silent_renew::secret::Secret;

pub const CURRENT_MASTER: &str = "bench-current-master-key-0123456789abcdef";
pub const RETIRED_MASTER: &str = "bench-retired-master-key-0123456789abcdef";
pub const USERNAME: &str = "bench-user";
pub const USER: UserId = UserId(42);
/// The server's default `ACCESS_TOKEN_TTL`.
pub const ACCESS_TTL: Duration = Duration::from_secs(15 * 60);

pub fn secret(text: &str) -> Secret {
    text.parse()
        .expect("a bench key is long enough and has no comma")
}

/// A ring with one retired master, as after a key rotation.
pub fn key_ring() -> Arc<KeyRing> {
    Arc::new(KeyRing::new(
        &secret(CURRENT_MASTER),
        &[secret(RETIRED_MASTER)],
    ))
}

/// A ring of the retired master alone: it signs what a rotated ring must
/// still accept.
pub fn retired_key_ring() -> Arc<KeyRing> {
    Arc::new(KeyRing::new(&secret(RETIRED_MASTER), &[]))
}

pub fn access_tokens(keys: Arc<KeyRing>) -> AccessTokens {
    AccessTokens::new(keys, ACCESS_TTL)
}

pub struct Session {
    pub id: SessionId,
    pub nonce: RefreshNonce,
    pub counter: u64,
}

pub fn session() -> Session {
    Session {
        id: SessionId::random(),
        nonce: RefreshNonce::random(),
        counter: 41,
    }
}

pub fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is past 1970")
        .as_secs() as i64
}

/// Far enough ahead that no token is cut short by the session's end.
pub fn session_ends_at() -> i64 {
    now_secs() + 60 * 24 * 3600
}
