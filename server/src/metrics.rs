//! Prometheus metrics, in the text exposition format. Counters are atomics
//! behind a read-mostly map: the hot path takes a shared lock and does one
//! atomic add.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&self.buckets) {
            if seconds <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }
}

/// A family of series keyed by their label values.
struct Family<T> {
    series: RwLock<BTreeMap<Vec<String>, Arc<T>>>,
}

impl<T: Default> Family<T> {
    fn new() -> Self {
        Self {
            series: RwLock::new(BTreeMap::new()),
        }
    }

    fn get(&self, labels: &[&str]) -> Arc<T> {
        let read = self
            .series
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = read
            .iter()
            .find(|(key, _)| key.iter().map(String::as_str).eq(labels.iter().copied()))
        {
            return found.1.clone();
        }
        drop(read);
        let mut write = self
            .series
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        write
            .entry(labels.iter().map(|label| (*label).to_owned()).collect())
            .or_default()
            .clone()
    }

    fn snapshot(&self) -> Vec<(Vec<String>, Arc<T>)> {
        let read = self
            .series
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        read.iter()
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }
}

pub struct Metrics {
    requests: Family<AtomicU64>,
    latency: Family<Histogram>,
    renewals: Family<AtomicU64>,
    logins: Family<AtomicU64>,
}

/// How a renewal ended.
#[derive(Clone, Copy, Debug)]
pub enum RenewOutcome {
    Rotated,
    Grace,
    Reused,
    Invalid,
    Limited,
    Unavailable,
}

/// How a sign-in ended.
#[derive(Clone, Copy, Debug)]
pub enum LoginOutcome {
    Success,
    InvalidCredentials,
    Limited,
    Error,
}

/// Values read at scrape time from elsewhere (the store, the pool).
pub struct Gauges {
    pub active_sessions: Option<i64>,
    pub pool_connections: u32,
    pub pool_idle: u32,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: Family::new(),
            latency: Family::new(),
            renewals: Family::new(),
            logins: Family::new(),
        }
    }
}

impl Metrics {
    /// `route` is the matched pattern (e.g. `/api/notes/{id}`), never the
    /// raw path, so ids do not explode the number of series.
    pub fn observe_request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        self.requests
            .get(&[route, method, &status.to_string()])
            .fetch_add(1, Ordering::Relaxed);
        self.latency.get(&[route]).observe(elapsed);
    }

    pub fn renewal(&self, outcome: RenewOutcome) {
        let name = format!("{outcome:?}").to_lowercase();
        self.renewals.get(&[&name]).fetch_add(1, Ordering::Relaxed);
    }

    pub fn login(&self, outcome: LoginOutcome) {
        let name = match outcome {
            LoginOutcome::Success => "success",
            LoginOutcome::InvalidCredentials => "invalid_credentials",
            LoginOutcome::Limited => "limited",
            LoginOutcome::Error => "error",
        };
        self.logins.get(&[name]).fetch_add(1, Ordering::Relaxed);
    }

    /// How many renewals ended with `outcome` so far (tests and the bench read it).
    pub fn renewals(&self, outcome: RenewOutcome) -> u64 {
        let name = format!("{outcome:?}").to_lowercase();
        self.renewals.get(&[&name]).load(Ordering::Relaxed)
    }

    /// How many renewals were answered so far, whatever their outcome: every
    /// `POST /auth/renew` that reached the route.
    pub fn renewals_total(&self) -> u64 {
        self.renewals
            .snapshot()
            .iter()
            .map(|(_, count)| count.load(Ordering::Relaxed))
            .sum()
    }

    pub fn render(&self, gauges: &Gauges) -> String {
        let mut text = String::new();
        counter_family(
            &mut text,
            "http_requests_total",
            "HTTP requests answered.",
            &["route", "method", "status"],
            &self.requests,
        );
        let _ = writeln!(
            text,
            "# HELP http_request_duration_seconds Time to answer a request."
        );
        let _ = writeln!(text, "# TYPE http_request_duration_seconds histogram");
        for (labels, histogram) in self.latency.snapshot() {
            let route = escape(&labels[0]);
            for (bound, bucket) in LATENCY_BUCKETS.iter().zip(&histogram.buckets) {
                let count = bucket.load(Ordering::Relaxed);
                let _ = writeln!(
                    text,
                    "http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let count = histogram.count.load(Ordering::Relaxed);
            let sum = histogram.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                text,
                "http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                text,
                "http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}"
            );
            let _ = writeln!(
                text,
                "http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
            );
        }
        counter_family(
            &mut text,
            "renewals_total",
            "Renewals by outcome.",
            &["outcome"],
            &self.renewals,
        );
        counter_family(
            &mut text,
            "logins_total",
            "Sign-ins by outcome.",
            &["outcome"],
            &self.logins,
        );
        if let Some(active) = gauges.active_sessions {
            gauge(
                &mut text,
                "active_sessions",
                "Sessions neither revoked nor expired.",
                active,
            );
        }
        gauge(
            &mut text,
            "db_pool_connections",
            "Open database connections in the pool.",
            i64::from(gauges.pool_connections),
        );
        gauge(
            &mut text,
            "db_pool_idle_connections",
            "Idle database connections in the pool.",
            i64::from(gauges.pool_idle),
        );
        text
    }
}

fn counter_family(
    text: &mut String,
    name: &str,
    help: &str,
    label_names: &[&str],
    family: &Family<AtomicU64>,
) {
    let _ = writeln!(text, "# HELP {name} {help}");
    let _ = writeln!(text, "# TYPE {name} counter");
    for (labels, value) in family.snapshot() {
        let pairs: Vec<String> = label_names
            .iter()
            .zip(&labels)
            .map(|(label, value)| format!("{label}=\"{}\"", escape(value)))
            .collect();
        let _ = writeln!(
            text,
            "{name}{{{}}} {}",
            pairs.join(","),
            value.load(Ordering::Relaxed)
        );
    }
}

fn gauge(text: &mut String, name: &str, help: &str, value: i64) {
    let _ = writeln!(
        text,
        "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
    );
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_render_in_the_exposition_format() {
        let metrics = Metrics::default();
        metrics.observe_request("/api/me", "GET", 200, Duration::from_micros(700));
        metrics.observe_request("/api/me", "GET", 200, Duration::from_millis(30));
        metrics.renewal(RenewOutcome::Rotated);
        metrics.login(LoginOutcome::InvalidCredentials);
        let text = metrics.render(&Gauges {
            active_sessions: Some(3),
            pool_connections: 2,
            pool_idle: 1,
        });
        assert!(
            text.contains("http_requests_total{route=\"/api/me\",method=\"GET\",status=\"200\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("http_request_duration_seconds_bucket{route=\"/api/me\",le=\"0.001\"} 1")
        );
        assert!(
            text.contains("http_request_duration_seconds_bucket{route=\"/api/me\",le=\"+Inf\"} 2")
        );
        assert!(text.contains("renewals_total{outcome=\"rotated\"} 1"));
        assert!(text.contains("logins_total{outcome=\"invalid_credentials\"} 1"));
        assert!(text.contains("active_sessions 3"));
        assert_eq!(metrics.renewals(RenewOutcome::Rotated), 1);
    }

    #[test]
    fn renewals_total_counts_every_outcome() {
        let metrics = Metrics::default();
        assert_eq!(metrics.renewals_total(), 0);
        metrics.renewal(RenewOutcome::Rotated);
        metrics.renewal(RenewOutcome::Grace);
        metrics.renewal(RenewOutcome::Unavailable);
        assert_eq!(metrics.renewals_total(), 3);
    }
}
