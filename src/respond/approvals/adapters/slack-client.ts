/**
 * Slack Web API over fetch (no SDK): chat.postMessage and chat.update with the bot token, and
 * response_url answers. Slack answers HTTP 200 with `{ok: false, error}` for most failures; those and
 * transport errors become AppError (rate limits and 5xx retryable, the rest permanent).
 */
import { AppError } from '../../../errors.ts';
import type { SlackClient } from '../ports.ts';

export interface SlackClientOptions {
  apiUrl: string;
  botToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const RETRYABLE_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function createSlackClient(opts: SlackClientOptions): SlackClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.apiUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function post(url: string, body: unknown, auth: boolean): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...(auth ? { authorization: `Bearer ${opts.botToken}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new AppError('UNAVAILABLE', `Slack unreachable: ${(e as Error).message}`, { cause: e });
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429 || res.status >= 500) throw new AppError('UPSTREAM', `Slack answered HTTP ${res.status}`, { retryable: true });
    if (!res.ok) throw new AppError('PERMANENT', `Slack answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    if (!auth) return { ok: true }; // response_url answers with plain "ok"
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('UPSTREAM', 'Slack answered with something that is not JSON', { retryable: true });
    }
    const obj = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    if (obj['ok'] !== true) {
      const error = typeof obj['error'] === 'string' ? obj['error'] : 'unknown_error';
      throw new AppError(RETRYABLE_ERRORS.has(error) ? 'UPSTREAM' : 'PERMANENT', `Slack: ${error}`, { retryable: RETRYABLE_ERRORS.has(error) });
    }
    return obj;
  }

  return {
    async postMessage(msg) {
      const out = await post(`${base}/chat.postMessage`, {
        channel: msg.channel, text: msg.text, unfurl_links: false,
        ...(msg.blocks ? { blocks: msg.blocks } : {}), ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
      }, true);
      const channel = typeof out['channel'] === 'string' ? out['channel'] : msg.channel;
      const ts = out['ts'];
      if (typeof ts !== 'string') throw new AppError('UPSTREAM', 'Slack chat.postMessage answered without ts', { retryable: true });
      return { channel, ts };
    },
    async update(msg) {
      await post(`${base}/chat.update`, { channel: msg.channel, ts: msg.ts, text: msg.text, blocks: msg.blocks }, true);
    },
    async respond(responseUrl, body) {
      await post(responseUrl, body, false);
    },
  };
}
