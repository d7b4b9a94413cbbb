-- Connected IMAP/SMTP mailboxes, their sync cursor and the lease that keeps one poller per mailbox.
create table mailboxes (
  id                  text primary key,
  workspace_id        text not null references workspaces(id),
  address             text not null,
  imap_host           text not null,
  imap_port           integer not null check (imap_port between 1 and 65535),
  imap_secure         boolean not null,
  imap_user           text not null,
  imap_password_enc   text not null,
  smtp_host           text not null,
  smtp_port           integer not null check (smtp_port between 1 and 65535),
  smtp_secure         boolean not null,
  smtp_user           text not null,
  smtp_password_enc   text not null,
  folder_inbox        text not null default 'INBOX',
  folder_sent         text not null default 'Sent',
  created_at          timestamptz not null default now(),
  disconnected_at     timestamptz
);
create unique index mailboxes_connected_address_idx on mailboxes (workspace_id, lower(address)) where disconnected_at is null;

create table mailbox_sync_state (
  mailbox_id      text primary key references mailboxes(id),
  uid_validity    bigint,
  last_uid        bigint,
  highest_modseq  text,
  last_error      text,
  last_error_at   timestamptz,
  last_sync_at    timestamptz,
  updated_at      timestamptz not null default now()
);

create table mailbox_lease (
  mailbox_id  text primary key references mailboxes(id),
  holder_id   text not null,
  expires_at  timestamptz not null
);
