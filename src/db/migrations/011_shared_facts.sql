-- Shared records have owners and evidence (issue 10, SPEC section 2 "Who may change shared facts").

-- Every assertion of a shared fact (do-not-contact, cooling-off, prices, an address proved invalid,
-- the best contact, an admin's clearing of DNC): who asserted it, from what evidence, and whether it
-- changed the shared account (SHARED) or only the asserting workspace's own view (WORKSPACE, flagged
-- for an admin's review). Read by platform admins only; never served to agencies.
create table account_assertions (
  id               text primary key,
  account_id       text not null references accounts(id),
  workspace_id     text references workspaces(id),          -- null: an admin's action
  contact_id       text references contacts(id),
  fact             text not null check (fact in ('DO_NOT_CONTACT','COOLING_OFF','PRICES','ADDRESS_INVALID','BEST_CONTACT','CLEAR_DO_NOT_CONTACT')),
  value            jsonb not null default '{}',
  source           text not null check (source in ('API','CLASSIFIER','INSTANTLY','ADMIN')),
  evidence         text not null check (evidence in ('OUR_SEND','REPLY_IN_OUR_THREAD','NONE','ADMIN')),
  scope            text not null check (scope in ('SHARED','WORKSPACE')),
  flagged          boolean not null default false,
  reason           text,
  event_id         text,
  idempotency_key  text unique,
  reviewed_at      timestamptz,
  review_decision  text check (review_decision in ('PROMOTE','DISMISS')),
  review_reason    text,
  created_at       timestamptz not null default now()
);
create index account_assertions_account_idx on account_assertions (account_id, id);
create index account_assertions_flagged_idx on account_assertions (id) where flagged;
create index account_assertions_workspace_idx on account_assertions (workspace_id, id);

-- One workspace's own view of a shared account: facts it asserted without evidence (they bind only
-- that workspace) and its own notes.
create table workspace_account_facts (
  workspace_id          text not null references workspaces(id),
  account_id            text not null references accounts(id),
  do_not_contact        boolean not null default false,
  cooling_off_until     timestamptz,
  price_link_insertion  numeric(12,2),
  price_guest_post      numeric(12,2),
  price_currency        text,
  prices_updated_at     timestamptz,
  best_contact_id       text references contacts(id),
  raw_notes             text,
  updated_at            timestamptz not null default now(),
  primary key (workspace_id, account_id)
);
create index workspace_account_facts_account_idx on workspace_account_facts (account_id);

-- Contact notes are per workspace.
create table workspace_contact_notes (
  workspace_id  text not null references workspaces(id),
  contact_id    text not null references contacts(id),
  notes         text,
  updated_at    timestamptz not null default now(),
  primary key (workspace_id, contact_id)
);

-- A contact whose address is not at its account's domain (a freemail address) must have been marked
-- so by a workspace that has a thread with that address.
alter table contacts add column freemail_marked_by text references workspaces(id);
