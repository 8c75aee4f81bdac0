//! Signs one account in many times at once: the login benchmark (bounded by
//! Argon2id on purpose) and, as a by-product, the sessions that the GET and
//! renew benchmarks use.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use silent_renew_bench::flags::Flags;
use silent_renew_bench::http1::{self, Connection};
use silent_renew_bench::latency::Latencies;
use silent_renew_bench::report::{ms, per_second, print_fields};
use silent_renew_bench::session_cookies::{self, SessionCookies};
use silent_renew_bench::site::Site;

const USAGE: &str = "sign_in_load --site http://127.0.0.1:PORT --sessions-out FILE \
     [--logins 256] [--concurrency 8] [--username bench] [--password bench-password]";

struct Outcome {
    latencies: Vec<Duration>,
    sessions: Vec<SessionCookies>,
    errors: usize,
}

fn main() {
    let flags = Flags::from_args(USAGE);
    let site: Site = flags.required("site");
    let out: std::path::PathBuf = flags.required("sessions-out");
    let logins: usize = flags.or("logins", 256);
    let concurrency: usize = flags.or("concurrency", 8);
    let username: String = flags.or("username", "bench".to_owned());
    let password: String = flags.or("password", "bench-password".to_owned());
    let credentials = format!(r#"{{"username":"{username}","password":"{password}"}}"#);

    register(&site, &credentials);
    let remaining = AtomicUsize::new(logins);
    let outcome = Mutex::new(Outcome {
        latencies: Vec::with_capacity(logins),
        sessions: Vec::with_capacity(logins),
        errors: 0,
    });
    let login = http1::request(&site, "POST", "/api/login", &[], Some(&credentials));
    eprintln!("signing in {logins} times, {concurrency} at once");
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| sign_in_until_done(&site, &login, &remaining, &outcome));
        }
    });
    let elapsed = started.elapsed();
    let outcome = outcome.into_inner().expect("no worker panicked");
    session_cookies::write(&out, &outcome.sessions).expect("the sessions file is writable");
    let latencies = Latencies::new(outcome.latencies);
    print_fields(&[
        ("logins", latencies.count().to_string()),
        ("concurrency", concurrency.to_string()),
        ("seconds", format!("{:.2}", elapsed.as_secs_f64())),
        ("per_second", per_second(latencies.count(), elapsed)),
        ("p50_ms", ms(latencies.percentile(50.0))),
        ("p99_ms", ms(latencies.percentile(99.0))),
        ("errors", outcome.errors.to_string()),
    ]);
}

/// Creates the account; one that exists already (a second run) is fine.
fn register(site: &Site, credentials: &str) {
    let mut connection = Connection::open(site.address).expect("the server accepts connections");
    let request = http1::request(site, "POST", "/api/register", &[], Some(credentials));
    let response = connection.exchange(&request).expect("the server answers");
    assert!(
        matches!(response.status, 201 | 409),
        "registration answered {}: {}",
        response.status,
        String::from_utf8_lossy(&response.body)
    );
}

fn sign_in_until_done(
    site: &Site,
    login: &[u8],
    remaining: &AtomicUsize,
    outcome: &Mutex<Outcome>,
) {
    let mut connection = Connection::open(site.address).expect("the server accepts connections");
    while remaining
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok()
    {
        let sent = Instant::now();
        let answer = connection.exchange(login);
        let latency = sent.elapsed();
        let session = match &answer {
            Ok(response) if response.status == 200 => response
                .set_cookie("access")
                .zip(response.set_cookie("refresh"))
                .map(|(access, refresh)| SessionCookies {
                    access: access.to_owned(),
                    refresh: refresh.to_owned(),
                }),
            _ => None,
        };
        if answer.is_err() {
            let _ = connection.reopen();
        }
        let mut outcome = outcome.lock().expect("no worker panicked");
        match session {
            Some(session) => {
                outcome.latencies.push(latency);
                outcome.sessions.push(session);
            }
            None => outcome.errors += 1,
        }
    }
}
