-- Cheaper inserts into inbound_messages (issue 13, the IMAP backfill; docs/benchmarks.md section 5).
-- Measured with PostgreSQL under callgrind (bench/imap-insert-ab.ts): pglz compressing the ~4.7 KB
-- bodies was ~40 % of the instructions of a batch insert; lz4 does it in about a tenth of the work.

-- 1. lz4 for the columns that get large (rows written from now on; stored rows keep pglz and stay
--    readable). PGlite is built without lz4: there the columns keep pglz.
do $$
begin
  alter table inbound_messages alter column text set compression lz4;
  alter table inbound_messages alter column html set compression lz4;
  alter table inbound_messages alter column headers set compression lz4;
  alter table inbound_messages alter column raw_payload set compression lz4;
exception when feature_not_supported then
  null;
end $$;

-- 2. Indexes a new message does not need yet. A message is stored unmatched (relationship_id null):
--    the relationship index only serves `relationship_id = $1` (lists, the foreign key), and the
--    Message-ID index only the thread lookup (`message_id = any($2) and relationship_id is not null`,
--    src/ingest/db/inbound.ts relationshipOfThread). Both become partial on a known relationship, so
--    the insert writes 5 indexes instead of 7; the match (an update of relationship_id, never HOT)
--    adds the entries.
drop index if exists inbound_relationship_idx;
create index inbound_relationship_idx on inbound_messages (relationship_id) where relationship_id is not null;
drop index if exists inbound_message_id_idx;
create index inbound_message_id_idx on inbound_messages (workspace_id, message_id) where message_id is not null and relationship_id is not null;
