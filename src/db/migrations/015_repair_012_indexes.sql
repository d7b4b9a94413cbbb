-- Migration 012 was edited after it had first landed (commit f4f8465): a database migrated with its
-- first text has webhook_events_unprocessed_idx on (workspace_id) alone and no inbound_undecided_idx,
-- while a fresh one has both as 012 now reads. This brings the first kind to the same schema; on a
-- database that already has the right indexes it changes nothing (no rebuild).
do $$
begin
  if exists (
    select 1 from pg_indexes
    where schemaname = current_schema() and indexname = 'webhook_events_unprocessed_idx'
      and indexdef not like '%(workspace_id, received_at)%'
  ) then
    drop index webhook_events_unprocessed_idx;
  end if;
end
$$;
create index if not exists webhook_events_unprocessed_idx on webhook_events (workspace_id, received_at) where processed_at is null;
create index if not exists inbound_undecided_idx on inbound_messages (workspace_id, created_at) where status in ('RECEIVED', 'CLASSIFIED');
