/**
 * Prometheus metrics (GET /metrics). Counters and histograms are recorded where things happen;
 * gauges that describe stored state (queue depth, pending approvals) are read at scrape time, at most
 * once every few seconds (metrics-cache.ts). Each process serves its own figures: a worker's steps and
 * decisions, an api's webhook deliveries, a poller's IMAP ingest; `lb_service_info` says which role.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  ingested: Counter<'source' | 'kind'>;
  webhookDeliveries: Counter<'outcome'>;
  stepSeconds: Histogram<'step' | 'outcome'>;
  decisions: Counter<'action'>;
  gateTrips: Counter<'gate'>;
  modelSeconds: Histogram<'outcome'>;
  modelTokens: Counter<'direction'>;
  sends: Counter<'channel' | 'result'>;
  queueDepth: Gauge<'queue' | 'state'>;
  approvalsPending: Gauge;
  approvalOldestSeconds: Gauge;
  /** 1, labelled with what this process runs: `lb_service_info{role="worker",version="…"} 1`. */
  serviceInfo: Gauge<'role' | 'version'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lb_' });
  const r = { registers: [registry] };
  return {
    registry,
    ingested: new Counter({ name: 'lb_messages_ingested_total', help: 'Inbound messages stored, by source and arrival kind', labelNames: ['source', 'kind'], ...r }),
    webhookDeliveries: new Counter({ name: 'lb_webhook_deliveries_total', help: 'Instantly webhook deliveries by outcome', labelNames: ['outcome'], ...r }),
    stepSeconds: new Histogram({
      name: 'lb_step_duration_seconds', help: 'Pipeline step latency', labelNames: ['step', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], ...r,
    }),
    decisions: new Counter({ name: 'lb_decisions_total', help: 'Gate decisions by action', labelNames: ['action'], ...r }),
    gateTrips: new Counter({ name: 'lb_gate_trips_total', help: 'Tripped gates by gate', labelNames: ['gate'], ...r }),
    modelSeconds: new Histogram({ name: 'lb_model_latency_seconds', help: 'Model call latency', labelNames: ['outcome'], buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32], ...r }),
    modelTokens: new Counter({ name: 'lb_model_tokens_total', help: 'Model tokens by direction', labelNames: ['direction'], ...r }),
    sends: new Counter({ name: 'lb_sends_total', help: 'Outbound sends by channel and result', labelNames: ['channel', 'result'], ...r }),
    queueDepth: new Gauge({ name: 'lb_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], ...r }),
    approvalsPending: new Gauge({ name: 'lb_approvals_pending', help: 'Approvals waiting for a decision', ...r }),
    approvalOldestSeconds: new Gauge({ name: 'lb_approval_oldest_pending_seconds', help: 'Age of the oldest pending approval', ...r }),
    serviceInfo: new Gauge({ name: 'lb_service_info', help: 'The role and version this process runs (always 1)', labelNames: ['role', 'version'], ...r }),
  };
}
