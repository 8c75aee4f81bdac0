//! Argon2id password hashing, off the async threads and a few at a time:
//! each hash takes ~19 MiB and tens of milliseconds, so a flood of sign-ins
//! must queue rather than exhaust memory or starve the request threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::domain::password::Password;

/// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("the hashing pool is shut down")]
    Shutdown,
}

pub struct Passwords {
    permits: Semaphore,
    /// Checked against when the account does not exist, so the answer takes
    /// as long as for a wrong password and does not tell who has an account.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(concurrent_hashes: usize) -> Result<Self, PasswordError> {
        let dummy = Password::parse_new("not anybody's password".to_owned())
            .expect("the dummy password is a valid password");
        Ok(Self {
            permits: Semaphore::new(concurrent_hashes.max(1)),
            dummy_hash: hash_now(&dummy)?,
        })
    }

    pub async fn hash(&self, password: Password) -> Result<String, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Shutdown)?;
        actix_web::web::block(move || hash_now(&password))
            .await
            .map_err(|_| PasswordError::Shutdown)?
    }

    /// True when `password` matches `stored`. With no stored hash (unknown
    /// user) or no password (one no account could have), the dummy hash is
    /// checked anyway and the answer is false.
    pub async fn verify(
        &self,
        password: Option<Password>,
        stored: Option<String>,
    ) -> Result<bool, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Shutdown)?;
        let real = password.is_some() && stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let password = password.map_or_else(String::new, |p| p.expose().to_owned());
        let matches = actix_web::web::block(move || {
            PasswordHash::new(&stored)
                .is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
        })
        .await
        .map_err(|_| PasswordError::Shutdown)?;
        Ok(real && matches)
    }
}

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, LANES, None).expect("the Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &Password) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError::Hashing(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(text: &str) -> Password {
        Password::parse_new(text.to_owned()).unwrap()
    }

    #[actix_web::test]
    async fn the_right_password_matches_and_nothing_else_does() {
        let passwords = Passwords::new(2).unwrap();
        let stored = passwords.hash(password("correct horse")).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            passwords
                .verify(Some(password("correct horse")), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(Some(password("wrong horse!")), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(!passwords.verify(None, Some(stored)).await.unwrap());
        assert!(
            !passwords
                .verify(Some(password("not anybody's password")), None)
                .await
                .unwrap()
        );
    }
}
