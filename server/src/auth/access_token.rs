//! Access tokens: short-lived HS256 JWTs, verified statelessly.

use std::fmt;
use std::sync::Arc;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Header, Validation};
use serde::{Deserialize, Serialize};

use super::keys::KeyRing;
use crate::domain::ids::{SessionId, UserId};

const ISSUER: &str = "silent-renew";
const AUDIENCE: &str = "silent-renew";
/// No token we issue comes near this; anything longer is refused unread.
const MAX_TOKEN_LEN: usize = 2048;

/// A signed access token as it travels in the cookie.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    /// The username, so that "who am I" needs no database read.
    name: String,
    sid: String,
    rc: u64,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
}

/// What a valid access token tells: who, which session, and which of the
/// session's refresh counters it was issued under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessGrant {
    pub user_id: UserId,
    pub username: String,
    pub session_id: SessionId,
    pub refresh_counter: u64,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    #[error("no access token")]
    Missing,
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is not valid")]
    Invalid,
}

/// Issues and verifies access tokens with the key ring.
pub struct AccessTokens {
    keys: Arc<KeyRing>,
    ttl_secs: i64,
    validation: Validation,
    validation_ignoring_expiry: Validation,
}

impl AccessTokens {
    pub fn new(keys: Arc<KeyRing>, ttl: std::time::Duration) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_nbf = false;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        let mut validation_ignoring_expiry = validation.clone();
        validation_ignoring_expiry.validate_exp = false;
        Self {
            keys,
            ttl_secs: ttl.as_secs().max(1) as i64,
            validation,
            validation_ignoring_expiry,
        }
    }

    /// Issues a token valid from `now` for the configured lifetime, but never
    /// past the session's own end (`session_ends_at`, Unix seconds).
    pub fn issue(
        &self,
        user_id: UserId,
        username: &str,
        session_id: SessionId,
        refresh_counter: u64,
        now: i64,
        session_ends_at: i64,
    ) -> (AccessToken, i64) {
        let generation = self.keys.current();
        let expires_at = (now + self.ttl_secs).min(session_ends_at);
        let claims = Claims {
            sub: user_id.to_string(),
            name: username.to_owned(),
            sid: session_id.to_hex(),
            rc: refresh_counter,
            iat: now,
            exp: expires_at,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(generation.kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &generation.jwt_encoding)
            .expect("HS256 signing of plain claims cannot fail");
        (AccessToken(token), expires_at)
    }

    /// The stateless check: signature, algorithm, `exp` (no leeway), `iss`, `aud`.
    pub fn verify(&self, token: &str) -> Result<AccessGrant, AccessTokenError> {
        self.decode(token, &self.validation)
    }

    /// The same check without `exp`: for the few places that must recognise
    /// an expired token of ours (logout, the page interstitial).
    pub fn verify_ignoring_expiry(&self, token: &str) -> Result<AccessGrant, AccessTokenError> {
        self.decode(token, &self.validation_ignoring_expiry)
    }

    fn decode(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<AccessGrant, AccessTokenError> {
        if token.is_empty() || token.len() > MAX_TOKEN_LEN {
            return Err(AccessTokenError::Invalid);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| AccessTokenError::Invalid)?;
        let kid = header.kid.ok_or(AccessTokenError::Invalid)?;
        let generation = self.keys.by_kid(&kid).ok_or(AccessTokenError::Invalid)?;
        let data = jsonwebtoken::decode::<Claims>(token, &generation.jwt_decoding, validation)
            .map_err(|error| match error.kind() {
                ErrorKind::ExpiredSignature => AccessTokenError::Expired,
                _ => AccessTokenError::Invalid,
            })?;
        let claims = data.claims;
        Ok(AccessGrant {
            user_id: UserId(claims.sub.parse().map_err(|_| AccessTokenError::Invalid)?),
            username: claims.name,
            session_id: claims.sid.parse().map_err(|_| AccessTokenError::Invalid)?,
            refresh_counter: claims.rc,
            expires_at: claims.exp,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;
    use crate::secret::Secret;

    fn secret(text: &str) -> Secret {
        text.repeat(32).parse().unwrap()
    }

    fn tokens(current: &str, previous: &[&str]) -> AccessTokens {
        let previous: Vec<Secret> = previous.iter().map(|p| secret(p)).collect();
        AccessTokens::new(
            Arc::new(KeyRing::new(&secret(current), &previous)),
            Duration::from_secs(900),
        )
    }

    fn now() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    }

    #[test]
    fn a_fresh_token_verifies_and_carries_its_session() {
        let tokens = tokens("a", &[]);
        let sid = SessionId::random();
        let (token, exp) = tokens.issue(UserId(7), "alice", sid, 3, now(), now() + 10_000);
        let grant = tokens.verify(token.as_str()).unwrap();
        assert_eq!(grant.user_id, UserId(7));
        assert_eq!(grant.username, "alice");
        assert_eq!(grant.session_id, sid);
        assert_eq!(grant.refresh_counter, 3);
        assert_eq!(grant.expires_at, exp);
    }

    #[test]
    fn a_token_never_outlives_its_session() {
        let tokens = tokens("a", &[]);
        let (_, exp) = tokens.issue(UserId(1), "bob", SessionId::random(), 0, now(), now() + 5);
        assert_eq!(exp, now() + 5);
    }

    #[test]
    fn an_expired_token_is_expired_not_invalid() {
        let tokens = tokens("a", &[]);
        let (token, _) = tokens.issue(
            UserId(1),
            "bob",
            SessionId::random(),
            0,
            now() - 100,
            now() - 1,
        );
        assert_eq!(
            tokens.verify(token.as_str()),
            Err(AccessTokenError::Expired)
        );
        assert!(tokens.verify_ignoring_expiry(token.as_str()).is_ok());
    }

    #[test]
    fn tampered_foreign_and_unsigned_tokens_are_invalid() {
        let tokens = tokens("a", &[]);
        let (token, _) = tokens.issue(UserId(1), "bob", SessionId::random(), 0, now(), now() + 900);
        let mut parts: Vec<String> = token.as_str().split('.').map(str::to_owned).collect();

        let mut tampered = parts.clone();
        tampered[1] = URL_SAFE_NO_PAD.encode(
            String::from_utf8(URL_SAFE_NO_PAD.decode(&parts[1]).unwrap())
                .unwrap()
                .replace("\"sub\":\"1\"", "\"sub\":\"2\""),
        );
        assert_eq!(
            tokens.verify(&tampered.join(".")),
            Err(AccessTokenError::Invalid)
        );

        let foreign = self::tokens("b", &[]);
        let (foreign_token, _) =
            foreign.issue(UserId(1), "bob", SessionId::random(), 0, now(), now() + 900);
        assert_eq!(
            tokens.verify(foreign_token.as_str()),
            Err(AccessTokenError::Invalid)
        );

        parts[0] = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        parts[2] = String::new();
        assert_eq!(
            tokens.verify(&parts.join(".")),
            Err(AccessTokenError::Invalid)
        );

        for garbage in ["", "a.b", "a.b.c", "....", &"x".repeat(5000)] {
            assert_eq!(tokens.verify(garbage), Err(AccessTokenError::Invalid));
        }
    }

    #[test]
    fn tokens_of_a_retired_master_still_verify() {
        let old = tokens("old", &[]);
        let rotated = tokens("new", &["old"]);
        let (token, _) = old.issue(UserId(1), "bob", SessionId::random(), 0, now(), now() + 900);
        assert!(rotated.verify(token.as_str()).is_ok());
    }
}
