//! Abuse limits. Sign-in and registration buckets live in the store, so
//! they hold across every instance; the renewal limit is a cheap in-memory
//! guard per instance (a store round trip per renewal would double the
//! database's work for a limit that only stops floods).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::RateLimit;
use crate::store::rate_limits::{self, Bucket};
use crate::store::{Store, StoreError};

/// The per-account and per-address ceilings are this much looser than the
/// per-(account, address) limit: one address cannot lock a stranger out,
/// and many users behind one address can still sign in.
const CEILING_FACTOR: f64 = 5.0;

#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    #[error("rate limited for {retry_after_secs} s")]
    Limited { retry_after_secs: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct RateLimits {
    login: Option<Bucket>,
    renew: LocalLimiter,
}

fn bucket(limit: RateLimit, factor: f64) -> Option<Bucket> {
    match limit {
        RateLimit::Off => None,
        RateLimit::PerPeriod { count, period } => {
            let capacity = f64::from(count) * factor;
            Some(Bucket {
                capacity,
                per_ms: capacity / period.as_millis() as f64,
            })
        }
    }
}

/// The tokens one sign-in attempt took; given back if it succeeds.
pub struct LoginAttempt {
    taken: Vec<(String, Bucket)>,
}

impl LoginAttempt {
    pub async fn succeeded(self, store: &Store) {
        if self.taken.is_empty() {
            return;
        }
        let taken = self.taken;
        let result = store
            .run(move |conn| {
                for (key, bucket) in &taken {
                    rate_limits::give_back(conn, key, *bucket)?;
                }
                Ok(())
            })
            .await;
        if let Err(error) = result {
            tracing::warn!(%error, "could not give back a sign-in token");
        }
    }
}

impl RateLimits {
    pub fn new(login: RateLimit, renew: RateLimit) -> Self {
        Self {
            login: bucket(login, 1.0),
            renew: LocalLimiter::new(bucket(renew, 1.0)),
        }
    }

    /// Takes a token per (account, address), per account and per address,
    /// before the password is hashed, so parallel guesses cannot slip past.
    pub async fn begin_login(
        &self,
        store: &Store,
        ip: Option<IpAddr>,
        account: &str,
    ) -> Result<LoginAttempt, LimitError> {
        let Some(pair) = self.login else {
            return Ok(LoginAttempt { taken: Vec::new() });
        };
        let ceiling = Bucket {
            capacity: pair.capacity * CEILING_FACTOR,
            per_ms: pair.per_ms * CEILING_FACTOR,
        };
        let address = ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
        let account: String = account.to_lowercase().chars().take(64).collect();
        let buckets = vec![
            (format!("login:pair:{account}|{address}"), pair),
            (format!("login:account:{account}"), ceiling),
            (format!("login:address:{address}"), ceiling),
        ];
        let taken = take_all(store, buckets).await?;
        Ok(LoginAttempt { taken })
    }

    /// Registrations per address.
    pub async fn begin_registration(
        &self,
        store: &Store,
        ip: Option<IpAddr>,
    ) -> Result<(), LimitError> {
        let Some(bucket) = self.login else {
            return Ok(());
        };
        let address = ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
        take_all(store, vec![(format!("register:address:{address}"), bucket)]).await?;
        Ok(())
    }

    /// Renewals per address, in this instance.
    pub fn check_renewal(&self, ip: Option<IpAddr>) -> Result<(), LimitError> {
        self.renew.take(ip)
    }
}

/// Takes one token from each bucket, or none: if one is empty, the tokens
/// already taken are given back and the answer says how long to wait.
async fn take_all(
    store: &Store,
    buckets: Vec<(String, Bucket)>,
) -> Result<Vec<(String, Bucket)>, LimitError> {
    let outcome = store
        .run(move |conn| {
            let mut taken = Vec::with_capacity(buckets.len());
            for (key, bucket) in buckets {
                if rate_limits::take(conn, &key, bucket)? {
                    taken.push((key, bucket));
                    continue;
                }
                for (taken_key, taken_bucket) in &taken {
                    rate_limits::give_back(conn, taken_key, *taken_bucket)?;
                }
                let wait_ms = rate_limits::wait_ms(conn, &key, bucket)?;
                return Ok(Err(wait_ms));
            }
            Ok(Ok(taken))
        })
        .await?;
    outcome.map_err(|wait_ms| LimitError::Limited {
        retry_after_secs: (wait_ms as u64).div_ceil(1000).max(1),
    })
}

/// In-memory token buckets keyed by client address.
struct LocalLimiter {
    bucket: Option<Bucket>,
    state: Mutex<HashMap<Option<IpAddr>, (f64, Instant)>>,
}

/// Beyond this many addresses, full buckets are forgotten.
const MAX_TRACKED_ADDRESSES: usize = 100_000;

impl LocalLimiter {
    fn new(bucket: Option<Bucket>) -> Self {
        Self {
            bucket,
            state: Mutex::new(HashMap::new()),
        }
    }

    fn take(&self, ip: Option<IpAddr>) -> Result<(), LimitError> {
        let Some(bucket) = self.bucket else {
            return Ok(());
        };
        let now = Instant::now();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if state.len() >= MAX_TRACKED_ADDRESSES {
            state.retain(|_, (tokens, at)| refill(bucket, *tokens, *at, now) < bucket.capacity);
        }
        let (tokens, at) = state.entry(ip).or_insert((bucket.capacity, now));
        let available = refill(bucket, *tokens, *at, now);
        if available < 1.0 {
            let wait = Duration::from_millis(((1.0 - available) / bucket.per_ms).ceil() as u64);
            return Err(LimitError::Limited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        *tokens = available - 1.0;
        *at = now;
        Ok(())
    }
}

fn refill(bucket: Bucket, tokens: f64, at: Instant, now: Instant) -> f64 {
    (tokens + now.duration_since(at).as_millis() as f64 * bucket.per_ms).min(bucket.capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_limiter_allows_a_burst_then_refuses_with_a_wait() {
        let limiter = LocalLimiter::new(bucket(
            RateLimit::PerPeriod {
                count: 3,
                period: Duration::from_secs(60),
            },
            1.0,
        ));
        let ip = Some("192.0.2.1".parse().unwrap());
        for _ in 0..3 {
            assert!(limiter.take(ip).is_ok());
        }
        match limiter.take(ip) {
            Err(LimitError::Limited { retry_after_secs }) => {
                assert!((1..=20).contains(&retry_after_secs))
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(
            limiter.take(Some("192.0.2.2".parse().unwrap())).is_ok(),
            "other addresses are unaffected"
        );
    }

    #[test]
    fn an_off_limit_never_refuses() {
        let limiter = LocalLimiter::new(bucket(RateLimit::Off, 1.0));
        for _ in 0..1000 {
            assert!(limiter.take(None).is_ok());
        }
    }
}
