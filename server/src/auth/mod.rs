//! Tokens, their verification and renewal, passwords, and CSRF.

pub mod access_token;
pub mod cookies;
pub mod credentials;
pub mod csrf;
pub mod keys;
pub mod password;
pub mod refresh_token;
pub mod renew;
pub mod session;
pub mod verify;
