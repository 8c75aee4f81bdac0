//! The text of a note: not blank, at most 10,000 characters, no NUL.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteBody(String);

impl NoteBody {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(text: String) -> Result<Self, &'static str> {
        if text.trim().is_empty() {
            return Err("A note cannot be empty.");
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err("A note has at most 10,000 characters.");
        }
        if text.contains('\0') {
            return Err("A note cannot contain a NUL character.");
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_bodies_are_counted_in_characters() {
        assert!(NoteBody::parse(" \n\t".into()).is_err());
        assert!(NoteBody::parse("ü".repeat(10_000)).is_ok());
        assert!(NoteBody::parse("ü".repeat(10_001)).is_err());
        assert!(NoteBody::parse("a\0b".into()).is_err());
    }
}
