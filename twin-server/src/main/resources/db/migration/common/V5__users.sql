-- People who sign in to the dashboard and API with a user name and password (the server then
-- issues them a bearer token). Only a salted PBKDF2 hash of the password is kept.
CREATE TABLE app_user (
  username       VARCHAR(128) PRIMARY KEY,
  display_name   VARCHAR(256) NOT NULL,
  roles          VARCHAR(256) NOT NULL,
  password_hash  VARCHAR(255) NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by     VARCHAR(128) NOT NULL
);
