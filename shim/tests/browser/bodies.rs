//! Every body kind a page can give fetch is replayed byte for byte, with its content type; a
//! stream is sent once and never replayed.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Blob, BlobPropertyBag, FormData, UrlSearchParams};

use crate::support::{Page, object, sleep, status_of};

/// POSTs `body` to `path` with an expired token and checks the replay against the first send.
async fn assert_replayed_exactly(
    page: &Page,
    path: &str,
    body: JsValue,
    headers: Option<JsValue>,
    expected_type: &str,
) {
    let mut init = vec![("method", JsValue::from_str("POST")), ("body", body)];
    if let Some(headers) = headers {
        init.push(("headers", headers));
    }
    assert_eq!(
        status_of(page.fetch(path, object(&init).into())).await,
        Ok(200),
        "{path}"
    );
    let sends: Vec<_> = page
        .server
        .seen()
        .into_iter()
        .filter(|seen| seen.path == path)
        .collect();
    assert_eq!(sends.len(), 2, "{path}: sent, then replayed once");
    let (first, replay) = (&sends[0], &sends[1]);
    assert!(!first.body().is_empty(), "{path}: empty body");
    assert_eq!(replay.body(), first.body(), "{path}: body bytes differ");
    assert_eq!(
        replay.content_type, first.content_type,
        "{path}: content type differs"
    );
    let content_type = first.content_type.clone().unwrap_or_default();
    assert!(
        content_type.starts_with(expected_type),
        "{path}: content type {content_type}"
    );
    assert_eq!(replay.method, "POST");
}

#[wasm_bindgen_test]
async fn each_body_kind_is_replayed_byte_for_byte_with_its_content_type() {
    let page = Page::new("bodies");

    let json = JsValue::from_str(r#"{"body":"a note, with ünïcödé"}"#);
    let headers = object(&[("content-type", "application/json".into())]);
    assert_replayed_exactly(
        &page,
        "/api/json",
        json,
        Some(headers.into()),
        "application/json",
    )
    .await;
    // Everything after the first renewal is answered 200: expire the token again for each kind.
    // (A fresh page per kind keeps the scenarios independent.)
    let page = Page::new("bodies-text");
    assert_replayed_exactly(&page, "/api/text", "plain text".into(), None, "text/plain").await;

    let page = Page::new("bodies-blob");
    let blob_type = BlobPropertyBag::new();
    blob_type.set_type("application/x-silent-renew");
    let blob = Blob::new_with_u8_array_sequence_and_options(
        &Array::of1(&Uint8Array::from(&[0u8, 1, 2, 254, 255][..])),
        &blob_type,
    )
    .unwrap();
    assert_replayed_exactly(
        &page,
        "/api/blob",
        blob.into(),
        None,
        "application/x-silent-renew",
    )
    .await;

    let page = Page::new("bodies-form-data");
    let form = FormData::new().unwrap();
    form.append_with_str("title", "hello").unwrap();
    let file = Blob::new_with_str_sequence(&Array::of1(&"file contents".into())).unwrap();
    form.append_with_blob_and_filename("file", &file, "notes.txt")
        .unwrap();
    assert_replayed_exactly(&page, "/api/form", form.into(), None, "multipart/form-data").await;

    let page = Page::new("bodies-search-params");
    let params = UrlSearchParams::new_with_str("a=1&b=%C3%A9t%C3%A9").unwrap();
    assert_replayed_exactly(
        &page,
        "/api/params",
        params.into(),
        None,
        "application/x-www-form-urlencoded",
    )
    .await;

    let page = Page::new("bodies-array-buffer");
    let bytes: Vec<u8> = (0..=255).collect();
    let buffer = Uint8Array::from(&bytes[..]).buffer();
    let headers = object(&[("content-type", "application/octet-stream".into())]);
    assert_replayed_exactly(
        &page,
        "/api/bytes",
        buffer.into(),
        Some(headers.into()),
        "application/octet-stream",
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_request_object_is_replayed_with_its_body() {
    let page = Page::new("request-object");
    let init = object(&[("method", "PUT".into()), ("body", "from a Request".into())]);
    let request = crate::support::new_request(&"/api/request".into(), &init.into()).unwrap();
    let answer =
        wasm_bindgen_futures::JsFuture::from(page.shim.fetch(request.into(), JsValue::UNDEFINED));
    assert_eq!(status_of(answer).await, Ok(200));
    let sends: Vec<_> = page
        .server
        .seen()
        .into_iter()
        .filter(|seen| seen.path == "/api/request")
        .collect();
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[1].body(), b"from a Request");
    assert_eq!(sends[1].method, "PUT");
}

#[wasm_bindgen_test]
async fn a_stream_body_is_sent_once_and_never_replayed() {
    let page = Page::new("stream");
    let source = Blob::new_with_str_sequence(&Array::of1(&"streamed".into())).unwrap();
    let init = object(&[
        ("method", "POST".into()),
        ("body", source.stream().unchecked_into()),
        ("duplex", "half".into()),
    ]);
    assert_eq!(
        status_of(page.fetch("/api/upload", init.into())).await,
        Ok(401)
    );
    assert_eq!(page.server.times_seen("/api/upload"), 1);
    // Its 401 still starts a renewal, so the page's own retry goes through.
    crate::support::until("the renewal", || page.server.renewals() == 1).await;
    sleep(20).await;
    assert_eq!(status_of(page.get("/api/after-upload")).await, Ok(200));
    assert_eq!(page.server.renewals(), 1);
}
