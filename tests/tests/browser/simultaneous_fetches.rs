//! Scenarios 2 and 3: many fetches after expiry, and fetches started while
//! the renewal runs, cost one renewal; every request gets the answer it
//! would have got with a fresh token; every body is stored once, byte-exact.

use serde_json::{Value, json};
use silent_renew_tests::TestApp;
use silent_renew_tests::browser::browser_test;

use crate::support::{
    api_client, app_with_short_tokens, app_with_short_tokens_behind_a_database_proxy, renewals,
    signed_in_on_notes, stored_note_bodies,
};

/// Bodies that a lossy replay would mangle: multi-byte and astral-plane
/// characters, right-to-left text, a ZWJ sequence, a combining accent,
/// quotes, backslashes and line breaks.
const BODIES: [&str; 6] = [
    "Grüße aus Köln — ½ € ✓ \"quoted\" \\ back\nslash",
    "日本語のメモ 📝 and 🦀",
    "Ελληνικά και Кириллица: αβγ ЖЗИ",
    "Ñandú 🦙 in a Blob",
    "עברית ومرحبا — right to left, from bytes",
    "👩‍👩‍👧 e\u{301} — a ZWJ family and a combining accent, as an ArrayBuffer",
];

const FORM_BODY: &str = "FormData: ☃ — a snowman from the notes form";

/// Twelve fetches started in the same task: three GETs, six POSTs of JSON
/// in every body form fetch takes (string, Request, Blob, bytes, buffer), the
/// notes page's form posted as FormData (the page route takes multipart; its
/// 303 is followed to the page) and two DELETEs. Each answer comes back as
/// `{what, status, body}`.
const TWELVE_FETCHES: &str = r#"
const json = (body) => JSON.stringify({ body });
const utf8 = (text) => new TextEncoder().encode(text);
const jsonHeaders = { 'content-type': 'application/json' };
const [b0, b1, b2, b3, b4, b5] = args.bodies;
const form = new FormData();
form.append('body', args.formBody);
form.append('csrf_token', args.csrfToken);
const requests = [
  ['GET /api/notes', () => fetch('/api/notes')],
  ['GET /api/me', () => fetch('/api/me')],
  ['GET /api/sessions', () => fetch('/api/sessions')],
  ['POST a JSON string', () => fetch('/api/notes', { method: 'POST', headers: jsonHeaders, body: json(b0) })],
  ['POST another JSON string', () => fetch('/api/notes', { method: 'POST', headers: jsonHeaders, body: json(b1) })],
  ['POST a Request', () => fetch(new Request('/api/notes', { method: 'POST', headers: jsonHeaders, body: json(b2) }))],
  ['POST a typed Blob', () => fetch('/api/notes', { method: 'POST', body: new Blob([json(b3)], { type: 'application/json' }) })],
  ['POST a Blob of bytes', () => fetch('/api/notes', { method: 'POST', body: new Blob([utf8(json(b4))], { type: 'application/json; charset=utf-8' }) })],
  ['POST an ArrayBuffer', () => fetch('/api/notes', { method: 'POST', headers: jsonHeaders, body: utf8(json(b5)).buffer })],
  ['POST FormData', () => fetch('/notes', { method: 'POST', body: form })],
  ['DELETE the first note', () => fetch(`/api/notes/${args.doomed[0]}`, { method: 'DELETE' })],
  ['DELETE the second note', () => fetch(`/api/notes/${args.doomed[1]}`, { method: 'DELETE' })],
];
return Promise.all(requests.map(async ([what, send]) => {
  const response = await send();
  return { what, status: response.status, body: await response.text() };
}));
"#;

#[actix_web::test]
async fn twelve_concurrent_fetches_after_expiry_renew_once_and_store_every_body() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        let doomed = add_notes(&app, "alice", &["to be deleted 1", "to be deleted 2"]).await;

        let csrf_token = browser
            .run("return document.querySelector('input[name=csrf_token]').value;", json!({}))
            .await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);
        let answers = browser
            .run_async(
                TWELVE_FETCHES,
                json!({ "bodies": BODIES, "formBody": FORM_BODY, "csrfToken": csrf_token, "doomed": doomed }),
            )
            .await;

        let statuses: Vec<(String, u64)> = answers
            .as_array()
            .expect("twelve answers")
            .iter()
            .map(|answer| {
                (
                    answer["what"].as_str().unwrap().to_owned(),
                    answer["status"].as_u64().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(String, u64)> = [
            ("GET /api/notes", 200),
            ("GET /api/me", 200),
            ("GET /api/sessions", 200),
            ("POST a JSON string", 201),
            ("POST another JSON string", 201),
            ("POST a Request", 201),
            ("POST a typed Blob", 201),
            ("POST a Blob of bytes", 201),
            ("POST an ArrayBuffer", 201),
            ("POST FormData", 200),
            ("DELETE the first note", 204),
            ("DELETE the second note", 204),
        ]
        .into_iter()
        .map(|(what, status)| (what.to_owned(), status))
        .collect();
        assert_eq!(
            statuses, expected,
            "every answer as with a fresh token: {answers:#}"
        );

        assert_eq!(renewals(&app) - renewals_before, 1, "exactly one renewal");
        let returned: Vec<String> = answers.as_array().unwrap()[3..9]
            .iter()
            .map(|answer| note_body(&answer["body"]))
            .collect();
        assert_eq!(returned, BODIES, "each POST answered with its own note");
        let mut stored = stored_note_bodies(&app, "alice").await;
        stored.sort();
        let mut sent = BODIES.map(str::to_owned).to_vec();
        sent.push(FORM_BODY.to_owned());
        sent.sort();
        assert_eq!(
            stored, sent,
            "every body stored exactly once, byte for byte; both deleted notes gone"
        );

        let starts = browser.shim_events_named("start").await;
        let successes = browser.shim_events_named("success").await;
        assert_eq!(starts.len(), 1, "one renewal started: {starts:?}");
        assert_eq!(successes.len(), 1, "one renewal succeeded: {successes:?}");
        assert_eq!(successes[0]["detail"]["attempts"], 1);
    })
    .await;
}

#[actix_web::test]
async fn fetches_started_while_the_renewal_runs_are_held_and_then_succeed() {
    browser_test(async |test| {
        // Frozen, the database holds the renewal open for as long as the
        // test needs (the server gives up after about 4 s).
        let (app, proxy) = app_with_short_tokens_behind_a_database_proxy().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        let doomed = add_notes(&app, "alice", &["to be deleted while held"]).await;

        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);
        proxy.freeze();
        // The first fetch meets the 401 (no database needed to say so) and
        // starts the renewal, which hangs on the frozen database.
        browser
            .run(
                "window.answers = {};
                 fetch('/api/me').then((response) => { window.answers.first = response.status; });",
                json!(null),
            )
            .await;
        browser
            .wait_for(
                "the renewal has started",
                "window.shimEvents.some((e) => e.name === 'start')",
            )
            .await;
        browser
            .run(
                "const record = (name) => (response) => { window.answers[name] = response.status; };
                 fetch('/api/notes').then(record('list'));
                 fetch('/api/notes', {
                   method: 'POST',
                   headers: { 'content-type': 'application/json' },
                   body: JSON.stringify({ body: args.body }),
                 }).then(record('add'));
                 fetch(`/api/notes/${args.doomed}`, { method: 'DELETE' }).then(record('delete'));",
                json!({ "body": "written while the renewal ran — ✓", "doomed": doomed[0] }),
            )
            .await;
        let answered_while_frozen = browser
            .run("return Object.keys(window.answers).length;", json!(null))
            .await;
        assert_eq!(
            answered_while_frozen, 0,
            "nothing is answered while the renewal runs"
        );

        proxy.restore();
        browser
            .wait_for(
                "all four fetches are answered",
                "Object.keys(window.answers).length === 4",
            )
            .await;

        let answers = browser.run("return window.answers;", json!(null)).await;
        assert_eq!(
            answers,
            json!({ "first": 200, "list": 200, "add": 201, "delete": 204 }),
            "the 401 replayed, the three held requests sent after the renewal"
        );
        assert_eq!(renewals(&app) - renewals_before, 1, "still one renewal");
        let successes = browser.shim_events_named("success").await;
        assert_eq!(successes.len(), 1, "{successes:?}");
        assert_eq!(successes[0]["detail"]["replayed"], 1, "{successes:?}");
        assert_eq!(successes[0]["detail"]["released"], 3, "{successes:?}");
        assert_eq!(
            stored_note_bodies(&app, "alice").await,
            ["written while the renewal ran — ✓"],
            "the held POST stored once, the held DELETE done"
        );
    })
    .await;
}

/// Adds notes as `username` through the API; returns their ids.
async fn add_notes(app: &TestApp, username: &str, bodies: &[&str]) -> Vec<i64> {
    let client = api_client(app, username).await;
    let mut ids = Vec::new();
    for body in bodies {
        let added = client
            .post_json("/api/notes", &json!({ "body": body }))
            .await;
        assert_eq!(added.status, 201, "{}", added.text());
        ids.push(added.json()["id"].as_i64().expect("a note id"));
    }
    ids
}

/// The `body` of a note answered as JSON text.
fn note_body(answer: &Value) -> String {
    let note: Value = serde_json::from_str(answer.as_str().expect("a text answer"))
        .unwrap_or_else(|error| panic!("{error}: {answer}"));
    note["body"].as_str().expect("a note body").to_owned()
}
