-- Where the Instantly reconciliation got to (one row per Instantly API key in use; we use one).
create table instantly_reconcile_state (
  id            text primary key,
  last_run_at   timestamptz,
  watermark     timestamptz not null,
  last_result   jsonb
);
