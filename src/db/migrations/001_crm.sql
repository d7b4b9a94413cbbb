-- The CRM: tenants, shared accounts and contacts, per-workspace relationships, the append-only event log.

create table agencies (
  id          text primary key,
  name        text not null check (length(name) between 1 and 200),
  created_at  timestamptz not null default now()
);

create table workspaces (
  id                   text primary key,
  agency_id            text not null references agencies(id),
  name                 text not null check (length(name) between 1 and 200),
  webhook_secret_hash  text not null,
  gate_policy          jsonb,
  approver_emails      text[] not null default '{}',
  slack_channel_id     text,
  slack_user_ids       text[] not null default '{}',
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now()
);
create index workspaces_agency_idx on workspaces (agency_id, id);

create table api_keys (
  id             text primary key,
  agency_id      text not null references agencies(id),
  key_hash       text not null unique,
  workspace_ids  text[],            -- null: every workspace of the agency
  name           text,
  created_at     timestamptz not null default now(),
  revoked_at     timestamptz
);

create table accounts (
  id                        text primary key,
  domain                    text not null unique check (domain = lower(domain) and domain !~ '^(https?://|www\.)' and domain !~ '/'),
  name                      text,
  source                    text check (source in ('SEARCH','COMPETITOR','INBOUND','MANUAL','IMPORT')),
  source_details            text,
  raw_notes                 text,
  best_contact_id           text,
  is_active                 boolean not null default true,
  last_contacted_at         timestamptz,
  system_contact_status     text not null default 'NEVER_CONTACTED'
    check (system_contact_status in ('NEVER_CONTACTED','CONTACTED','RESPONSIVE','RATE_ESTABLISHED','DO_NOT_CONTACT','BOUNCED')),
  first_contacted_at        timestamptz,
  first_contacted_by_org_id text,
  last_contacted_by_org_id  text,
  cooling_off_until         timestamptz,
  contact_attempt_count     integer not null default 0,
  price_link_insertion      numeric(12,2),
  price_guest_post          numeric(12,2),
  price_currency            text,
  prices_updated_at         timestamptz,
  domain_rating             numeric(5,2) check (domain_rating between 0 and 100),
  organic_traffic           bigint,
  organic_keywords          bigint,
  referring_domains         bigint,
  backlinks                 bigint,
  ahref_stats_updated_at    timestamptz,
  created_at                timestamptz not null default now(),
  updated_at                timestamptz not null default now()
);
create index accounts_status_idx on accounts (system_contact_status, id);
create index accounts_dr_idx on accounts (domain_rating, id);

create table contacts (
  id                text primary key,
  account_id        text not null references accounts(id),
  first_name        text,
  last_name         text,
  email             text not null,
  position          text,
  seniority         text,
  linkedin_url      text,
  twitter_handle    text,
  notes             text,
  apollo_person_id  text,
  email_invalid_at  timestamptz,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
create unique index contacts_email_ci_idx on contacts (lower(email));
create index contacts_account_idx on contacts (account_id, id);
alter table accounts add constraint accounts_best_contact_fk foreign key (best_contact_id) references contacts(id);

create table relationships (
  id                        text primary key,
  workspace_id              text not null references workspaces(id),
  account_id                text not null references accounts(id),
  source                    text not null check (source in ('SEARCH','COMPETITOR','INBOUND','MANUAL','IMPORT')),
  source_details            text,
  raw_notes                 text,
  target_blog_post          text,
  our_content               text,
  status                    text not null check (status in ('PROSPECTING','APPROVED_TO_CONTACT','QUEUED','CONTACTED_BY_US',
                              'CONTACTED_BY_OTHER_ORG','ACTIVELY_ENGAGED','LINK_PLACED','NOT_INTERESTED','INACTIVE')),
  -- the status the relationship was created with; the derived status starts from it
  initial_status            text not null,
  priority                  text not null default 'MEDIUM' check (priority in ('LOW','MEDIUM','HIGH')),
  contacted_by_us           boolean not null default false,
  first_contacted_by_us_at  timestamptz,
  last_contacted_by_us_at   timestamptz,
  contacted_by_other_org    boolean not null default false,
  first_contacted_at        timestamptz,
  created_at                timestamptz not null default now(),
  updated_at                timestamptz not null default now(),
  unique (workspace_id, account_id)
);
create index relationships_account_idx on relationships (account_id);
create index relationships_ws_status_idx on relationships (workspace_id, status, id);
create index relationships_ws_id_idx on relationships (workspace_id, id);

create table events (
  id               text primary key,
  workspace_id     text not null references workspaces(id),
  account_id       text not null references accounts(id),
  relationship_id  text not null references relationships(id),
  contact_id       text references contacts(id),
  type             text not null check (type in ('EMAIL_SENT','EMAIL_RECEIVED','LINK_PLACED','REJECTED','CALL_SCHEDULED',
                     'NOTE_ADDED','STATUS_CHANGED','CONTACT_RESEARCH','MESSAGE_CLASSIFIED','GATES_EVALUATED','REPLY_DRAFTED',
                     'APPROVAL_REQUESTED','APPROVAL_GRANTED','APPROVAL_DENIED','RATE_NEGOTIATED','BOUNCED','AUTO_REPLY_RECEIVED')),
  subject          text,
  content          text,
  metadata         jsonb not null default '{}',
  occurred_at      timestamptz not null,
  created_at       timestamptz not null default now(),
  -- one event per (message, step): a retried step finds its event instead of writing a second one
  idempotency_key  text unique
);
create index events_relationship_idx on events (relationship_id, occurred_at, id);
create index events_account_idx on events (account_id, occurred_at, id);
create index events_workspace_idx on events (workspace_id, occurred_at, id);
create index events_account_sent_idx on events (account_id, occurred_at) where type = 'EMAIL_SENT';

-- The event log is append-only: the database itself refuses changes.
create function events_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'events are append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;
create trigger events_no_update before update or delete on events for each row execute function events_refuse_change();
create trigger events_no_truncate before truncate on events for each statement execute function events_refuse_change();
