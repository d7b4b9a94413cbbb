-- Webhook deliveries are acknowledged once stored; an ingest job then processes each one.
alter table webhook_events add column processed_at timestamptz;
