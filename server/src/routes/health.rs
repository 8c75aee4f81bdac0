use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::docs::Unavailable;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    status: &'static str,
}

/// Whether the service can reach its store.
#[utoipa::path(tag = "health", responses((status = 200, body = Health), Unavailable))]
#[get("/healthz")]
pub async fn check(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.store.is_reachable().await {
        Ok(HttpResponse::Ok().json(Health { status: "ok" }))
    } else {
        Err(ApiError::unavailable(
            "the health check could not reach the store",
        ))
    }
}
