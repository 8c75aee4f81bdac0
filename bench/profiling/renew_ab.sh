#!/usr/bin/env bash
# Renew throughput of two server builds, alternating A B A B A B on one throwaway database
# (16 connections, 5 s each, every renewal a rotation): for judging a change to the renew path.
#   bench/profiling/renew_ab.sh target/release/silent-renew /path/to/patched/silent-renew
# Needs the drivers built (cargo build --release -p silent-renew-bench) and PostgreSQL as for
# scripts/bench.
set -euo pipefail
base_bin=$1 patched_bin=$2
bin="${CARGO_TARGET_DIR:-target}/release"
server_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}"
db="silent_renew_ab_$$"
work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    psql "$server_url/postgres" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
psql "$server_url/postgres" -qAtc "CREATE DATABASE $db" >/dev/null

start() {
    "$1" --database-url "$server_url/$db" --secret-key "ab-master-key-0123456789abcdef0123456789" \
        --cookie-secure false --login-rate-limit off --renew-rate-limit off --renew-grace 0s \
        --log-filter warn,silent_renew::startup=info --bind-addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q listening "$work/server.log" && break; sleep 0.1; done
    site=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1)
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start "$base_bin"
"$bin/sign_in_load" --site "$site" --sessions-out "$work/sessions" --logins 256 --concurrency 8 >/dev/null
stop
for round in 1 2 3; do
    for variant in base patched; do
        binary=$base_bin; [ "$variant" = patched ] && binary=$patched_bin
        start "$binary"
        printf '%s %-7s load %s: ' "$round" "$variant" "$(cut -d' ' -f1 /proc/loadavg)"
        "$bin/renew_load" --site "$site" --sessions "$work/sessions" --connections 16 --seconds 5 \
            --warmup-seconds 1 2>/dev/null | cut -d' ' -f1,5-9
        stop
    done
done
