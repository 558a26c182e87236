-- A twin recovering after a crash reads back what the inbox received since its last journaled item.
CREATE INDEX ingest_inbox_received_idx ON ingest_inbox (patient_id, received_time);
