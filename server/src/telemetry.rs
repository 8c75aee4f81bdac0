//! Logs: one line per request with its status and latency. Paths are logged
//! without their query string, and no header or body ever is, so no token,
//! password or cookie can reach a log.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use crate::state::AppState;

/// Installs the global subscriber; a second call (as in tests) is a no-op.
pub fn init(filter: &str, format: LogFormat) -> Result<(), String> {
    let filter = EnvFilter::try_new(filter).map_err(|error| format!("RUST_LOG: {error}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::stdout().is_terminal())
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
    };
    Ok(())
}

/// Logs each request once it is answered, under a span carrying a fresh
/// request id, which the answer repeats in `X-Request-Id`: every log line
/// a request causes can be found from what the client saw.
pub async fn log_request<B: MessageBody>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let started = Instant::now();
    let request_id = request_id();
    let method = request.method().clone();
    let path = request.path().to_owned();
    let span = tracing::info_span!("request", id = %request_id);
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let mut result = next.call(request).instrument(span.clone()).await;
    let (status, route) = match &mut result {
        Ok(response) => {
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert(REQUEST_ID, value);
            }
            let route = response
                .request()
                .match_pattern()
                .unwrap_or_else(|| "(unmatched)".to_owned());
            (response.status(), route)
        }
        Err(error) => (
            error.as_response_error().status_code(),
            "(refused)".to_owned(),
        ),
    };
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state
            .metrics
            .observe_request(&route, method.as_str(), status.as_u16(), elapsed);
    }
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        tracing::info!(
            %method,
            path,
            status = status.as_u16(),
            latency_ms = format!("{latency_ms:.2}"),
            "request"
        );
    });
    result
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A random prefix per process and a counter: unique across instances in
/// practice, and no system call per request (a `getrandom` each cost ~3 %
/// of the protected GET's throughput in scripts/bench).
fn request_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).expect("the operating system's CSPRNG is available");
        u32::from_le_bytes(bytes)
    });
    format!(
        "{prefix:08x}{:08x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
