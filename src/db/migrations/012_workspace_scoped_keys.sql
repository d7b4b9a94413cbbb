-- Idempotency keys are per workspace: the same Instantly payload posted to two workspaces is two
-- events, one in each (issue 10). A key also no longer finds another workspace's event.
alter table events drop constraint events_idempotency_key_key;
create unique index events_workspace_idempotency_idx on events (workspace_id, idempotency_key);

-- Each workspace's webhook deliveries not yet processed: counted when jobs are queued, so a workspace
-- with a large backlog queues behind a workspace with a small one (src/jobs/fair-priority.ts).
create index webhook_events_unprocessed_idx on webhook_events (workspace_id) where processed_at is null;
