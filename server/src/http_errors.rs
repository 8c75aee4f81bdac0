//! Turns the framework's own refusals (bad JSON, oversized bodies, unknown
//! routes, wrong methods) into the API's `{"error", "message"}` answers.

use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::error::ApiError;
use crate::pages::PageError;
use crate::routes::ApiDescription;

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 64 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|error, _| json_error(&error).into())
}

fn json_error(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is larger than 64 KiB.",
            )
        }
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as application/json.",
        ),
        JsonPayloadError::Deserialize(error) if error.is_data() => {
            ApiError::invalid_input(format!("The JSON does not fit: {error}."))
        }
        _ => ApiError::bad_request("malformed_json", "The request body is not valid JSON."),
    }
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|_: PathError, _| ApiError::not_found("There is no such item.").into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|_: QueryPayloadError, _| {
        ApiError::bad_request("bad_query", "The query string is malformed.").into()
    })
}

/// Whether `path` belongs to the JSON side (API, renewal, health, assets),
/// whose errors are JSON; everything else is a page, whose errors are pages.
pub fn serves_json(path: &str) -> bool {
    ["/api", "/auth", "/healthz", "/static"]
        .iter()
        .any(|prefix| {
            path == *prefix
                || path
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// The answer for a request no route took: a documented API path asked
/// with another method is a `405` with `Allow`; anything else a `404`.
pub async fn not_found(request: HttpRequest) -> HttpResponse {
    let path = request.path();
    let allowed = request
        .app_data::<web::Data<ApiDescription>>()
        .and_then(|description| description.methods_at(path));
    let Some(methods) = allowed.filter(|_| serves_json(path)) else {
        return refusal(path, StatusCode::NOT_FOUND);
    };
    let allow: Vec<&str> = methods.iter().map(Method::as_str).collect();
    let error = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("This route answers {}.", allow.join(", ")),
    );
    let mut response = error.error_response();
    if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// A bodiless refusal's answer in the shape its path calls for.
pub fn refusal(path: &str, status: StatusCode) -> HttpResponse {
    if !serves_json(path) {
        return PageError::from_status(status).error_response();
    }
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            status,
            "method_not_allowed",
            "This route does not answer that method.",
        ),
        StatusCode::NOT_FOUND => ApiError::not_found("There is nothing here."),
        StatusCode::INTERNAL_SERVER_ERROR => ApiError::new(
            status,
            "internal_error",
            "Something went wrong on our side.",
        ),
        _ => ApiError::new(
            status,
            "request_refused",
            status
                .canonical_reason()
                .unwrap_or("The request was refused."),
        ),
    };
    error.error_response()
}

/// Gives a body to the bodiless error answers the framework makes itself,
/// such as `405 Method Not Allowed`.
pub async fn fill_empty_errors<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let response = next.call(request).await?;
    let status = response.status();
    let empty = matches!(
        response.response().body().size(),
        BodySize::None | BodySize::Sized(0)
    );
    if !(empty && (status.is_client_error() || status.is_server_error())) {
        return Ok(response.map_into_left_body());
    }
    let (request, _) = response.into_parts();
    let answer = refusal(request.path(), status);
    Ok(ServiceResponse::new(request, answer).map_into_right_body())
}
