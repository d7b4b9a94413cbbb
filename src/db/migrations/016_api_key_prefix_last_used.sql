-- `api-key list` (issue 11) shows which key is which without the secret: the key's first characters
-- (stored from now on; keys made before this migration have none) and when it was last used
-- (bumped at most once a minute per process, src/http/auth.ts).
alter table api_keys
  add column key_prefix   text,
  add column last_used_at timestamptz;
create index api_keys_agency_idx on api_keys (agency_id, id);
