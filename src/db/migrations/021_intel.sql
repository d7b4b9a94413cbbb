-- Partner intelligence (SPEC section 9, docs/intel.md): placed-link verification and the Ahrefs
-- metrics refresh.

-- The outcome events of link verification join the event log's closed list of types.
alter table events drop constraint events_type_check;
alter table events add constraint events_type_check check (type in ('EMAIL_SENT','EMAIL_RECEIVED','LINK_PLACED','REJECTED','CALL_SCHEDULED',
  'NOTE_ADDED','STATUS_CHANGED','CONTACT_RESEARCH','MESSAGE_CLASSIFIED','GATES_EVALUATED','REPLY_DRAFTED',
  'APPROVAL_REQUESTED','APPROVAL_GRANTED','APPROVAL_DENIED','RATE_NEGOTIATED','BOUNCED','AUTO_REPLY_RECEIVED',
  'LINK_VERIFIED','LINK_ISSUE','LINK_LOST'));

-- One watched page per (relationship, url): what the last checks found and when the next one is due.
-- `checks_done` is the compare-and-set counter that makes a check job idempotent: a job carries the
-- count it expects and applies nothing when the row has moved on (pg-boss delivers at least once).
create table link_checks (
  relationship_id     text not null references relationships(id),
  url                 text not null check (length(url) between 1 and 2048),
  placed_event_id     text not null references events(id),
  placed_at           timestamptz not null,
  checks_done         integer not null default 0,
  consecutive_misses  integer not null default 0,
  ever_found          boolean not null default false,
  -- VERIFIED | ISSUE | MISSING | LOST | INCONCLUSIVE (the last check's verdict)
  last_verdict        text,
  last_result         jsonb,
  last_checked_at     timestamptz,
  -- what the last outcome event said ("LINK_VERIFIED", "LINK_ISSUE:nofollow,noindex"): an event is
  -- written only when this changes, so a monthly re-check of a healthy link adds nothing to the log
  last_event_signature text,
  next_check_at       timestamptz not null,
  created_at          timestamptz not null default now(),
  primary key (relationship_id, url)
);
create index link_checks_due_idx on link_checks (next_check_at);

-- Every Ahrefs batch-analysis refresh run and the units it used: the monthly budget is their sum.
create table metrics_refresh_runs (
  id                  text primary key,
  started_at          timestamptz not null,
  finished_at         timestamptz,
  accounts_requested  integer not null default 0,
  accounts_updated    integer not null default 0,
  units_used          integer not null default 0,
  error               text
);
create index metrics_refresh_runs_started_idx on metrics_refresh_runs (started_at);

-- The minutely sweep finds LINK_PLACED events not yet watched without reading the whole log.
create index events_link_placed_idx on events (occurred_at) where type = 'LINK_PLACED';
