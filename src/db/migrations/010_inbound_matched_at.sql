-- Mailbox mail is stored first and matched by the ingest.match job; this marks it done (idempotency).
alter table inbound_messages add column matched_at timestamptz;
-- Everything stored before this migration was matched when it was stored.
update inbound_messages set matched_at = created_at;
