//! "Firefox on Linux": a device as people recognise it, from a user agent.
//! Deliberately coarse — a label for the devices page, not analytics.

pub fn describe(user_agent: Option<&str>) -> String {
    let Some(agent) = user_agent.filter(|agent| !agent.trim().is_empty()) else {
        return "Unknown device".to_owned();
    };
    format!("{} on {}", browser(agent), system(agent))
}

fn browser(agent: &str) -> &'static str {
    let has = |needle: &str| agent.contains(needle);
    if has("Edg/") {
        "Edge"
    } else if has("OPR/") {
        "Opera"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("HeadlessChrome/") {
        "Headless Chrome"
    } else if has("Chrome/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") && has("Version/") {
        "Safari"
    } else if has("curl/") {
        "curl"
    } else {
        "A browser"
    }
}

fn system(agent: &str) -> &'static str {
    let has = |needle: &str| agent.contains(needle);
    if has("Windows") {
        "Windows"
    } else if has("Android") {
        "Android"
    } else if has("iPhone") || has("iPad") {
        "iOS"
    } else if has("Mac OS X") || has("Macintosh") {
        "macOS"
    } else if has("CrOS") {
        "ChromeOS"
    } else if has("Linux") {
        "Linux"
    } else {
        "an unknown system"
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn common_user_agents_read_as_browser_on_system() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox on Linux",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iOS",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            ("curl/8.5.0", "curl on an unknown system"),
        ];
        for (agent, expected) in cases {
            assert_eq!(describe(Some(agent)), expected);
        }
        assert_eq!(describe(None), "Unknown device");
    }
}
