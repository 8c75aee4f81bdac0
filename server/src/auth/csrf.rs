//! Cross-site request refusal for every unsafe method, by the browser's own
//! word: `Sec-Fetch-Site` where sent, else `Origin` (or `Referer`) must be
//! this site's origin. A request with none of the three is refused too.

use actix_web::HttpRequest;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;

use crate::error::ApiError;
use crate::http_errors::serves_json;
use crate::pages::PageError;
use crate::state::AppState;

pub async fn refuse_cross_site(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if is_unsafe(request.method()) {
        let site_origin = request
            .app_data::<actix_web::web::Data<AppState>>()
            .and_then(|state| state.proxies.site_origin(request.request()));
        if !comes_from_site(request.request(), site_origin.as_deref()) {
            tracing::info!(method = %request.method(), path = request.path(), "cross-site request refused");
            if serves_json(request.path()) {
                return Err(ApiError::cross_site().into());
            }
            return Err(PageError::cross_site().into());
        }
    }
    next.call(request).await
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn comes_from_site(request: &HttpRequest, site_origin: Option<&str>) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        // `none`: the user's own action (typed, bookmarked), never a page's.
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(site_origin) = site_origin else {
        return false;
    };
    if let Some(origin) = headers.get(header::ORIGIN) {
        return origin
            .to_str()
            .is_ok_and(|origin| origin.eq_ignore_ascii_case(site_origin));
    }
    if let Some(referer) = headers.get(header::REFERER) {
        return referer.to_str().is_ok_and(|referer| {
            referer.len() >= site_origin.len()
                && referer[..site_origin.len()].eq_ignore_ascii_case(site_origin)
                && matches!(referer.as_bytes().get(site_origin.len()), None | Some(b'/'))
        });
    }
    false
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    const SITE: Option<&str> = Some("http://site.test");

    fn allowed(headers: &[(&str, &str)]) -> bool {
        let mut request = TestRequest::post();
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        comes_from_site(&request.to_http_request(), SITE)
    }

    #[test]
    fn fetch_metadata_decides_where_the_browser_sends_it() {
        assert!(allowed(&[("sec-fetch-site", "same-origin")]));
        assert!(!allowed(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://site.test")
        ]));
        assert!(!allowed(&[("sec-fetch-site", "same-site")]));
    }

    #[test]
    fn origin_then_referer_must_be_the_site_itself() {
        assert!(allowed(&[("origin", "http://site.test")]));
        assert!(!allowed(&[("origin", "http://evil.test")]));
        assert!(!allowed(&[("origin", "null")]));
        assert!(allowed(&[("referer", "http://site.test/notes")]));
        assert!(!allowed(&[("referer", "http://site.test.evil.test/")]));
        assert!(!allowed(&[]));
    }
}
