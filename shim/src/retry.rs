//! When to try the renew request again.
//!
//! A failed renewal (network error, 403, 429, 5xx) is retried with a capped exponential backoff
//! whose first step is well under a second, so a blip costs the user almost nothing, while a
//! server that asks for patience with `Retry-After` gets it. The caller bounds the whole.

/// The first retry comes this soon after the first failure.
const FIRST_DELAY_MS: f64 = 250.0;
/// No single wait between two attempts is longer than this, unless `Retry-After` asks for it.
const MAX_DELAY_MS: f64 = 4_000.0;

/// What to do after the renew endpoint answered with `status`.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Verdict {
    /// 2xx: the session goes on.
    Renewed,
    /// 401: the refresh token is spent or gone; the session is over.
    Expired,
    /// 403 (a refusal to look into, never the end of a session), 408, 429, 5xx: try again.
    Retry,
    /// Anything else (a misconfigured renew URL, say): retrying will not help.
    GiveUp,
}

pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Renewed,
        401 => Verdict::Expired,
        403 | 408 | 429 | 500..=599 => Verdict::Retry,
        _ => Verdict::GiveUp,
    }
}

/// The wait after the `failures`-th failed attempt (1 for the first), honouring `Retry-After`.
pub fn delay_ms(failures: u32, retry_after_ms: Option<f64>) -> f64 {
    let doublings = failures.saturating_sub(1).min(16);
    let backoff = (FIRST_DELAY_MS * f64::from(1u32 << doublings)).min(MAX_DELAY_MS);
    backoff.max(retry_after_ms.unwrap_or(0.0))
}

/// Reads `Retry-After` (delay in seconds, or an HTTP date) as milliseconds from `now_ms`.
/// `parse_date` turns an HTTP date into Unix milliseconds (the browser's `Date.parse`).
pub fn retry_after_ms(
    value: &str,
    now_ms: f64,
    parse_date: impl FnOnce(&str) -> Option<f64>,
) -> Option<f64> {
    let value = value.trim_ascii();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Integer parsing: a float parser would add kilobytes of tables to the wasm.
        let seconds = value.parse::<u32>().unwrap_or(u32::MAX);
        return Some(f64::from(seconds) * 1000.0);
    }
    parse_date(value).map(|at| (at - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::{Verdict, delay_ms, retry_after_ms, verdict};

    #[test]
    fn statuses_map_to_the_contract() {
        assert_eq!(verdict(200), Verdict::Renewed);
        assert_eq!(verdict(204), Verdict::Renewed);
        assert_eq!(verdict(401), Verdict::Expired);
        for status in [403, 408, 429, 500, 502, 503, 504] {
            assert_eq!(verdict(status), Verdict::Retry, "{status}");
        }
        assert_eq!(verdict(404), Verdict::GiveUp);
        assert_eq!(verdict(415), Verdict::GiveUp);
    }

    #[test]
    fn the_first_retry_is_within_a_second_and_the_backoff_is_capped() {
        assert!(delay_ms(1, None) < 1000.0);
        assert_eq!(delay_ms(2, None), 2.0 * delay_ms(1, None));
        assert_eq!(delay_ms(40, None), 4000.0);
    }

    #[test]
    fn retry_after_is_honoured_when_longer_than_the_backoff() {
        assert_eq!(delay_ms(1, Some(3000.0)), 3000.0);
        assert_eq!(delay_ms(1, Some(0.0)), delay_ms(1, None));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(retry_after_ms("2", 0.0, |_| None), Some(2000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0, |_| None), Some(0.0));
        assert_eq!(
            retry_after_ms("99999999999", 0.0, |_| None),
            Some(f64::from(u32::MAX) * 1000.0)
        );
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT", 1000.0, |_| Some(4000.0)),
            Some(3000.0)
        );
        assert_eq!(retry_after_ms("past", 5000.0, |_| Some(1000.0)), Some(0.0));
        assert_eq!(retry_after_ms("soon", 0.0, |_| None), None);
    }
}
