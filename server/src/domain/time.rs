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

/// "just now", "5 minutes ago", "3 days ago": how long before `now` it was.
pub fn ago(now_millis: i64, then_millis: i64) -> String {
    let seconds = (now_millis - then_millis).max(0) / 1000;
    let (count, unit) = match seconds {
        0..60 => return "just now".to_owned(),
        60..3_600 => (seconds / 60, "minute"),
        3_600..86_400 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{count} {unit}{} ago", if count == 1 { "" } else { "s" })
}

/// Unix milliseconds now, by this instance's clock (for display only).
pub fn unix_millis_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ages_read_like_people_say_them() {
        let minute = 60_000;
        assert_eq!(super::ago(10 * minute, 10 * minute - 5_000), "just now");
        assert_eq!(super::ago(10 * minute, 9 * minute), "1 minute ago");
        assert_eq!(super::ago(200 * minute, 20 * minute), "3 hours ago");
        assert_eq!(super::ago(10_000 * minute, 0), "6 days ago");
    }

    #[test]
    fn stored_milliseconds_read_as_rfc3339() {
        assert_eq!(
            super::rfc3339(1_764_866_299_123),
            "2025-12-04T16:38:19.123Z"
        );
    }
}
