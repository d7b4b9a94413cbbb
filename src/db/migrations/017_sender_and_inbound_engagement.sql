-- Issue 11 (ops).
-- 1. Who signs a reply: a sender name and signature per mailbox, the workspace's as the fallback
--    (src/respond/draft/sender.ts). Null: not set.
alter table mailboxes add column sender_name text check (sender_name is null or length(sender_name) between 1 and 100);
alter table mailboxes add column signature text check (signature is null or length(signature) between 1 and 1000);
alter table workspaces add column sender_name text check (sender_name is null or length(sender_name) between 1 and 100);
alter table workspaces add column signature text check (signature is null or length(signature) between 1 and 1000);
-- 2. src/crm/derive-status.ts now moves a relationship to ACTIVELY_ENGAGED on a human EMAIL_RECEIVED
--    even when nobody had emailed the partner first. The stored projections that the new rule changes
--    are re-derived from their events in TypeScript, in this same transaction, by the data step of
--    version 17 (src/crm/repairs.ts), so stored == replayed holds for existing rows too.
