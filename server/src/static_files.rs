//! The site's static files, embedded at build time (see build.rs) and
//! served with a content hash as ETag: browsers revalidate cheaply and
//! never keep a stale shim after an upgrade.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/static_files.rs"));

struct Asset {
    body: &'static [u8],
    content_type: &'static str,
    etag: String,
}

fn assets() -> &'static HashMap<&'static str, Asset> {
    static ASSETS: OnceLock<HashMap<&'static str, Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        FILES
            .iter()
            .map(|(path, body)| {
                let digest = Sha256::digest(body);
                let etag = format!("\"{}\"", crate::domain::ids::hex_encode(&digest[..12]));
                (
                    *path,
                    Asset {
                        body,
                        content_type: content_type(path),
                        etag,
                    },
                )
            })
            .collect()
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The embedded file at `path` (relative to `static/`), if there is one.
pub fn find(path: &str) -> Option<&'static [u8]> {
    assets().get(path).map(|asset| asset.body)
}

/// `GET /static/{path}`.
pub async fn serve(request: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some(asset) = assets().get(path.as_str()) else {
        return HttpResponse::NotFound().finish();
    };
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == asset.etag));
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, asset.etag.clone()))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
    if fresh {
        return response.finish();
    }
    response
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ))
        .body(asset.body)
}
