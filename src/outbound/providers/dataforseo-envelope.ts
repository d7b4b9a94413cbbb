/**
 * DataForSEO answers almost everything with HTTP 200 and puts the outcome in `status_code` twice: once
 * for the request and once per task (https://docs.dataforseo.com/v3/appendix/errors). 20000 is "Ok.";
 * anything else is an error even inside a 200. We send one task per request, so we read `tasks[0]`.
 * `cost` (USD) is charged even when a task fails (e.g. 40101), so it is recorded before any check.
 */
import { z } from 'zod';
import { ProviderError } from './ports.ts';
import type { CallMeter } from './ports.ts';
import type { ProviderHttp } from './http-client.ts';

const OK = 20000;
/** "No Search Results." — an empty answer, not a failure. */
export const DATAFORSEO_NO_RESULTS = 40102;

const envelopeSchema = z.object({
  status_code: z.number(),
  status_message: z.string().nullish(),
  cost: z.number().nullish(),
  tasks: z
    .array(
      z.object({
        status_code: z.number(),
        status_message: z.string().nullish(),
        result: z.array(z.unknown()).nullish(),
      }),
    )
    .nullish(),
});

/** Codes worth asking again later: internal errors (5xxxx), rate limits, the search engine's own error. */
function isRetryable(code: number): boolean {
  return code >= 50000 || code === 40202 || code === 40209 || code === 40101;
}

/**
 * POSTs one task and returns `tasks[0].result[0]` (null when there is no result, e.g. 40102).
 * Throws ProviderError for a non-20000 code at either level.
 */
export async function postDataForSeoTask(
  http: ProviderHttp,
  path: string,
  endpoint: string,
  task: Record<string, unknown>,
  meter: CallMeter,
): Promise<unknown> {
  const response = await http.request({ method: 'POST', path, endpoint, body: [task] });
  const parsed = envelopeSchema.safeParse(response.json);
  if (!parsed.success) {
    await meter.record({ provider: 'dataforseo', endpoint, units: 0 });
    throw new ProviderError('dataforseo', `${endpoint}: unexpected response shape`, false);
  }
  const envelope = parsed.data;
  await meter.record({ provider: 'dataforseo', endpoint, units: envelope.cost ?? 0 });
  if (envelope.status_code !== OK) {
    throw new ProviderError('dataforseo', `${endpoint}: status ${envelope.status_code} ${envelope.status_message ?? ''}`.trim(), isRetryable(envelope.status_code));
  }
  const task0 = envelope.tasks?.[0];
  if (!task0) throw new ProviderError('dataforseo', `${endpoint}: the response has no task`, false);
  if (task0.status_code === DATAFORSEO_NO_RESULTS) return null;
  if (task0.status_code !== OK) {
    throw new ProviderError('dataforseo', `${endpoint}: task status ${task0.status_code} ${task0.status_message ?? ''}`.trim(), isRetryable(task0.status_code));
  }
  return task0.result?.[0] ?? null;
}
