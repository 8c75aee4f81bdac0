//! The drivers' one line of results on stdout.

use std::time::Duration;

/// Prints `key=value` pairs on one line, in order.
pub fn print_fields(fields: &[(&str, String)]) {
    let line: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    println!("{}", line.join(" "));
}

/// Milliseconds with enough digits for sub-millisecond latencies.
pub fn ms(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64() * 1e3)
}

pub fn per_second(count: usize, elapsed: Duration) -> String {
    format!("{:.1}", count as f64 / elapsed.as_secs_f64())
}
