#!/usr/bin/env python3
# Sums a flat profile into the categories bench/PERFORMANCE.md reports:
#   perf record -e cpu-clock -F 1999 -p <server pid> -o server.perf -- sleep 4   (under load)
#   perf report -i server.perf --stdio --sort dso,sym | grep -v '^#' > server.syms
#   bench/profiling/perf_categories.py server.syms [N]   # N: also list the top N uncategorised
# (This VM has no hardware counters, so cpu-clock sampling; release builds keep symbols, not
# frame pointers, so the profile is flat: self time per symbol.)
import re, sys, collections
cats = [
  ("kernel: getrandom", r"\[k\].*(crng|get_random|getrandom|chacha)"),
  ("kernel: scheduling, futex, thread wake-ups", r"\[k\].*(sched|task_switch|futex|wake|yield|irqentry|exit_to_user|_raw_spin_unlock_irq|switch_to|pick_next|enqueue|dequeue|update_curr|ttwu|idle)"),
  ("kernel: TCP/IP, sockets, epoll, syscalls", r"\[k\]"),
  ("TLS to PostgreSQL (libssl, libcrypto)", r"libssl|libcrypto"),
  ("libpq", r"libpq"),
  ("diesel: query building, binds, row decoding", r"diesel|r2d2"),
  ("thread hand-offs (parking_lot, condvar, sched_yield, futex)", r"parking_lot|Condvar|sched_yield|futex|pthread_cond|pthread_mutex|syscall$|\bsyscall\b|spawn_blocking|blocking::"),
  ("getrandom (libc wrapper)", r"getrandom"),
  ("JWT + refresh token: jsonwebtoken, serde_json, base64, sha2/hmac", r"jsonwebtoken|serde_json|serde_core|base64|sha2|hmac|AccessTokens|RefreshToken|Claims|DecodedJwt|from_utf8|digest|hex_"),
  ("malloc/free", r"malloc|_int_free|cfree|free@|realloc|__libc_free|_int_realloc|tcache|unlink_chunk|malloc_consolidate"),
  ("memcpy/memset/memcmp", r"__mem|memcpy|memmove|memset|memcmp|strlen"),
  ("cookie parsing + building", r"cookie|Cookie"),
  ("metrics + request log (telemetry)", r"metrics|telemetry|tracing|match_pattern|ResourceDef|fmt::|format"),
  ("middleware: headers, CSRF, panic guard, errors", r"default_headers|DefaultHeader|csrf|panic_guard|http_errors|security_headers|from_fn|Next<"),
  ("actix-http codec + dispatcher, routing, handlers, tokio", r"actix|tokio|h1|futures|mio|bytes|HeaderMap|http::|silent_renew"),
  ("libc syscall wrappers (send/recv/poll/epoll)", r"__send|__libc_recv|epoll|__poll|__libc_|writev|read|write"),
]
totals = collections.Counter(); other = collections.Counter()
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+(\[.\])\s+(.*)", line)
    if not m: continue
    pct, dso, kind, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4).strip()
    key = f"{kind} {dso} {sym}"
    for name, pattern in cats:
        if re.search(pattern, key):
            totals[name] += pct; break
    else:
        totals["other"] += pct; other[sym[:90]] += pct
for name, pct in totals.most_common():
    print(f"{pct:6.1f}%  {name}")
if len(sys.argv) > 2:
    print("--- other, top:")
    for sym, pct in other.most_common(int(sys.argv[2])): print(f"{pct:6.2f}%  {sym}")
