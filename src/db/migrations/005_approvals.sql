-- Approvals: a human decides on a reply the gates did not let go out on its own (SPEC sections 4 and 5).
-- The first decision from any channel (Slack, emailed page, API) wins: decisions are a compare-and-set
-- on status = 'PENDING' and expires_at > now. Expiry fails closed to EXPIRED.
create table approvals (
  id               text primary key,
  workspace_id     text not null references workspaces(id),
  inbound_id       text not null references inbound_messages(id),
  relationship_id  text not null references relationships(id),
  status           text not null default 'PENDING' check (status in ('PENDING','APPROVED','REJECTED','EXPIRED')),
  -- what the approver was shown: the draft and the gates that tripped, as they were at request time
  draft            jsonb,
  gates            jsonb not null default '[]',
  expires_at       timestamptz not null,
  reminder_at      timestamptz not null,
  reminded_at      timestamptz,
  decided_at       timestamptz,
  -- {channel: slack | email | api | system, actor}
  decided_by       jsonb,
  edited_text      text,
  reject_reason    text,
  slack_channel    text,
  slack_ts         text,
  -- what the notifier did: {slack: {...}, email: {...}, reminder: {...}}
  notified         jsonb not null default '{}',
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  check ((status = 'PENDING') = (decided_at is null))
);
-- at most one open approval per inbound message
create unique index approvals_one_pending_idx on approvals (inbound_id) where status = 'PENDING';
create index approvals_ws_idx on approvals (workspace_id, id);
create index approvals_ws_status_idx on approvals (workspace_id, status, id);
create index approvals_pending_expiry_idx on approvals (expires_at) where status = 'PENDING';
create index approvals_pending_reminder_idx on approvals (reminder_at) where status = 'PENDING' and reminded_at is null;

-- Emailed approval links: one random token per recipient and email (request or reminder). Only the
-- SHA-256 of the token is stored; the raw token exists only in the email. A link is single-use (used_at)
-- and valid only while its approval is PENDING and unexpired.
create table approval_links (
  token_hash   text primary key,
  approval_id  text not null references approvals(id),
  recipient    text not null,
  purpose      text not null check (purpose in ('request','reminder')),
  created_at   timestamptz not null default now(),
  emailed_at   timestamptz,
  used_at      timestamptz
);
create index approval_links_approval_idx on approval_links (approval_id, recipient, purpose);
