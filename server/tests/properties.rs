//! Property tests: the parsers that see attacker-controlled input never
//! panic, never accept what they should not, and round-trip what they make.

use std::sync::Arc;
use std::time::Duration;

use proptest::prelude::*;
use silent_renew::auth::access_token::{AccessTokenError, AccessTokens};
use silent_renew::auth::cookies::values_in_header;
use silent_renew::auth::keys::KeyRing;
use silent_renew::auth::refresh_token::{RefreshNonce, RefreshToken};
use silent_renew::config::{HumanDuration, RateLimit};
use silent_renew::domain::ids::{SessionId, UserId};
use silent_renew::domain::note_body::NoteBody;
use silent_renew::domain::password::Password;
use silent_renew::domain::username::Username;
use silent_renew::pages::next::local_path;
use silent_renew::secret::Secret;

fn key_ring() -> Arc<KeyRing> {
    let secret: Secret = "a property-test master key that is long enough"
        .parse()
        .unwrap();
    Arc::new(KeyRing::new(&secret, &[]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn refresh_tokens_round_trip_and_stay_authentic(id in any::<[u8; 16]>(), counter in any::<u64>()) {
        let keys = key_ring();
        let nonce = RefreshNonce::random();
        let token = RefreshToken::mint(keys.current(), SessionId::from_bytes(id), counter, &nonce);
        let parsed = RefreshToken::parse(&token.encode()).expect("our own token parses");
        prop_assert_eq!(&parsed, &token);
        prop_assert!(parsed.is_authentic(&keys, &nonce));
    }

    #[test]
    fn arbitrary_refresh_cookies_never_panic_nor_authenticate(text in ".{0,200}") {
        if let Some(token) = RefreshToken::parse(&text) {
            prop_assert!(!token.is_authentic(&key_ring(), &RefreshNonce::random()));
        }
    }

    #[test]
    fn arbitrary_access_tokens_are_invalid_never_accepted(text in "[A-Za-z0-9_.=-]{0,400}|.{0,400}") {
        let tokens = AccessTokens::new(key_ring(), Duration::from_secs(900));
        let verdict = tokens.verify(&text);
        prop_assert!(matches!(verdict, Err(AccessTokenError::Invalid)), "{:?}", verdict);
    }

    #[test]
    fn a_tampered_access_token_never_verifies(flip in 0usize..400, byte in any::<u8>()) {
        let tokens = AccessTokens::new(key_ring(), Duration::from_secs(900));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let (token, _) = tokens.issue(UserId(1), "alice", SessionId::random(), 0, now, now + 900);
        let mut bytes = token.as_str().as_bytes().to_vec();
        let at = flip % bytes.len();
        prop_assume!(bytes[at] != byte);
        bytes[at] = byte;
        if let Ok(text) = String::from_utf8(bytes) {
            // A changed base64 padding bit can decode to the same bytes;
            // anything else must be refused.
            if let Ok(grant) = tokens.verify(&text) {
                prop_assert_eq!(grant, tokens.verify(token.as_str()).unwrap());
            }
        }
    }

    #[test]
    fn cookie_headers_yield_only_values_that_were_in_them(line in ".{0,300}", name in "[a-z_-]{1,12}") {
        for value in values_in_header(&line, &name) {
            prop_assert!(line.contains(value));
        }
    }

    #[test]
    fn next_paths_never_leave_the_site(raw in ".{0,80}") {
        let path = local_path(&raw);
        prop_assert!(path.starts_with('/'));
        prop_assert!(!path.starts_with("//"));
        prop_assert!(!path.contains('\\'));
        prop_assert!(path == "/" || path == raw);
    }

    #[test]
    fn domain_parsers_are_total(text in ".{0,300}") {
        let _ = Username::parse(&text);
        let _ = Password::parse_new(text.clone());
        let _ = NoteBody::parse(text.clone());
        let _ = text.parse::<HumanDuration>();
        let _ = text.parse::<RateLimit>();
        let _ = text.parse::<SessionId>();
    }

    #[test]
    fn accepted_usernames_are_in_their_alphabet(text in "[A-Za-z0-9_.-]{0,40}") {
        if let Ok(name) = Username::parse(&text) {
            prop_assert!((3..=32).contains(&name.as_str().len()));
            prop_assert!(name.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c)));
        }
    }
}
