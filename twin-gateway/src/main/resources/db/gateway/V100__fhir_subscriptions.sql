-- Version 100: the gateway's tables sit after the server's own migrations (V1-V99) in one Flyway history.
-- Durable FHIR subscriptions and their event outbox (twin-gateway, org.icutwin.gateway.subscription).
-- Portable SQL: runs unchanged on H2 2.3 and PostgreSQL 15. Times are epoch milliseconds (UTC).

CREATE TABLE fhir_subscription (
  id                 VARCHAR(64)  NOT NULL PRIMARY KEY,
  resource_json      TEXT         NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  error_text         TEXT,
  events_since_start BIGINT       NOT NULL,
  last_delivered     BIGINT       NOT NULL,
  attempts           INTEGER      NOT NULL,
  failing_since_ms   BIGINT,
  next_attempt_ms    BIGINT       NOT NULL,
  last_sent_ms       BIGINT,
  created_ms         BIGINT       NOT NULL
);

CREATE TABLE fhir_subscription_event (
  subscription_id VARCHAR(64)  NOT NULL REFERENCES fhir_subscription (id) ON DELETE CASCADE,
  event_number    BIGINT       NOT NULL,
  occurred_ms     BIGINT       NOT NULL,
  focus_type      VARCHAR(64)  NOT NULL,
  focus_id        VARCHAR(64)  NOT NULL,
  focus_json      TEXT         NOT NULL,
  PRIMARY KEY (subscription_id, event_number)
);
