-- Prospecting campaigns (SPEC section 8): a keyword (SERP), a competitor's referring domains
-- (COMPETITOR) or a list the agency already has (IMPORT) turned into reviewed first emails by a chain of
-- jobs (research → enrich → filter → discover → draft). `step` is where the chain is, so a crash resumes
-- there; counts are read from the prospects, cost from the provider lookups (nothing is counted twice).
create table campaigns (
  id            text primary key,
  workspace_id  text not null references workspaces(id),
  kind          text not null check (kind in ('SERP','COMPETITOR','IMPORT')),
  input         jsonb not null,
  status        text not null default 'RUNNING' check (status in ('RUNNING','WAITING_APPROVAL','DONE','FAILED')),
  step          text not null default 'research' check (step in ('research','enrich','filter','discover','draft','done')),
  error         text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index campaigns_ws_idx on campaigns (workspace_id, id);

-- One row per normalised partner domain a campaign found: never a domain twice in one campaign.
create table campaign_prospects (
  campaign_id      text not null references campaigns(id),
  domain           text not null,
  -- the order it was found in (SERP rank, or the position in a list), for stable pages and batches
  position         integer not null,
  rank             integer,
  url              text,
  title            text,
  domain_rating    numeric(5,2),
  organic_traffic  bigint,
  -- what the research said beyond the columns: an imported contact {email, firstName, ...}, the competitor
  details          jsonb not null default '{}',
  kept             boolean,
  -- the filter's verdict: a code (DO_NOT_CONTACT, PLATFORM, NEW_PROSPECT, ...) and its explanation
  reason           text,
  reason_detail    text,
  account_id       text references accounts(id),
  relationship_id  text references relationships(id),
  contact_id       text references contacts(id),
  outreach_id      text references outreach_messages(id),
  -- FOUND → DROPPED | KEPT → NO_CONTACT | CONTACT_FOUND → DRAFTED (its outreach carries the rest) | FAILED
  status           text not null default 'FOUND' check (status in ('FOUND','DROPPED','KEPT','NO_CONTACT','CONTACT_FOUND','DRAFTED','FAILED')),
  status_reason    text,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (campaign_id, domain)
);
create unique index campaign_prospects_position_idx on campaign_prospects (campaign_id, position);
create index campaign_prospects_outreach_idx on campaign_prospects (outreach_id) where outreach_id is not null;

-- Every paid (or free) provider lookup of a campaign, keyed by what was asked: a step re-run after a
-- crash or a retry finds the answer here and never pays for the same call twice. calls/units add up to
-- the campaign's cost; a failed lookup keeps what its calls cost and has no result.
create table campaign_lookups (
  campaign_id  text not null references campaigns(id),
  provider     text not null,
  endpoint     text not null,
  key          text not null,
  result       jsonb,
  calls        integer not null default 0,
  units        numeric not null default 0,
  error        text,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (campaign_id, provider, endpoint, key)
);

-- Campaign emails go out through the outreach path; the Instantly channel adds the lead to an Instantly
-- campaign instead of sending from a mailbox.
alter table outreach_messages alter column mailbox_id drop not null;
alter table outreach_messages drop constraint outreach_messages_channel_check;
alter table outreach_messages add constraint outreach_messages_channel_check check (channel in ('SMTP','INSTANTLY'));
alter table outreach_messages add column instantly_campaign_id text;
alter table outreach_messages add column campaign_id text references campaigns(id);
alter table outreach_messages add constraint outreach_messages_sender_check
  check ((channel = 'SMTP' and mailbox_id is not null) or (channel = 'INSTANTLY' and instantly_campaign_id is not null));
alter table outreach_messages drop constraint outreach_messages_status_check;
alter table outreach_messages add constraint outreach_messages_status_check
  check (status in ('DRAFT','WAITING_APPROVAL','APPROVED','QUEUED','SENT','DENIED','EXPIRED','FAILED'));
create index outreach_campaign_idx on outreach_messages (campaign_id, id) where campaign_id is not null;
