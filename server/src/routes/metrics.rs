//! `GET /metrics`: Prometheus metrics, on the site or on METRICS_ADDR.

use actix_web::{HttpResponse, web};

use crate::metrics::Gauges;
use crate::state::AppState;
use crate::store::sessions;

pub async fn export(state: web::Data<AppState>) -> HttpResponse {
    let (pool_connections, pool_idle) = state.store.pool_state();
    let gauges = Gauges {
        // A scrape during an outage still answers, without this one gauge.
        active_sessions: state.store.run(sessions::count_live).await.ok(),
        pool_connections,
        pool_idle,
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&gauges))
}
