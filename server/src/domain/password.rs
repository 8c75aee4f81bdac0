//! A password as typed. It is never logged: `Debug` is redacted.

use std::fmt;

pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    /// A password for a new account or a password change.
    pub fn parse_new(text: String) -> Result<Self, &'static str> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            return Err("A password has at least 8 characters.");
        }
        if chars > Self::MAX_CHARS {
            return Err("A password has at most 128 characters.");
        }
        if text.contains('\0') {
            return Err("A password cannot contain a NUL character.");
        }
        Ok(Self(text))
    }

    /// A password offered at sign-in. One no account could have is `None`,
    /// and is never hashed (so a huge one costs nothing).
    pub fn presented(text: String) -> Option<Self> {
        Self::parse_new(text).ok()
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_count_characters_and_hide_in_debug() {
        assert!(Password::parse_new("short".into()).is_err());
        assert!(Password::parse_new("ééééééé".into()).is_err());
        assert!(Password::parse_new("éééééééé".into()).is_ok());
        assert!(Password::parse_new("x".repeat(129)).is_err());
        assert!(Password::parse_new("password\0".into()).is_err());
        let password = Password::parse_new("correct horse".into()).unwrap();
        assert_eq!(format!("{password:?}"), "Password([redacted])");
    }
}
