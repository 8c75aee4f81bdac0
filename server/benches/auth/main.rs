//! CPU cost of the token work on the request paths, without HTTP or the
//! store: `cargo bench -p silent-renew`. Each group puts the steps it
//! compares side by side in one run.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

mod access_tokens;
mod fixtures;
mod refresh_tokens;
mod renew_decision;
mod renewal_cpu_path;

/// Short runs: these are nanosecond-to-microsecond functions, and the
/// machine (2 cores) is often shared.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = auth;
    config = config();
    targets = access_tokens::bench, refresh_tokens::bench, renew_decision::bench, renewal_cpu_path::bench
}
criterion_main!(auth);
