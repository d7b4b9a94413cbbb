-- Every reply that reached us, from an IMAP mailbox or an Instantly webhook.
create table inbound_messages (
  id               text primary key,
  workspace_id     text not null references workspaces(id),
  source           text not null check (source in ('IMAP','INSTANTLY')),
  mailbox_id       text,
  external_id      text,
  message_id       text,
  in_reply_to      text,
  "references"     text[] not null default '{}',
  from_address     text,
  from_name        text,
  to_addresses     jsonb not null default '[]',
  cc_addresses     jsonb not null default '[]',
  subject          text,
  text             text,
  html             text,
  headers          jsonb not null default '{}',
  attachments      jsonb not null default '[]',
  report_parts     jsonb not null default '[]',
  raw_sha256       text,
  received_at      timestamptz not null,
  relationship_id  text references relationships(id),
  contact_id       text references contacts(id),
  account_id       text references accounts(id),
  status           text not null default 'RECEIVED' check (status in ('RECEIVED','CLASSIFIED','NO_REPLY','AUTO_REPLIED',
                     'WAITING_APPROVAL','APPROVED','SENT','DENIED','EXPIRED','FAILED')),
  classification   jsonb,
  decision         jsonb,
  draft            jsonb,
  -- what the source said before we parsed it (Instantly's JSON); kept for audit and re-processing
  raw_payload      jsonb,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  -- the dedupe key: Message-ID, else Instantly's email id, else a hash of the raw message
  dedupe_key       text not null,
  unique (workspace_id, dedupe_key)
);
create index inbound_ws_idx on inbound_messages (workspace_id, id);
create index inbound_status_idx on inbound_messages (workspace_id, status, id);
create index inbound_relationship_idx on inbound_messages (relationship_id);
