//! A page form's fields, however the browser sent them: url-encoded (a
//! plain HTML form) or `multipart/form-data` (a script posting the form as
//! `FormData`, the usual progressive enhancement). Either way at most
//! `FORM_LIMIT` bytes, text fields only.

use std::ops::Deref;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::FORM_LIMIT;
use super::errors::PageError;

/// More fields than any of our forms has, by far.
const MAX_FIELDS: usize = 32;

pub struct PageForm<T>(pub T);

impl<T> PageForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for PageForm<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for PageForm<T> {
    type Error = PageError;
    type Future = LocalBoxFuture<'static, Result<Self, PageError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_multipart = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("multipart/form-data")
            });
        if !is_multipart {
            let form = web::Form::<T>::from_request(request, payload);
            return Box::pin(async move {
                form.await
                    .map(|form| PageForm(form.into_inner()))
                    .map_err(|error| {
                        PageError::from_status(error.as_response_error().status_code())
                    })
            });
        }
        let multipart = Multipart::new(request.headers(), payload.take());
        Box::pin(async move {
            let fields = multipart_fields(multipart).await?;
            let encoded = serde_urlencoded::to_string(&fields).map_err(|_| bad_form())?;
            serde_urlencoded::from_str::<T>(&encoded)
                .map(PageForm)
                .map_err(|_| bad_form())
        })
    }
}

fn bad_form() -> PageError {
    PageError::from_status(StatusCode::BAD_REQUEST)
}

/// The text fields of a multipart body, in order; a file part is refused.
async fn multipart_fields(mut multipart: Multipart) -> Result<Vec<(String, String)>, PageError> {
    let mut fields = Vec::new();
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| bad_form())?;
        let disposition = field.content_disposition().ok_or_else(bad_form)?;
        if disposition.get_filename().is_some() || fields.len() == MAX_FIELDS {
            return Err(bad_form());
        }
        let name = disposition.get_name().ok_or_else(bad_form)?.to_owned();
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| bad_form())?;
            total += chunk.len();
            if total > FORM_LIMIT {
                return Err(PageError::from_status(StatusCode::PAYLOAD_TOO_LARGE));
            }
            value.extend_from_slice(&chunk);
        }
        fields.push((name, String::from_utf8(value).map_err(|_| bad_form())?));
    }
    Ok(fields)
}
