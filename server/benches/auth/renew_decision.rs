//! `auth::renew::decide`, the pure decision at the heart of a renewal, for
//! each of its verdicts.

use std::hint::black_box;

use criterion::Criterion;
use silent_renew::auth::renew::{CounterState, Verdict, decide};

const NOW_MS: i64 = 1_800_000_000_000;
const GRACE_MS: i64 = 30_000;

pub fn bench(c: &mut Criterion) {
    let rotated_long_ago = CounterState {
        counter: 41,
        rotated_at: Some(NOW_MS - 15 * 60 * 1000),
        live: true,
    };
    let rotated_just_now = CounterState {
        rotated_at: Some(NOW_MS - 1_000),
        ..rotated_long_ago
    };
    let ended = CounterState {
        live: false,
        ..rotated_long_ago
    };
    let cases = [
        ("rotate", 41, rotated_long_ago),
        ("resend in grace", 40, rotated_just_now),
        ("reused", 39, rotated_long_ago),
        ("ended", 41, ended),
    ];

    let mut group = c.benchmark_group("renew decision");
    for (name, presented, state) in cases {
        let verdict = decide(presented, state, NOW_MS, GRACE_MS);
        assert_eq!(name == "rotate", matches!(verdict, Verdict::Rotate { .. }));
        group.bench_function(name, |b| {
            b.iter(|| {
                decide(
                    black_box(presented),
                    black_box(state),
                    black_box(NOW_MS),
                    black_box(GRACE_MS),
                )
            })
        });
    }
    group.finish();
}
