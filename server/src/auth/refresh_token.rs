//! Refresh tokens are derived, never stored:
//! `base64url(session id 16 B ‖ counter u64 BE ‖ HMAC-SHA256(key, id ‖ counter ‖ nonce))`.
//! The nonce lives only in the session row and the key only in the
//! configuration, so neither a leaked database nor a leaked key alone can
//! mint a token, and the server can always send the current token again.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::keys::{KeyGeneration, KeyRing};
use crate::domain::ids::{SessionId, hex_decode, hex_encode};

type HmacSha256 = Hmac<Sha256>;

const MAC_LEN: usize = 32;
const TOKEN_LEN: usize = SessionId::LEN + 8 + MAC_LEN;
const ENCODED_LEN: usize = (TOKEN_LEN * 4).div_ceil(3);

/// The session's random secret that every refresh MAC covers.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshNonce([u8; 32]);

impl RefreshNonce {
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's CSPRNG is available");
        Self(bytes)
    }

    /// The nonce as stored in the session row.
    pub fn to_hex(&self) -> String {
        hex_encode(&self.0)
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        Some(Self(hex_decode(text)?.try_into().ok()?))
    }
}

impl fmt::Debug for RefreshNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshNonce([redacted])")
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub session_id: SessionId,
    pub counter: u64,
    mac: [u8; MAC_LEN],
}

impl RefreshToken {
    /// The token for `counter` of a session, under the current key.
    pub fn mint(
        key: &KeyGeneration,
        session_id: SessionId,
        counter: u64,
        nonce: &RefreshNonce,
    ) -> Self {
        let mac = mac_for(key, session_id, counter, nonce)
            .finalize()
            .into_bytes();
        Self {
            session_id,
            counter,
            mac: mac.into(),
        }
    }

    /// Reads the cookie value; `None` for anything not exactly our shape.
    pub fn parse(text: &str) -> Option<Self> {
        if text.len() != ENCODED_LEN {
            return None;
        }
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let bytes: [u8; TOKEN_LEN] = bytes.try_into().ok()?;
        let (id, rest) = bytes.split_at(SessionId::LEN);
        let (counter, mac) = rest.split_at(8);
        Some(Self {
            session_id: SessionId::from_bytes(id.try_into().ok()?),
            counter: u64::from_be_bytes(counter.try_into().ok()?),
            mac: mac.try_into().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        let mut bytes = Vec::with_capacity(TOKEN_LEN);
        bytes.extend_from_slice(self.session_id.as_bytes());
        bytes.extend_from_slice(&self.counter.to_be_bytes());
        bytes.extend_from_slice(&self.mac);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// True when some key of the ring made this MAC for this session's
    /// nonce. Compared in constant time.
    pub fn is_authentic(&self, keys: &KeyRing, nonce: &RefreshNonce) -> bool {
        keys.all().any(|key| {
            mac_for(key, self.session_id, self.counter, nonce)
                .verify_slice(&self.mac)
                .is_ok()
        })
    }
}

fn mac_for(
    key: &KeyGeneration,
    session_id: SessionId,
    counter: u64,
    nonce: &RefreshNonce,
) -> HmacSha256 {
    let mut mac =
        HmacSha256::new_from_slice(&key.refresh_mac).expect("HMAC takes keys of any length");
    mac.update(session_id.as_bytes());
    mac.update(&counter.to_be_bytes());
    mac.update(&nonce.0);
    mac
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("session_id", &self.session_id)
            .field("counter", &self.counter)
            .field("mac", &"[redacted]")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn ring(current: &str, previous: &[&str]) -> KeyRing {
        let secret = |t: &str| t.repeat(32).parse::<Secret>().unwrap();
        let previous: Vec<Secret> = previous.iter().map(|p| secret(p)).collect();
        KeyRing::new(&secret(current), &previous)
    }

    #[test]
    fn a_minted_token_round_trips_and_is_authentic_for_its_nonce_only() {
        let keys = ring("a", &[]);
        let nonce = RefreshNonce::random();
        let token = RefreshToken::mint(keys.current(), SessionId::random(), 41, &nonce);
        let parsed = RefreshToken::parse(&token.encode()).unwrap();
        assert_eq!(parsed, token);
        assert!(parsed.is_authentic(&keys, &nonce));
        assert!(!parsed.is_authentic(&keys, &RefreshNonce::random()));
        assert!(!parsed.is_authentic(&ring("b", &[]), &nonce));
    }

    #[test]
    fn a_changed_counter_breaks_the_mac() {
        let keys = ring("a", &[]);
        let nonce = RefreshNonce::random();
        let mut token = RefreshToken::mint(keys.current(), SessionId::random(), 1, &nonce);
        token.counter = 2;
        assert!(!token.is_authentic(&keys, &nonce));
    }

    #[test]
    fn tokens_under_a_retired_key_stay_authentic() {
        let nonce = RefreshNonce::random();
        let token = RefreshToken::mint(ring("old", &[]).current(), SessionId::random(), 0, &nonce);
        assert!(token.is_authentic(&ring("new", &["old"]), &nonce));
    }

    #[test]
    fn debug_hides_the_mac_and_garbage_does_not_parse() {
        let keys = ring("a", &[]);
        let token = RefreshToken::mint(
            keys.current(),
            SessionId::random(),
            0,
            &RefreshNonce::random(),
        );
        assert!(format!("{token:?}").contains("[redacted]"));
        let text = token.encode();
        assert!(RefreshToken::parse(&text[1..]).is_none());
        assert!(RefreshToken::parse(&format!("{text}A")).is_none());
        assert!(RefreshToken::parse(&"*".repeat(text.len())).is_none());
        assert!(RefreshToken::parse("").is_none());
    }

    #[test]
    fn nonces_round_trip_through_hex() {
        let nonce = RefreshNonce::random();
        assert_eq!(RefreshNonce::from_hex(&nonce.to_hex()), Some(nonce));
        assert_eq!(RefreshNonce::from_hex("00"), None);
    }
}
