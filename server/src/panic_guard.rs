//! A panic in a handler (none should happen) becomes a logged `500`
//! instead of a dropped connection, and the worker lives on.

use std::panic::AssertUnwindSafe;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use futures_util::FutureExt;

use crate::http_errors::refusal;

pub async fn catch_panics<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    // The request itself cannot be kept (routing needs it unshared), so the
    // answer is built from its path and handed back as an error response.
    let method = request.method().clone();
    let path = request.path().to_owned();
    match AssertUnwindSafe(next.call(request)).catch_unwind().await {
        Ok(result) => result,
        Err(_) => {
            tracing::error!(%method, path, "a handler panicked");
            let answer = refusal(&path, StatusCode::INTERNAL_SERVER_ERROR);
            Err(InternalError::from_response("a handler panicked", answer).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    use super::catch_panics;

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_and_the_app_keeps_serving() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(catch_panics))
                .route(
                    "/api/boom",
                    web::get().to(|| async { panic!("a bug") as HttpResponse }),
                )
                .route("/api/fine", web::get().to(HttpResponse::Ok)),
        )
        .await;

        let boom =
            test::try_call_service(&app, test::TestRequest::get().uri("/api/boom").to_request())
                .await
                .expect_err("the panic becomes an error answer");
        let answer = boom.error_response();
        assert_eq!(answer.status(), 500);
        let body = actix_web::body::to_bytes(answer.into_body()).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], "internal_error");

        let fine =
            test::call_service(&app, test::TestRequest::get().uri("/api/fine").to_request()).await;
        assert_eq!(fine.status(), 200);
    }
}
