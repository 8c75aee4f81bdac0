//! The key ring: every key in use is derived from one master key with
//! HKDF-SHA256 under its own label, so no key ever serves two purposes.

use std::io::{self, Write};
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::Sha256;

use crate::secret::Secret;

const JWT_LABEL: &[u8] = b"silent-renew/v1/access-token-hs256";
const REFRESH_LABEL: &[u8] = b"silent-renew/v1/refresh-token-mac";
const KID_LABEL: &[u8] = b"silent-renew/v1/key-id";
const COOKIE_LABEL: &[u8] = b"silent-renew/v1/session-cookie";

/// The keys derived from one master key.
pub struct KeyGeneration {
    /// Short public fingerprint of the JWT key, sent as the header's `kid`.
    pub kid: String,
    pub jwt_encoding: EncodingKey,
    pub jwt_decoding: DecodingKey,
    pub refresh_mac: [u8; 32],
    pub cookie: [u8; 64],
}

impl KeyGeneration {
    pub fn derive(master: &Secret) -> Self {
        let hkdf = Hkdf::<Sha256>::new(None, master.expose());
        let expand = |label: &[u8], out: &mut [u8]| {
            hkdf.expand(label, out)
                .expect("HKDF-SHA256 can expand up to 8160 bytes; every key here is at most 64")
        };
        let mut jwt = [0u8; 32];
        let mut refresh_mac = [0u8; 32];
        let mut kid = [0u8; 6];
        let mut cookie = [0u8; 64];
        expand(JWT_LABEL, &mut jwt);
        expand(REFRESH_LABEL, &mut refresh_mac);
        expand(KID_LABEL, &mut kid);
        expand(COOKIE_LABEL, &mut cookie);
        Self {
            kid: URL_SAFE_NO_PAD.encode(kid),
            jwt_encoding: EncodingKey::from_secret(&jwt).expect("an HMAC key of 32 bytes is valid"),
            jwt_decoding: DecodingKey::from_secret(&jwt).expect("an HMAC key of 32 bytes is valid"),
            refresh_mac,
            cookie,
        }
    }
}

/// The current generation signs; retired ones still verify, so rotating the
/// master key signs nobody out.
pub struct KeyRing {
    current: KeyGeneration,
    previous: Vec<KeyGeneration>,
}

impl KeyRing {
    pub fn new(current: &Secret, previous: &[Secret]) -> Self {
        Self {
            current: KeyGeneration::derive(current),
            previous: previous
                .iter()
                .filter(|key| *key != current)
                .map(KeyGeneration::derive)
                .collect(),
        }
    }

    pub fn current(&self) -> &KeyGeneration {
        &self.current
    }

    /// The current generation first, then the retired ones.
    pub fn all(&self) -> impl Iterator<Item = &KeyGeneration> {
        std::iter::once(&self.current).chain(&self.previous)
    }

    pub fn by_kid(&self, kid: &str) -> Option<&KeyGeneration> {
        self.all().find(|generation| generation.kid == kid)
    }
}

/// Reads the master key kept in `path`, or creates it (256 random bits)
/// when there is none yet. Creation is atomic: concurrent starts agree.
pub fn load_or_create_master(path: &Path) -> io::Result<Secret> {
    match std::fs::read_to_string(path) {
        Ok(text) => return parse_key_file(path, &text),
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        Err(_) => {}
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(io::Error::other)?;
    let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();

    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    {
        let mut file = private_file(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    // A hard link fails if the name exists: whoever links first wins, and
    // every other starter reads the winner's key.
    let linked = std::fs::hard_link(&temporary, path);
    std::fs::remove_file(&temporary)?;
    match linked {
        Ok(()) => parse_key_file(path, &text),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            parse_key_file(path, &std::fs::read_to_string(path)?)
        }
        Err(error) => Err(error),
    }
}

fn parse_key_file(path: &Path, text: &str) -> io::Result<Secret> {
    text.trim().parse().map_err(|reason| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {reason}", path.display()),
        )
    })
}

#[cfg(unix)]
fn private_file(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> Secret {
        text.repeat(32).parse().unwrap()
    }

    #[test]
    fn each_purpose_gets_its_own_key_and_kid_tells_masters_apart() {
        let one = KeyGeneration::derive(&secret("a"));
        let two = KeyGeneration::derive(&secret("b"));
        assert_ne!(one.kid, two.kid);
        assert_ne!(one.refresh_mac, two.refresh_mac);
        assert_ne!(&one.refresh_mac[..], &one.cookie[..32]);
        assert_eq!(one.kid, KeyGeneration::derive(&secret("a")).kid);
    }

    #[test]
    fn key_ring_finds_current_and_retired_generations_by_kid() {
        let ring = KeyRing::new(&secret("new"), &[secret("old")]);
        let old_kid = KeyGeneration::derive(&secret("old")).kid;
        assert!(ring.by_kid(&old_kid).is_some());
        assert!(ring.by_kid(&ring.current().kid).is_some());
        assert!(ring.by_kid("unknown").is_none());
        assert_eq!(ring.all().count(), 2);
    }

    #[test]
    fn generated_master_key_is_kept_and_read_back() {
        let dir = std::env::temp_dir().join(format!("sr-key-{}", std::process::id()));
        let path = dir.join("secret.key");
        let first = load_or_create_master(&path).unwrap();
        let second = load_or_create_master(&path).unwrap();
        assert_eq!(first, second);
        assert_eq!(first.expose().len(), 64);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
