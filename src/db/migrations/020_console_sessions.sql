-- The agency console (/console, docs/console.md): who is signed in, and one-time sign-in links emailed
-- to workspace approvers. Only the SHA-256 of a session token or link token is stored: a database leak
-- leaks no working session or link.
create table console_sessions (
  token_hash     text primary key,
  agency_id      text not null references agencies(id),
  -- signed in with an API key: access follows that key (revoked key → the session no longer works)
  api_key_id     text references api_keys(id),
  -- signed in with an emailed link: the workspaces the address approves for, fixed at sign-in
  workspace_ids  text[],
  -- the person: what decisions made here record as decidedBy.actor
  person         text not null check (length(person) between 1 and 200),
  method         text not null check (method in ('API_KEY', 'EMAIL_LINK')),
  created_at     timestamptz not null default now(),
  last_seen_at   timestamptz not null default now(),
  expires_at     timestamptz not null,
  revoked_at     timestamptz,
  check ((method = 'API_KEY') = (api_key_id is not null)),
  check ((method = 'EMAIL_LINK') = (workspace_ids is not null))
);
create index console_sessions_agency_idx on console_sessions (agency_id);

create table console_sign_in_links (
  token_hash     text primary key,
  email          text not null,
  agency_id      text not null references agencies(id),
  workspace_ids  text[] not null,
  created_at     timestamptz not null default now(),
  expires_at     timestamptz not null,
  used_at        timestamptz
);
-- requests per address and hour are counted (a rate limit on who can be sent mail)
create index console_sign_in_links_email_idx on console_sign_in_links (lower(email), created_at);
