-- The same UPDATE with the database time read by the renewal's SELECT passed as a parameter
-- instead of five now_ms() calls (each one inlined, so parsed, whenever the UPDATE is planned).
-- A fixed time in the past, so that every row matches (pgbench has no clock); it leaves the
-- rows expired for renewal_update.sql, so re-run renewal_sessions_copy.sql between runs.
\set n :client_id * 16 + random(1, 16)
\set now 1700000000000
UPDATE sessions_sim SET refresh_counter = refresh_counter + 1, rotated_at = :now::bigint, last_renewed_at = :now::bigint, idle_expires_at = :now::bigint + 1209600000, user_agent = NULL, ip = '127.0.0.1' WHERE id = md5(:n::text) AND revoked_at IS NULL AND idle_expires_at > :now::bigint AND absolute_expires_at > :now::bigint;
