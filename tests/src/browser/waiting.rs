//! Waiting on a condition, with a deadline: the only way a browser test
//! synchronises with the browser or the server (the one exception, waiting
//! for an access token to expire, is in `access_token`).

use std::future::Future;
use std::time::{Duration, Instant};

/// How often a condition is checked again.
const POLL: Duration = Duration::from_millis(25);

/// Checks `condition` until it holds; panics naming `what` after `within`.
pub async fn wait_until<F, Fut>(what: &str, within: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if condition().await {
            return;
        }
        assert!(
            started.elapsed() < within,
            "timed out after {within:?} waiting until {what}"
        );
        actix_web::rt::time::sleep(POLL).await;
    }
}
