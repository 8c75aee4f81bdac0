//! A master key as configured: raw text that never reaches a log.

use std::fmt;
use std::str::FromStr;

/// Shortest master key accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl FromStr for Secret {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "a key must be at least {MIN_SECRET_BYTES} bytes long (this one has {})",
                text.len()
            ));
        }
        if text.contains(',') {
            // PREVIOUS_SECRET_KEYS separates keys with commas: a key with
            // one could never be retired there.
            return Err("a key cannot contain a comma".to_owned());
        }
        Ok(Self(text.to_owned()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_are_refused_and_debug_hides_the_key() {
        assert!("too short".parse::<Secret>().is_err());
        assert!(format!("{},", "k".repeat(32)).parse::<Secret>().is_err());
        let key: Secret = "k".repeat(32).parse().unwrap();
        assert_eq!(format!("{key:?}"), "Secret([redacted])");
    }
}
