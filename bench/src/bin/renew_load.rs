//! `POST /auth/renew` under load, every renewal a rotation: each connection
//! owns some of the sessions and always presents a session's latest refresh
//! token, as a browser does. (One fixed cookie replayed by a load generator
//! would be refused as a reuse once the server runs with `--renew-grace 0s`.)
//! At the end the sessions file gets each live session's latest token, so
//! the next run starts from tokens that are still current.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use silent_renew_bench::flags::Flags;
use silent_renew_bench::http1::{self, Connection, Response};
use silent_renew_bench::latency::Latencies;
use silent_renew_bench::report::{ms, per_second, print_fields};
use silent_renew_bench::session_cookies::{self, SessionCookies};
use silent_renew_bench::site::Site;

const USAGE: &str = "renew_load --site http://127.0.0.1:PORT --sessions FILE \
     [--connections 64] [--seconds 10] [--warmup-seconds 1]";

/// When a connection records what it sees: requests finishing inside the
/// measured window count, those of the warm-up before it only for errors.
#[derive(Clone, Copy)]
struct Window {
    measured_from: Instant,
    until: Instant,
}

#[derive(Default)]
struct Totals {
    latencies: Vec<Duration>,
    errors: usize,
    /// The live sessions' latest refresh tokens.
    sessions: Vec<SessionCookies>,
}

fn main() {
    let flags = Flags::from_args(USAGE);
    let site: Site = flags.required("site");
    let sessions_file: std::path::PathBuf = flags.required("sessions");
    let connections: usize = flags.or("connections", 64);
    let seconds: f64 = flags.or("seconds", 10.0);
    let warmup: f64 = flags.or("warmup-seconds", 1.0);

    let sessions = session_cookies::read(&sessions_file).expect("the sessions file is readable");
    assert!(
        sessions.len() >= connections,
        "{} sessions for {connections} connections: each connection needs its own",
        sessions.len()
    );
    let session_count = sessions.len();
    let mut owned: Vec<Vec<SessionCookies>> = (0..connections).map(|_| Vec::new()).collect();
    for (index, session) in sessions.into_iter().enumerate() {
        owned[index % connections].push(session);
    }
    eprintln!(
        "renewing {session_count} sessions over {connections} connections for {warmup}+{seconds} s"
    );

    let start = Instant::now();
    let window = Window {
        measured_from: start + Duration::from_secs_f64(warmup),
        until: start + Duration::from_secs_f64(warmup + seconds),
    };
    let totals = Mutex::new(Totals::default());
    std::thread::scope(|scope| {
        for mut sessions in owned {
            let (site, totals) = (&site, &totals);
            scope.spawn(move || {
                let (latencies, errors) = renew_until(site, &mut sessions, window);
                let mut totals = totals.lock().expect("no worker panicked");
                totals.latencies.extend(latencies);
                totals.errors += errors;
                totals.sessions.extend(sessions);
            });
        }
    });
    let totals = totals.into_inner().expect("no worker panicked");
    session_cookies::write(&sessions_file, &totals.sessions)
        .expect("the sessions file is writable");
    let latencies = Latencies::new(totals.latencies);
    let measured = Duration::from_secs_f64(seconds);
    print_fields(&[
        ("renewals", latencies.count().to_string()),
        ("connections", connections.to_string()),
        ("sessions", session_count.to_string()),
        ("seconds", format!("{seconds}")),
        ("per_second", per_second(latencies.count(), measured)),
        ("p50_ms", ms(latencies.percentile(50.0))),
        ("p99_ms", ms(latencies.percentile(99.0))),
        ("max_ms", ms(latencies.max())),
        ("errors", totals.errors.to_string()),
    ]);
}

/// One connection's loop: renews its sessions in turn until the window
/// closes. A session whose renewal fails is dropped (its token is spent).
fn renew_until(
    site: &Site,
    sessions: &mut Vec<SessionCookies>,
    window: Window,
) -> (Vec<Duration>, usize) {
    let mut connection = Connection::open(site.address).expect("the server accepts connections");
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut turn = 0;
    while !sessions.is_empty() && Instant::now() < window.until {
        turn = (turn + 1) % sessions.len();
        let cookie = format!("refresh={}", sessions[turn].refresh);
        let request = http1::request(site, "POST", "/auth/renew", &[("Cookie", &cookie)], None);
        let sent = Instant::now();
        let answer = connection.exchange(&request);
        let done = Instant::now();
        match rotated_token(&answer) {
            Some(next) => {
                sessions[turn].refresh = next;
                if sent >= window.measured_from && done <= window.until {
                    latencies.push(done - sent);
                }
            }
            None => {
                errors += 1;
                report_error(&answer);
                sessions.swap_remove(turn);
                if answer.is_err() {
                    let _ = connection.reopen();
                }
            }
        }
    }
    (latencies, errors)
}

/// The new refresh token of a successful rotation.
fn rotated_token(answer: &std::io::Result<Response>) -> Option<String> {
    let response = answer.as_ref().ok()?;
    (response.status == 200)
        .then(|| response.set_cookie("refresh"))
        .flatten()
        .map(str::to_owned)
}

fn report_error(answer: &std::io::Result<Response>) {
    match answer {
        Ok(response) => eprintln!(
            "renew answered {}: {}",
            response.status,
            String::from_utf8_lossy(&response.body)
        ),
        Err(error) => eprintln!("renew failed: {error}"),
    }
}
