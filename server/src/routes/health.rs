use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::error::ApiError;
use crate::state::AppState;

/// `200` while the store answers, `503` while it does not.
pub async fn check(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.store.is_reachable().await {
        Ok(HttpResponse::Ok().json(json!({ "status": "ok" })))
    } else {
        Err(ApiError::unavailable(
            "the health check could not reach the store",
        ))
    }
}
