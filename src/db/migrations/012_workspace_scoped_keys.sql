-- Idempotency keys are per workspace: the same Instantly payload posted to two workspaces is two
-- events, one in each (issue 10). A key also no longer finds another workspace's event.
alter table events drop constraint events_idempotency_key_key;
create unique index events_workspace_idempotency_idx on events (workspace_id, idempotency_key);

-- Each workspace's recent pipeline backlog, counted when jobs are queued so a workspace with a large
-- backlog queues behind one with a small backlog (src/jobs/fair-priority.ts, src/jobs/db/workspace-backlog.ts).
create index webhook_events_unprocessed_idx on webhook_events (workspace_id, received_at) where processed_at is null;
create index inbound_undecided_idx on inbound_messages (workspace_id, created_at) where status in ('RECEIVED', 'CLASSIFIED');
