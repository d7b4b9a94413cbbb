-- Per-host politeness of link verification across worker processes (docs/intel.md): a worker holds a
-- partner host's lease while it fetches a page there; another worker waits until it is released or
-- has expired (a worker that died mid-fetch holds nothing past `until`).
create table link_host_leases (
  host        text primary key,
  holder      text not null,
  until       timestamptz not null
);
