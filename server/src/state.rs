//! What every handler shares.

use std::sync::Arc;

use crate::auth::access_token::AccessTokens;
use crate::auth::cookies::CookiePolicy;
use crate::auth::keys::KeyRing;
use crate::auth::password::Passwords;
use crate::metrics::Metrics;
use crate::proxies::TrustedProxies;
use crate::rate_limit::RateLimits;
use crate::store::Store;

pub struct AppState {
    pub store: Store,
    pub keys: Arc<KeyRing>,
    pub access_tokens: AccessTokens,
    pub cookies: CookiePolicy,
    pub passwords: Passwords,
    pub lifetimes: Lifetimes,
    pub proxies: TrustedProxies,
    pub limits: RateLimits,
    pub metrics: Metrics,
}

/// Session lifetimes in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Lifetimes {
    pub idle_ms: i64,
    pub max_age_ms: i64,
    pub grace_ms: i64,
}
