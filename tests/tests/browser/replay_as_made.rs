//! The loader sends requests without a body or with a string body straight
//! to the browser's fetch and keeps their options for a replay: a page that
//! reuses its options object and changes it while the request is out still
//! gets the request it made replayed, not the changed one.

use serde_json::json;
use silent_renew_tests::browser::browser_test;

use crate::support::{app_with_short_tokens, renewals, signed_in_on_notes, stored_note_bodies};

#[actix_web::test]
async fn a_replay_sends_the_request_as_made_though_the_page_changed_its_options_meanwhile() {
    browser_test(async |test| {
        let app = app_with_short_tokens().await;
        let browser = test.browser(&app).await;
        signed_in_on_notes(&app, &browser, "alice").await;
        browser.wait_for_access_token_to_expire().await;
        let renewals_before = renewals(&app);

        let answer = browser
            .run_async(
                "const headers = { 'content-type': 'application/json' };
                 const options = { method: 'POST', headers, body: JSON.stringify({ body: 'as made' }) };
                 const sent = fetch('/api/notes', options);
                 options.body = JSON.stringify({ body: 'changed afterwards' });
                 options.method = 'PUT';
                 headers['content-type'] = 'text/plain';
                 const response = await sent;
                 return { status: response.status, body: await response.json() };",
                json!(null),
            )
            .await;

        assert_eq!(answer["status"], 201, "{answer}");
        assert_eq!(answer["body"]["body"], "as made", "{answer}");
        assert_eq!(stored_note_bodies(&app, "alice").await, ["as made"]);
        assert_eq!(renewals(&app) - renewals_before, 1);
    })
    .await;
}
