//! Times as the API shows them.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Unix milliseconds (as stored) → RFC 3339 in UTC, e.g. `2026-12-04T16:38:19.123Z`.
pub fn rfc3339(unix_millis: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_millis) * 1_000_000)
        .ok()
        .and_then(|moment| moment.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_milliseconds_read_as_rfc3339() {
        assert_eq!(
            super::rfc3339(1_764_866_299_123),
            "2025-12-04T16:38:19.123Z"
        );
    }
}
