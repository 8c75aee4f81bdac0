//! Which 401s renewal can cure.
//!
//! The server marks them with `WWW-Authenticate: Bearer error="invalid_token"` (an expired, missing
//! or invalid access token). Any other 401 — a wrong password, say — carries no such challenge and
//! must reach the page untouched, or a failed sign-in would start a renewal.

/// True when the header holds a `Bearer` challenge whose `error` parameter is `invalid_token`.
/// Whitespace is HTTP's (spaces and tabs; ASCII trimming also keeps Unicode tables out of the wasm).
pub fn is_renewable(www_authenticate: &str) -> bool {
    let mut in_bearer = false;
    for item in split_outside_quotes(www_authenticate) {
        let mut param = item.trim_ascii();
        // An item either opens a challenge ("Bearer realm=...") or continues the current one.
        let (first_word, rest) = param
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((param, ""));
        if !first_word.is_empty() && !first_word.contains('=') {
            in_bearer = first_word.eq_ignore_ascii_case("bearer");
            param = rest.trim_ascii_start();
        }
        if !in_bearer {
            continue;
        }
        if let Some((name, value)) = param.split_once('=') {
            let value = value.trim_ascii();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if name.trim_ascii().eq_ignore_ascii_case("error") && value == "invalid_token" {
                return true;
            }
        }
    }
    false
}

/// The comma-separated items of a header value, ignoring commas inside quoted strings.
fn split_outside_quotes(value: &str) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    let mut escaped = false;
    value.split(move |c: char| {
        if escaped {
            escaped = false;
            return false;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => return true,
            _ => {}
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::is_renewable;

    #[test]
    fn the_servers_challenge_is_renewable() {
        assert!(is_renewable(r#"Bearer error="invalid_token""#));
    }

    #[test]
    fn scheme_and_parameter_names_are_case_insensitive_and_quotes_optional() {
        assert!(is_renewable("bearer ERROR=invalid_token"));
        assert!(is_renewable(
            r#"Bearer realm="a, b", error="invalid_token", error_description="expired""#
        ));
    }

    #[test]
    fn only_http_whitespace_separates_the_scheme() {
        assert!(is_renewable("Bearer\terror=invalid_token"));
        assert!(!is_renewable("Bearer\u{a0}error=\"invalid_token\""));
    }

    #[test]
    fn the_challenge_may_follow_another_scheme() {
        assert!(is_renewable(
            r#"Basic realm="x", Bearer error="invalid_token""#
        ));
    }

    #[test]
    fn other_errors_and_other_schemes_are_not_renewable() {
        assert!(!is_renewable(r#"Bearer error="insufficient_scope""#));
        assert!(!is_renewable(r#"Basic realm="invalid_token""#));
        assert!(!is_renewable(r#"Basic error="invalid_token""#));
        assert!(!is_renewable(r#"Bearer realm="error=invalid_token""#));
        assert!(!is_renewable(""));
    }
}
