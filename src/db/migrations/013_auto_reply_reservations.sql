-- Limits under concurrency: an automatic reply is reserved when the gates decide AUTO_REPLY, under a
-- per-workspace lock, and the daily / per-thread limits count reservations, not sends that already
-- happened (30 replies decided at once used to see 0 sends each and all go out). A reservation is kept
-- when the reply is sent (or may have been), and released when the send fails for good or the reply
-- goes to a human at send time (src/gates/db/auto-reply-reservations.ts).
create table auto_reply_reservations (
  inbound_id       text primary key references inbound_messages(id),
  workspace_id     text not null references workspaces(id),
  relationship_id  text not null references relationships(id),
  reserved_at      timestamptz not null,
  released_at      timestamptz,
  release_reason   text
);
create index auto_reply_reservations_ws_idx on auto_reply_reservations (workspace_id, reserved_at) where released_at is null;
create index auto_reply_reservations_rel_idx on auto_reply_reservations (relationship_id) where released_at is null;

-- Automatic replies sent before this migration count as kept reservations.
insert into auto_reply_reservations (inbound_id, workspace_id, relationship_id, reserved_at)
select distinct on (m.id) m.id, e.workspace_id, e.relationship_id, e.occurred_at
from events e
join inbound_messages m on m.id = e.metadata->>'inboundId'
where e.type = 'EMAIL_SENT' and e.metadata->>'auto' = 'true'
order by m.id, e.occurred_at
on conflict do nothing;

-- A reply from a sender who matches no partner goes to a human ("who is this?") before it has a
-- relationship: its approval has none until the sender is attached to a partner.
alter table approvals alter column relationship_id drop not null;
