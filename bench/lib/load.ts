/**
 * HTTP load with autocannon on loopback, from this process. On a 2-core machine the generator is
 * not free: it shares the CPUs with the service and PostgreSQL, which is why the baselines it is
 * compared with run under the same generator where possible.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  connections: number;
  durationSec?: number;
  amount?: number;
  /** Fixed overall request rate (req/s); latencies are corrected for coordinated omission. */
  overallRate?: number;
  /** A new body per request (POST). */
  body?: () => string;
  /** A new path per request (GET). */
  nextPath?: () => string;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  durationSec: number;
  rps: number;
  okPerSec: number;
  p50: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
  /** Completed requests per second, second by second. */
  perSecond: number[];
}

export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const perSecond: number[] = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: o.url,
        connections: o.connections,
        ...(o.amount ? { amount: o.amount } : { duration: o.durationSec ?? 10 }),
        ...(o.overallRate ? { overallRate: o.overallRate } : {}),
        timeout: 30,
        requests: [
          {
            method: o.method ?? 'GET',
            path: o.path,
            headers: { ...(o.body ? { 'content-type': 'application/json' } : {}), ...o.headers },
            setupRequest: (req) => ({ ...req, ...(o.body ? { body: o.body() } : {}), ...(o.nextPath ? { path: o.nextPath() } : {}) }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const statusCodes: Record<string, number> = {};
        for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = Number(v.count);
        const ok = Object.entries(statusCodes).filter(([c]) => c.startsWith('2')).reduce((s, [, n]) => s + n, 0);
        const requests = Object.values(statusCodes).reduce((s, n) => s + n, 0);
        const durationSec = (r.finish.getTime() - r.start.getTime()) / 1000;
        resolve({
          requests,
          ok,
          non2xx: r.non2xx,
          errors: r.errors,
          durationSec,
          rps: requests / durationSec,
          okPerSec: ok / durationSec,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          statusCodes,
          perSecond,
        });
      },
    );
    inst.on('tick', (t) => perSecond.push(t.counter));
  });
}
