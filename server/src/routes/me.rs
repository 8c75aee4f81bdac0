use actix_web::HttpResponse;
use serde_json::json;

use crate::auth::verify::Authenticated;

/// Who the access token says the caller is; stateless, so it is as fast as
/// a protected read can be.
pub async fn show(Authenticated(grant): Authenticated) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "id": grant.user_id, "username": grant.username }))
}
