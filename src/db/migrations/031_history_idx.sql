-- The events a relationship's history is made of (issue 13; docs/benchmarks.md, "What limits the
-- numbers", item 10), in the order the steps read them: the classify step folds a relationship's
-- emails, status changes and negotiated rates over all its events (src/crm/db/history.ts
-- historyTotalsOf), the gates step reads its last emails backwards (lastEmailsOf). Through
-- events_relationship_idx both visit every other event of the relationship too (classifications,
-- gate evaluations, drafts: most of a busy thread); this index holds only these four types.
-- Measured in bench/pipeline-profile.ts (1000 replies, three A/B pairs): the two statements went
-- from 1.4-2.0 and 1.3-1.4 to 0.6-0.7 and 0.5 ms a message; 5,000 single-row email inserts took the
-- same time with and without it (within the noise of a loaded machine).
create index if not exists events_history_idx on events (relationship_id, occurred_at, id)
  where type in ('EMAIL_SENT', 'EMAIL_RECEIVED', 'STATUS_CHANGED', 'RATE_NEGOTIATED');
