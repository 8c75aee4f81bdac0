//! Load drivers for `scripts/bench`. Each binary prints one line of
//! `key=value` fields on stdout (the script builds its table from them) and
//! says what it is doing on stderr.

pub mod browser;
pub mod flags;
pub mod http1;
pub mod latency;
pub mod report;
pub mod session_cookies;
pub mod site;
