use actix_web::{HttpResponse, get};

use super::accounts::UserView;
use super::docs::TokenRefused;
use crate::auth::verify::Authenticated;

/// Who the access token says the caller is. Stateless: no database read.
#[utoipa::path(
    tag = "accounts",
    responses((status = 200, body = UserView), TokenRefused),
    security(("access_cookie" = []))
)]
#[get("/me")]
pub async fn show(Authenticated(grant): Authenticated) -> HttpResponse {
    HttpResponse::Ok().json(UserView {
        id: grant.user_id.0,
        username: grant.username,
    })
}
