DROP TABLE notes;
DROP TABLE sessions;
DROP TABLE users;
