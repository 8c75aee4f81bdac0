-- The compare-and-set UPDATE of a rotation as the server sends it (store::sessions::rotate),
-- each client on its own rows. `-M extended` sends it unnamed, parsed and planned every time,
-- as Diesel does (it never caches UPDATE statements); `-M prepared` as a cached statement:
--   pgbench -n -f bench/profiling/renewal_update.sql -M extended -c 16 -j 2 -T 3 "$DB"
--   pgbench -n -f bench/profiling/renewal_update.sql -M prepared -c 16 -j 2 -T 3 "$DB"
\set n :client_id * 16 + random(1, 16)
UPDATE sessions_sim SET refresh_counter = refresh_counter + 1, rotated_at = now_ms(), last_renewed_at = now_ms(), idle_expires_at = now_ms() + 1209600000, user_agent = NULL, ip = '127.0.0.1' WHERE id = md5(:n::text) AND revoked_at IS NULL AND idle_expires_at > now_ms() AND absolute_expires_at > now_ms();
