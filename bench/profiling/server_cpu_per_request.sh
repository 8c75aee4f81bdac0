#!/usr/bin/env bash
# The release server's own CPU time (utime + stime from /proc/<pid>/stat) per GET /api/me under
# wrk (64 connections, 8 s) and per rotating renewal under renew_load (16 connections, 8 s), with
# no profiler attached. Needs what scripts/bench needs, and the release build:
#   bench/profiling/server_cpu_per_request.sh
set -euo pipefail
bin="${CARGO_TARGET_DIR:-target}/release"
server_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}"
db="silent_renew_cpu_$$"
work=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    psql "$server_url/postgres" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
psql "$server_url/postgres" -qAtc "CREATE DATABASE $db" >/dev/null
"$bin/silent-renew" --database-url "$server_url/$db" --secret-key "cpu-master-key-0123456789abcdef0123456789" \
    --cookie-secure false --login-rate-limit off --renew-rate-limit off --renew-grace 0s \
    --log-filter warn,silent_renew::startup=info --bind-addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/server.log" && break; sleep 0.1; done
site=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1)
"$bin/sign_in_load" --site "$site" --sessions-out "$work/sessions" --logins 64 --concurrency 8 >/dev/null 2>&1
access=$(head -n 1 "$work/sessions" | cut -d' ' -f1)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
per_item() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.1f", t / hz / n * 1e6 }'; }

wrk -t 2 -c 64 -d 1s -H "Cookie: access=$access" "$site/api/me" >/dev/null
before=$(cpu_ticks)
get=$(wrk -t 2 -c 64 -d 8s -H "Cookie: access=$access" "$site/api/me")
after=$(cpu_ticks)
requests=$(awk '/requests in/ { print $1 }' <<<"$get")
echo "GET /api/me: $requests requests, $(per_item $((after - before)) "$requests") µs of server CPU each; $(grep Requests/sec <<<"$get")"

before=$(cpu_ticks)
renew=$("$bin/renew_load" --site "$site" --sessions "$work/sessions" --connections 16 --seconds 8 --warmup-seconds 0 2>/dev/null)
after=$(cpu_ticks)
renewals=$(tr ' ' '\n' <<<"$renew" | sed -n 's/^renewals=//p')
echo "POST /auth/renew: $renewals renewals, $(per_item $((after - before)) "$renewals") µs of server CPU each; $(cut -d' ' -f5-7 <<<"$renew")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
