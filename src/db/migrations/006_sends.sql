-- One row per reply we send: claimed (STARTED, with its Message-ID chosen) before the send happens and
-- marked SENT after, so a crash or a retry can never send the same reply twice.
create table outbound_sends (
  id               text primary key,
  inbound_id       text not null unique references inbound_messages(id),
  approval_id      text,
  workspace_id     text not null references workspaces(id),
  relationship_id  text not null references relationships(id),
  channel          text not null check (channel in ('SMTP', 'INSTANTLY')),
  message_id       text not null unique,
  status           text not null check (status in ('STARTED', 'SENT', 'RETRYABLE', 'FAILED', 'UNCERTAIN')),
  attempts         integer not null default 0,
  last_error       text,
  started_at       timestamptz not null default now(),
  sent_at          timestamptz,
  updated_at       timestamptz not null default now()
);
