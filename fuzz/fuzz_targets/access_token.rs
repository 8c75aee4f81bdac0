//! The access-token decoder sees whatever a browser (or attacker) sends:
//! it must refuse garbage without panicking, and never accept a forgery.
#![no_main]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use silent_renew::auth::access_token::{AccessTokenError, AccessTokens};
use silent_renew::auth::keys::KeyRing;

fn tokens() -> &'static AccessTokens {
    static TOKENS: OnceLock<AccessTokens> = OnceLock::new();
    TOKENS.get_or_init(|| {
        let secret = "a fuzzing master key that is long enough".parse().unwrap();
        AccessTokens::new(Arc::new(KeyRing::new(&secret, &[])), Duration::from_secs(900))
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(tokens().verify(text), Err(AccessTokenError::Invalid));
        assert!(tokens().verify_ignoring_expiry(text).is_err());
    }
});
