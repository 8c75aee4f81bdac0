-- A copy of the sessions table with 512 live rows whose ids pgbench can compute
-- (md5 of 1..512), for the renewal-shaped pgbench scripts beside this file. Run it in
-- a database the server has migrated and signed at least one user into, before each pgbench
-- run (the scripts change the rows):
--   psql "$DB" -f bench/profiling/renewal_sessions_copy.sql
DROP TABLE IF EXISTS sessions_sim;
CREATE TABLE sessions_sim (LIKE sessions INCLUDING ALL);
INSERT INTO sessions_sim (id, user_id, refresh_counter, refresh_nonce, rotated_at, created_at,
                          last_renewed_at, idle_expires_at, absolute_expires_at, ip)
SELECT md5(n::text), s.user_id, 0, s.refresh_nonce, NULL, s.created_at, s.last_renewed_at,
       now_ms() + 86400000::bigint, now_ms() + 86400000::bigint * 30, '127.0.0.1'
FROM generate_series(1, 512) AS n, (SELECT * FROM sessions LIMIT 1) AS s;
