-- First outreach emails (POST /v1/link-building/campaign/send_email): an email we start, not a reply.
-- It goes through the same approval and send machinery as replies, so approvals and outbound_sends now
-- belong to exactly one of an inbound message or an outreach message.
create table outreach_messages (
  id                text primary key,
  workspace_id      text not null references workspaces(id),
  relationship_id   text not null references relationships(id),
  account_id        text not null references accounts(id),
  contact_id        text not null references contacts(id),
  mailbox_id        text not null references mailboxes(id),
  channel           text not null default 'SMTP' check (channel in ('SMTP')),
  from_address      text not null,
  from_name         text,
  to_address        text not null,
  subject           text not null,
  text              text not null,
  html              text,
  status            text not null check (status in ('DRAFT','WAITING_APPROVAL','APPROVED','SENT','DENIED','EXPIRED','FAILED')),
  require_approval  boolean not null,
  -- the draft checks (links, price, placeholders, length) as run at creation: [{gate, passed, reason}]
  checks            jsonb not null default '[]',
  approval_id       text,
  message_id        text,
  send_error        text,
  -- the client's Idempotency-Key and a hash of what it asked for: a retried POST returns the same email
  idempotency_key   text,
  request_hash      text not null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  sent_at           timestamptz,
  check ((idempotency_key is null) or (length(idempotency_key) between 1 and 255))
);
create unique index outreach_idempotency_idx on outreach_messages (workspace_id, idempotency_key) where idempotency_key is not null;
-- one first email in flight per relationship: a client retrying without a key cannot queue a second one
create unique index outreach_one_open_idx on outreach_messages (relationship_id) where status in ('DRAFT','WAITING_APPROVAL','APPROVED');
create index outreach_ws_idx on outreach_messages (workspace_id, id);
create index outreach_relationship_idx on outreach_messages (relationship_id, id);

alter table approvals alter column inbound_id drop not null;
alter table approvals add column outreach_id text references outreach_messages(id);
alter table approvals add constraint approvals_one_subject check (num_nonnulls(inbound_id, outreach_id) = 1);
create unique index approvals_one_pending_outreach_idx on approvals (outreach_id) where status = 'PENDING';

alter table outbound_sends alter column inbound_id drop not null;
alter table outbound_sends add column outreach_id text unique references outreach_messages(id);
alter table outbound_sends add constraint outbound_sends_one_subject check (num_nonnulls(inbound_id, outreach_id) = 1);
