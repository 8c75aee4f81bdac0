//! Which requests the shim looks after.
//!
//! Only covered requests are buffered, held or replayed; everything else goes to the browser's
//! fetch exactly as the page called it. URLs here are absolute and already normalised by the
//! browser's URL parser, so plain string prefixes compare them reliably.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
/// The URL rules of one installed shim.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The page's origin, e.g. `https://example.com`.
    origin: String,
    /// The renew URL without query or fragment: never covered, never held.
    renew_url: String,
    /// When not empty, only URLs starting with one of these are covered (instead of "same origin").
    include: Vec<String>,
    /// URLs starting with one of these are never covered.
    exclude: Vec<String>,
}

impl Coverage {
    pub fn new(
        origin: String,
        renew_url: &str,
        include: Vec<String>,
        exclude: Vec<String>,
    ) -> Self {
        Coverage {
            origin,
            renew_url: without_query(renew_url).to_owned(),
            include,
            exclude,
        }
    }

    /// True for the renew URL itself, whatever its query or fragment.
    pub fn is_renew_url(&self, url: &str) -> bool {
        without_query(url) == self.renew_url
    }

    /// True when a 401 from `url` may start a renewal and the request may be held and replayed.
    pub fn covers(&self, url: &str) -> bool {
        if self.is_renew_url(url) || self.exclude.iter().any(|prefix| url.starts_with(prefix)) {
            return false;
        }
        if self.include.is_empty() {
            self.is_same_origin(url)
        } else {
            self.include.iter().any(|prefix| url.starts_with(prefix))
        }
    }

    fn is_same_origin(&self, url: &str) -> bool {
        url.strip_prefix(self.origin.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::Coverage;

    fn same_origin_only() -> Coverage {
        Coverage::new(
            "http://127.0.0.1:8090".into(),
            "http://127.0.0.1:8090/auth/renew",
            vec![],
            vec![],
        )
    }

    #[test]
    fn same_origin_urls_are_covered_by_default() {
        let coverage = same_origin_only();
        assert!(coverage.covers("http://127.0.0.1:8090/api/me"));
        assert!(coverage.covers("http://127.0.0.1:8090/"));
    }

    #[test]
    fn other_origins_are_not_covered_even_with_a_shared_prefix() {
        let coverage = same_origin_only();
        assert!(!coverage.covers("https://api.example.com/api/me"));
        assert!(!coverage.covers("http://127.0.0.1:80901/api/me"));
        assert!(!coverage.covers("http://127.0.0.1:8090.evil.test/api/me"));
    }

    #[test]
    fn the_renew_url_is_never_covered_whatever_its_query() {
        let coverage = same_origin_only();
        assert!(!coverage.covers("http://127.0.0.1:8090/auth/renew"));
        assert!(!coverage.covers("http://127.0.0.1:8090/auth/renew?x=1"));
        assert!(coverage.is_renew_url("http://127.0.0.1:8090/auth/renew#top"));
        assert!(coverage.covers("http://127.0.0.1:8090/auth/renewal"));
    }

    #[test]
    fn include_prefixes_replace_the_same_origin_rule() {
        let coverage = Coverage::new(
            "http://127.0.0.1:8090".into(),
            "http://127.0.0.1:8090/auth/renew",
            vec![
                "http://127.0.0.1:8090/api/".into(),
                "https://files.example.com/".into(),
            ],
            vec![],
        );
        assert!(coverage.covers("http://127.0.0.1:8090/api/notes"));
        assert!(coverage.covers("https://files.example.com/upload"));
        assert!(!coverage.covers("http://127.0.0.1:8090/notes"));
    }

    #[test]
    fn exclude_prefixes_win_over_everything() {
        let coverage = Coverage::new(
            "http://127.0.0.1:8090".into(),
            "http://127.0.0.1:8090/auth/renew",
            vec![],
            vec!["http://127.0.0.1:8090/api/public/".into()],
        );
        assert!(!coverage.covers("http://127.0.0.1:8090/api/public/news"));
        assert!(coverage.covers("http://127.0.0.1:8090/api/notes"));
    }
}
