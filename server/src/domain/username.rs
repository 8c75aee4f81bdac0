//! Usernames: 3–32 characters of `a-z 0-9 _ . -`. Upper-case ASCII letters
//! are folded to lower case, so `Alice` and `alice` are one account.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 32;

    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let folded = text.to_ascii_lowercase();
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&folded.len()) {
            return Err("A username has 3 to 32 characters.");
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c);
        if !folded.chars().all(allowed) {
            return Err("A username uses only a-z, 0-9, '_', '.' and '-'.");
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_fold_case_and_keep_to_their_alphabet() {
        assert_eq!(
            Username::parse("Alice_1.x-y").unwrap().as_str(),
            "alice_1.x-y"
        );
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(33)).is_err());
        assert!(Username::parse("al ice").is_err());
        assert!(Username::parse("alïce").is_err());
        assert!(Username::parse("<script>").is_err());
    }
}
