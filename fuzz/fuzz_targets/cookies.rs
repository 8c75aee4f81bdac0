//! Cookie headers and refresh-token cookies, as sent by anyone: parsing
//! must never panic, and a parsed token must re-encode to what was sent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use silent_renew::auth::cookies::values_in_header;
use silent_renew::auth::refresh_token::RefreshToken;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    for value in values_in_header(line, "refresh") {
        if let Some(token) = RefreshToken::parse(value) {
            assert_eq!(token.encode(), value);
        }
    }
});
