-- Metrics a tenant types in (DR, traffic, …) bind that tenant's own workspace only (issue 10): another
-- agency's minimum-DR gate must not read a figure a competitor chose. The shared figures come from
-- creation (seed), an admin, or the provider refresh.
alter table workspace_account_facts
  add column domain_rating      numeric(5,2) check (domain_rating between 0 and 100),
  add column organic_traffic    bigint,
  add column organic_keywords   bigint,
  add column referring_domains  bigint,
  add column backlinks          bigint,
  add column metrics_updated_at timestamptz;

alter table account_assertions drop constraint account_assertions_fact_check;
alter table account_assertions add constraint account_assertions_fact_check
  check (fact in ('DO_NOT_CONTACT','COOLING_OFF','PRICES','ADDRESS_INVALID','BEST_CONTACT','CLEAR_DO_NOT_CONTACT','METRICS'));
