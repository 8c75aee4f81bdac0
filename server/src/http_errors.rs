//! Turns the framework's own refusals (bad JSON, oversized bodies, unknown
//! routes, wrong methods) into the API's `{"error", "message"}` answers.

use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use crate::error::ApiError;

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

/// The answer for a path no route serves.
pub async fn not_found(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found("There is nothing here."))
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
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            status,
            "method_not_allowed",
            "This route does not answer that method.",
        ),
        StatusCode::NOT_FOUND => ApiError::not_found("There is nothing here."),
        _ => ApiError::new(
            status,
            "request_refused",
            status
                .canonical_reason()
                .unwrap_or("The request was refused."),
        ),
    };
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::new(request, error.error_response()).map_into_right_body())
}
