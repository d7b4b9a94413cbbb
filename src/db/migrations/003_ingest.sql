-- Ingest: every Instantly webhook delivery kept raw (the durable acknowledgement and the dedupe key),
-- and the indexes that thread replies to what we sent.
create table webhook_events (
  id               bigserial primary key,
  workspace_id     text not null references workspaces(id),
  source           text not null default 'INSTANTLY',
  event_type       text not null,
  idempotency_key  text not null,
  payload          jsonb not null,
  inbound_id       text references inbound_messages(id),
  received_at      timestamptz not null default now(),
  unique (workspace_id, idempotency_key)
);
create index webhook_events_ws_idx on webhook_events (workspace_id, received_at);

create index events_sent_message_id_idx on events ((metadata->>'messageId')) where type = 'EMAIL_SENT';
create index inbound_message_id_idx on inbound_messages (workspace_id, message_id) where message_id is not null;
create index inbound_external_idx on inbound_messages (workspace_id, external_id) where external_id is not null;
