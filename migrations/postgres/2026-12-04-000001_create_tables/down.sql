DROP TABLE notes;
DROP TABLE sessions;
DROP TABLE users;
DROP FUNCTION now_ms();
