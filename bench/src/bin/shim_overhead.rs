//! The fetch shim in headless Chromium, against a running server:
//! - per-call overhead of the page's (patched) fetch against the browser's
//!   own fetch, over sequential same-origin `GET /api/me` calls, beside a
//!   control (the browser's fetch against itself) that shows the noise;
//! - the shim's own work per call, without the network (`js/shim_work.js`);
//! - the time from a 401 to the replayed response: the access cookie is
//!   deleted, so the next call gets a 401, the shim renews and replays.
//!
//! The page is the server's own `/shim-demo`, which loads the shim with its
//! one tag. The browser's fetch is kept (as `window.benchNativeFetch`) by a
//! script that Chromium runs before any of the page's, so the baseline is
//! the exact function the shim's loader saves, in the same page and run.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{Value, json};

use silent_renew_bench::browser::{Browser, BrowserPaths, RunOnEveryNewDocument};
use silent_renew_bench::flags::Flags;
use silent_renew_bench::latency::Latencies;
use silent_renew_bench::report::{ms, print_fields};
use silent_renew_bench::site::Site;

const USAGE: &str = "shim_overhead --site http://127.0.0.1:PORT --username NAME --password PASSWORD \
     [--requests 1000] [--rounds 100] [--replays 20] \
     [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver]";

const KEEP_BROWSER_FETCH: &str = "window.benchNativeFetch = window.fetch;";
const SIGN_IN: &str = include_str!("../../js/sign_in.js");
const FETCH_OVERHEAD: &str = include_str!("../../js/fetch_overhead.js");
const RENEW_REPLAY: &str = include_str!("../../js/renew_replay.js");
const SHIM_WORK: &str = include_str!("../../js/shim_work.js");
/// Calls per round, and rounds, of the shim's work without the network.
const SHIM_WORK_CALLS: usize = 1000;
const SHIM_WORK_ROUNDS: usize = 20;
const MEASURED_URL: &str = "/api/me";

fn main() {
    let flags = Flags::from_args(USAGE);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    if let Err(message) = runtime.block_on(run(&flags)) {
        eprintln!("shim_overhead: {message}");
        std::process::exit(1);
    }
}

async fn run(flags: &Flags) -> Result<(), String> {
    let site: Site = flags.required("site");
    let username: String = flags.required("username");
    let password: String = flags.required("password");
    let requests: usize = flags.or("requests", 1000);
    let rounds: usize = flags.or("rounds", 100);
    let replays: usize = flags.or("replays", 20);
    let paths = BrowserPaths {
        chromium: flags.or("chromium", "/usr/bin/chromium".to_owned()),
        chromedriver: flags.or("chromedriver", "/usr/bin/chromedriver".to_owned()),
    };
    if !requests.is_multiple_of(rounds) {
        return Err(format!(
            "--requests {requests} is not a multiple of --rounds {rounds}"
        ));
    }

    let browser = Browser::start(&paths).await?;
    let outcome = measure(
        &browser.client,
        &site,
        &username,
        &password,
        requests,
        rounds,
        replays,
    )
    .await;
    let _ = browser.client.clone().close().await;
    let fields = outcome?;
    print_fields(&fields);
    Ok(())
}

async fn measure(
    client: &Client,
    site: &Site,
    username: &str,
    password: &str,
    requests: usize,
    rounds: usize,
    replays: usize,
) -> Result<Vec<(&'static str, String)>, String> {
    let timeouts = TimeoutConfiguration::new(
        Some(Duration::from_secs(300)),
        Some(Duration::from_secs(60)),
        None,
    );
    client
        .update_timeouts(timeouts)
        .await
        .map_err(|e| e.to_string())?;
    client
        .issue_cmd(RunOnEveryNewDocument(KEEP_BROWSER_FETCH.to_owned()))
        .await
        .map_err(|error| format!("cannot install the early script: {error}"))?;
    client
        .goto(&format!("{}/shim-demo", site.origin))
        .await
        .map_err(|error| format!("cannot open /shim-demo: {error}"))?;

    let signed_in = script(client, SIGN_IN, vec![json!(username), json!(password)]).await?;
    if signed_in["status"] != 200 || signed_in["patched"] != true {
        return Err(format!("signing in the browser: {signed_in}"));
    }

    eprintln!("shim: {requests} sequential calls each, patched and the browser's own fetch");
    let batch = requests / rounds;
    let overhead = script(
        client,
        FETCH_OVERHEAD,
        vec![json!(batch), json!(rounds), json!(MEASURED_URL)],
    )
    .await?;
    let native = millis(&overhead["native"])?;
    let patched = millis(&overhead["patched"])?;
    let control = millis(&overhead["control"])?;
    let ratio = patched.iter().sum::<f64>() / native.iter().sum::<f64>();
    let control_ratio = control.iter().sum::<f64>() / native.iter().sum::<f64>();
    let round_ratios: Vec<f64> = patched.iter().zip(&native).map(|(p, n)| p / n).collect();
    let per_call = |batches: &[f64]| batches.iter().sum::<f64>() / requests as f64;

    let calls = SHIM_WORK_CALLS * SHIM_WORK_ROUNDS;
    eprintln!("shim: its own work, {calls} calls each over an instant fetch");
    let work = script(
        client,
        SHIM_WORK,
        vec![
            json!(SHIM_WORK_CALLS),
            json!(SHIM_WORK_ROUNDS),
            json!(MEASURED_URL),
        ],
    )
    .await?;
    let number = |key: &str| {
        work[key]
            .as_f64()
            .ok_or_else(|| format!("expected {key} in µs, got {work}"))
    };
    let shim_work_us = number("patched_us")? - number("instant_us")?;

    eprintln!("shim: {replays} times a 401, a renewal and the replay");
    let replay = replay_times(client, replays).await?;
    let total = Latencies::new(replay.total);
    let p50 = |samples: Vec<Duration>| ms(Latencies::new(samples).percentile(50.0));

    Ok(vec![
        ("requests", requests.to_string()),
        ("native_ms_per_call", format!("{:.4}", per_call(&native))),
        ("patched_ms_per_call", format!("{:.4}", per_call(&patched))),
        (
            "added_us_per_call",
            format!("{:.0}", (per_call(&patched) - per_call(&native)) * 1e3),
        ),
        ("ratio", format!("{ratio:.4}")),
        ("overhead_percent", format!("{:.2}", (ratio - 1.0) * 100.0)),
        ("control_ratio", format!("{control_ratio:.4}")),
        ("work_calls", calls.to_string()),
        ("work_us_per_call", format!("{shim_work_us:.2}")),
        (
            "work_percent_of_call",
            format!("{:.2}", shim_work_us / 1e3 / per_call(&native) * 100.0),
        ),
        ("batch", batch.to_string()),
        (
            "round_ratio_median",
            format!("{:.3}", median(&round_ratios)),
        ),
        ("round_ratio_min", format!("{:.3}", min(&round_ratios))),
        ("round_ratio_max", format!("{:.3}", max(&round_ratios))),
        ("failures", overhead["failures"].to_string()),
        ("replays", total.count().to_string()),
        ("replay_p50_ms", ms(total.percentile(50.0))),
        ("replay_max_ms", ms(total.max())),
        ("before_renew_p50_ms", p50(replay.before_renew)),
        ("renew_request_p50_ms", p50(replay.renew_request)),
        ("renew_to_replay_p50_ms", p50(replay.renew_to_replay)),
        ("replay_request_p50_ms", p50(replay.replay_request)),
        ("replay_to_page_p50_ms", p50(replay.replay_to_page)),
    ])
}

/// Where the time from a 401 to the replayed response goes, per replay.
struct ReplayTimes {
    /// From the shim's `silent-renew:start` (the 401 in hand) to the page's
    /// `fetch` resolving with the replayed response, body read.
    total: Vec<Duration>,
    /// From `start` to the renew request leaving: the Web Lock, mostly.
    before_renew: Vec<Duration>,
    /// The renew request itself (resource timing).
    renew_request: Vec<Duration>,
    /// From the renew answer to the replay leaving: reading the answer,
    /// counting the renewal in `localStorage`, the events, the lock's end.
    renew_to_replay: Vec<Duration>,
    /// The replayed request itself (resource timing).
    replay_request: Vec<Duration>,
    /// From the replay's answer to the page's `fetch` resolving with it.
    replay_to_page: Vec<Duration>,
}

async fn replay_times(client: &Client, replays: usize) -> Result<ReplayTimes, String> {
    let mut times = ReplayTimes {
        total: Vec::new(),
        before_renew: Vec::new(),
        renew_request: Vec::new(),
        renew_to_replay: Vec::new(),
        replay_request: Vec::new(),
        replay_to_page: Vec::new(),
    };
    let span = |from: f64, to: f64| Duration::from_secs_f64((to - from).max(0.0) / 1e3);
    for _ in 0..replays {
        client
            .delete_cookie("access")
            .await
            .map_err(|error| format!("cannot delete the access cookie: {error}"))?;
        let outcome = script(client, RENEW_REPLAY, vec![json!(MEASURED_URL)]).await?;
        let entry = |path: &str| {
            outcome["entries"]
                .as_array()
                .and_then(|entries| entries.iter().rfind(|e| e["path"] == path))
                .and_then(|e| Some((e["start"].as_f64()?, e["end"].as_f64()?)))
        };
        let (Some(renew), Some(replay), Some(started), Some(answered), 200) = (
            entry("/auth/renew"),
            entry(MEASURED_URL),
            outcome["renewalStartedAt"].as_f64(),
            outcome["answered"].as_f64(),
            outcome["status"].as_u64().unwrap_or_default(),
        ) else {
            return Err(format!(
                "expected a 401, one renewal and a replayed 200: {outcome}"
            ));
        };
        times.total.push(span(started, answered));
        times.before_renew.push(span(started, renew.0));
        times.renew_request.push(span(renew.0, renew.1));
        times.renew_to_replay.push(span(renew.1, replay.0));
        times.replay_request.push(span(replay.0, replay.1));
        times.replay_to_page.push(span(replay.1, answered));
    }
    Ok(times)
}

async fn script(client: &Client, source: &str, args: Vec<Value>) -> Result<Value, String> {
    let value = client
        .execute_async(source, args)
        .await
        .map_err(|error| format!("script failed: {error}"))?;
    match value.get("error") {
        Some(error) => Err(format!("script failed: {error}")),
        None => Ok(value),
    }
}

fn millis(value: &Value) -> Result<Vec<f64>, String> {
    value
        .as_array()
        .and_then(|batches| batches.iter().map(Value::as_f64).collect())
        .ok_or_else(|| format!("expected batch times in ms, got {value}"))
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if !n.is_multiple_of(2) => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
