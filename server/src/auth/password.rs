//! Argon2id password hashing, off the async threads and a few at a time:
//! each hash takes ~19 MiB and tens of milliseconds, so a flood of sign-ins
//! must queue rather than exhaust memory or starve the request threads.
//!
//! The 19 MiB work areas are allocated once and reused. Freed, glibc keeps
//! such buffers mapped (its mmap threshold grows with them), so hashing with
//! a fresh buffer each time left the process at 1.3–1.5 GiB after a burst
//! of sign-ins (measured by scripts/bench); reused, it stays near 100 MiB.

use std::sync::Mutex;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::domain::password::Password;

/// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const LANES: u32 = 1;
const OUTPUT_LEN: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("the hashing pool is shut down")]
    Shutdown,
}

impl From<argon2::Error> for PasswordError {
    fn from(error: argon2::Error) -> Self {
        Self::Hashing(error.to_string())
    }
}

impl From<argon2::password_hash::Error> for PasswordError {
    fn from(error: argon2::password_hash::Error) -> Self {
        Self::Hashing(error.to_string())
    }
}

pub struct Passwords {
    permits: Semaphore,
    /// Up to one work area per permit, handed out with it.
    work_areas: Mutex<Vec<Vec<Block>>>,
    /// Checked against when the account does not exist, so the answer takes
    /// as long as for a wrong password and does not tell who has an account.
    dummy_hash: String,
}

impl Passwords {
    pub fn new(concurrent_hashes: usize) -> Result<Self, PasswordError> {
        let dummy = Password::parse_new("not anybody's password".to_owned())
            .expect("the dummy password is a valid password");
        let mut work_area = new_work_area(&params());
        let dummy_hash = hash_with(&dummy, &mut work_area)?;
        // The others are made when sign-ins first overlap, so a server that signs few people in
        // keeps one 19 MiB work area resident, not one per permit.
        Ok(Self {
            permits: Semaphore::new(concurrent_hashes.max(1)),
            work_areas: Mutex::new(vec![work_area]),
            dummy_hash,
        })
    }

    pub async fn hash(&self, password: Password) -> Result<String, PasswordError> {
        let (_permit, mut work_area) = self.work_area().await?;
        let (result, work_area) = actix_web::web::block(move || {
            let result = hash_with(&password, &mut work_area);
            (result, work_area)
        })
        .await
        .map_err(|_| PasswordError::Shutdown)?;
        self.give_back(work_area);
        result
    }

    /// True when `password` matches `stored`. With no stored hash (unknown
    /// user) or no password (one no account could have), the dummy hash is
    /// checked anyway and the answer is false.
    pub async fn verify(
        &self,
        password: Option<Password>,
        stored: Option<String>,
    ) -> Result<bool, PasswordError> {
        let (_permit, mut work_area) = self.work_area().await?;
        let real = password.is_some() && stored.is_some();
        let stored = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let password = password.map_or_else(String::new, |p| p.expose().to_owned());
        let (matches, work_area) = actix_web::web::block(move || {
            let matches = verify_with(password.as_bytes(), &stored, &mut work_area);
            (matches, work_area)
        })
        .await
        .map_err(|_| PasswordError::Shutdown)?;
        self.give_back(work_area);
        Ok(real && matches)
    }

    async fn work_area(&self) -> Result<(SemaphorePermit<'_>, Vec<Block>), PasswordError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Shutdown)?;
        let area = self
            .work_areas
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
            .unwrap_or_else(|| new_work_area(&params()));
        Ok((permit, area))
    }

    fn give_back(&self, work_area: Vec<Block>) {
        self.work_areas
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(work_area);
    }
}

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, LANES, Some(OUTPUT_LEN))
        .expect("the Argon2 parameters are valid")
}

fn new_work_area(params: &Params) -> Vec<Block> {
    vec![Block::default(); params.block_count()]
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), as
/// `argon2`'s own `hash_password` writes it, computed in `work_area`.
fn hash_with(password: &Password, work_area: &mut [Block]) -> Result<String, PasswordError> {
    let params = params();
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut salt_bytes)?;
    let mut output = [0u8; OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(
            password.expose().as_bytes(),
            raw_salt,
            &mut output,
            work_area,
        )?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&output)?),
    };
    Ok(hash.to_string())
}

/// Recomputes `stored`'s hash of `password` with `stored`'s own parameters
/// and compares in constant time. A hash with other parameters than ours
/// (from before a change of them) gets a work area of its own.
fn verify_with(password: &[u8], stored: &str, work_area: &mut [Block]) -> bool {
    let mut check = || -> Result<bool, PasswordError> {
        let hash = PasswordHash::new(stored)?;
        let params = Params::try_from(&hash)?;
        let algorithm = Algorithm::try_from(hash.algorithm)?;
        let version = Version::try_from(hash.version.unwrap_or(Version::V0x13.into()))?;
        let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
            return Ok(false);
        };
        let mut salt_bytes = [0u8; 64];
        let raw_salt = salt.decode_b64(&mut salt_bytes)?;
        let mut output = vec![0u8; expected.len()];
        let argon2 = Argon2::new(algorithm, version, params.clone());
        if work_area.len() == params.block_count() {
            argon2.hash_password_into_with_memory(
                password,
                raw_salt,
                &mut output,
                &mut *work_area,
            )?;
        } else {
            argon2.hash_password_into_with_memory(
                password,
                raw_salt,
                &mut output,
                new_work_area(&params),
            )?;
        }
        Ok(Output::new(&output)? == expected)
    };
    check().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::PasswordHasher;

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

    #[actix_web::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify_whatever_their_cost() {
        let passwords = Passwords::new(1).unwrap();
        let cheaper = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let stored = cheaper
            .hash_password(b"an older password", &salt)
            .unwrap()
            .to_string();
        assert!(
            passwords
                .verify(Some(password("an older password")), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(Some(password("another password")), Some(stored))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify(Some(password("any password")), Some("$not$a$hash".into()))
                .await
                .unwrap()
        );
    }
}
