//! Browser tests run one at a time, whatever `--test-threads` says: each
//! starts Chromium, a server and a database, and waits for tokens to expire
//! on a clock that a busy machine would stretch. libtest runs every test on a
//! thread (and runtime) of its own, so the lock is an async one that works
//! across runtimes, taken before anything else is started.

use std::sync::LazyLock;

use futures_util::lock::{Mutex, MutexGuard};

static BROWSER_TESTS: LazyLock<Mutex<()>> = LazyLock::new(|| Mutex::new(()));

/// Held for the whole of one browser test.
pub(crate) async fn take_turn() -> MutexGuard<'static, ()> {
    BROWSER_TESTS.lock().await
}
