/**
 * Typed client for the parts of the Instantly API v2 we use, on Node's global fetch.
 * Endpoints (https://developer.instantly.ai/api-reference): GET /api/v2/emails/{id},
 * GET /api/v2/emails (cursor pages: `starting_after` in, `next_starting_after` out; the docs give this
 * endpoint a 20 requests/minute limit), GET /api/v2/webhook-events (the delivery log), and
 * POST /api/v2/emails/reply with {eaccount, reply_to_uuid, subject, body: {text, html}}.
 * Auth is `Authorization: Bearer <key>`.
 *
 * It throws only AppError: retryable for 429, 5xx, timeouts and network errors; not for other 4xx
 * or for a response we cannot read. It never retries by itself: the job layer owns retries, and a
 * reply must not be re-sent behind the caller's back (see isReplyOutcomeUnknown).
 */
import { z } from 'zod';
import { AppError } from '../../../errors.ts';
import { instantlyEmailSchema, instantlyWebhookEventSchema, listResponseSchema } from '../api-types.ts';
import type { InstantlyEmail, InstantlyWebhookEvent, Page } from '../api-types.ts';

export const DEFAULT_INSTANTLY_BASE_URL = 'https://api.instantly.ai';
const DEFAULT_TIMEOUT_MS = 15_000;

export interface InstantlyClientOptions {
  apiKey: string;
  baseURL?: string | undefined;
  timeoutMs?: number;
}

export interface ListEmailsFilters {
  emailType?: 'received' | 'sent' | 'manual';
  /** Lead email address. */
  lead?: string;
  /** Every email of one thread (sent as `search=thread:<id>`). */
  threadId?: string;
  campaignId?: string;
  /** Workspace mailbox(es), comma-separated. */
  eaccount?: string;
  /** ISO 8601 bounds on when Instantly stored the email. */
  minTimestampCreated?: string;
  maxTimestampCreated?: string;
  sortOrder?: 'asc' | 'desc';
  /** Instantly may return only a preview of the body unless this is false. */
  previewOnly?: boolean;
  limit?: number;
  startingAfter?: string;
}

export interface ListWebhookEventsFilters {
  success?: boolean;
  /** YYYY-MM-DD bounds. */
  from?: string;
  to?: string;
  /** An exact webhook URL or lead email. */
  search?: string;
  limit?: number;
  startingAfter?: string;
}

export interface ReplyInput {
  /** The connected mailbox to send from, normally the original email's `eaccount`. */
  eaccount: string;
  /** The Instantly id of the email being answered. */
  replyToUuid: string;
  subject: string;
  body: { text?: string; html?: string };
}

export interface InstantlyClient {
  getEmail(id: string): Promise<InstantlyEmail>;
  listEmails(filters?: ListEmailsFilters): Promise<Page<InstantlyEmail>>;
  /** Follows the cursor for at most `maxPages` pages (the list endpoint is rate-limited). */
  listAllEmails(filters?: ListEmailsFilters, maxPages?: number): Promise<InstantlyEmail[]>;
  listWebhookEvents(filters?: ListWebhookEventsFilters): Promise<Page<InstantlyWebhookEvent>>;
  replyToEmail(input: ReplyInput): Promise<InstantlyEmail>;
}

/** Marks a reply whose fate is unknown (timeout, dropped connection, 5xx): it may have been sent. */
class ReplyOutcomeUnknown extends Error {}

/**
 * True when a failed reply might nonetheless have gone out. The respond step must then look for the
 * sent reply in the thread (listEmails with threadId) before trying again, never just re-send.
 */
export function isReplyOutcomeUnknown(error: unknown): boolean {
  return error instanceof AppError && error.cause instanceof ReplyOutcomeUnknown;
}

type Query = Record<string, string | number | boolean | undefined>;

export function createInstantlyClient(options: InstantlyClientOptions): InstantlyClient {
  const base = (options.baseURL ?? DEFAULT_INSTANTLY_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const emailPage = listResponseSchema(instantlyEmailSchema);
  const webhookEventPage = listResponseSchema(instantlyWebhookEventSchema);

  async function call<T extends z.ZodType>(
    what: string,
    schema: T,
    init: { method: 'GET' | 'POST'; path: string; query?: Query; body?: unknown },
  ): Promise<z.infer<T>> {
    const url = new URL(`${base}${init.path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const isReply = init.method === 'POST';
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw networkError(what, error, isReply);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw httpError(what, response.status, text, isReply, response.headers.get('retry-after'));
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AppError('UPSTREAM', `Instantly ${what}: response is not JSON`, { retryable: !isReply, cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // A 2xx to a reply means it was sent: retrying on an unreadable body would send it twice.
      throw new AppError('UPSTREAM', `Instantly ${what}: unexpected response (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`, {
        retryable: false,
      });
    }
    return parsed.data;
  }

  const toPage = <T>(page: { items: T[]; next_starting_after?: string | null | undefined }): Page<T> => ({
    items: page.items,
    nextStartingAfter: page.next_starting_after ?? null,
  });

  async function listEmails(filters: ListEmailsFilters = {}): Promise<Page<InstantlyEmail>> {
    const query: Query = {
      email_type: filters.emailType,
      lead: filters.lead,
      search: filters.threadId === undefined ? undefined : `thread:${filters.threadId}`,
      campaign_id: filters.campaignId,
      eaccount: filters.eaccount,
      min_timestamp_created: filters.minTimestampCreated,
      max_timestamp_created: filters.maxTimestampCreated,
      sort_order: filters.sortOrder,
      preview_only: filters.previewOnly,
      limit: filters.limit,
      starting_after: filters.startingAfter,
    };
    return toPage(await call('list emails', emailPage, { method: 'GET', path: '/api/v2/emails', query }));
  }

  return {
    getEmail: (id) => call('get email', instantlyEmailSchema, { method: 'GET', path: `/api/v2/emails/${encodeURIComponent(id)}` }),
    listEmails,
    async listAllEmails(filters = {}, maxPages = 10) {
      const all: InstantlyEmail[] = [];
      let cursor = filters.startingAfter;
      for (let page = 0; page < maxPages; page += 1) {
        const result = await listEmails({ ...filters, ...(cursor === undefined ? {} : { startingAfter: cursor }) });
        all.push(...result.items);
        if (result.nextStartingAfter === null || result.items.length === 0) break;
        cursor = result.nextStartingAfter;
      }
      return all;
    },
    async listWebhookEvents(filters = {}) {
      const query: Query = {
        success: filters.success,
        from: filters.from,
        to: filters.to,
        search: filters.search,
        limit: filters.limit,
        starting_after: filters.startingAfter,
      };
      return toPage(await call('list webhook events', webhookEventPage, { method: 'GET', path: '/api/v2/webhook-events', query }));
    },
    replyToEmail: (input) =>
      call('reply', instantlyEmailSchema, {
        method: 'POST',
        path: '/api/v2/emails/reply',
        body: { eaccount: input.eaccount, reply_to_uuid: input.replyToUuid, subject: input.subject, body: input.body },
      }),
  };
}

function networkError(what: string, error: unknown, isReply: boolean): AppError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const refused = hasCode(error, 'ECONNREFUSED');
  const message = timedOut ? `Instantly ${what}: timed out` : `Instantly ${what}: network error`;
  // A refused connection never reached Instantly; anything else may have delivered the reply.
  const cause = isReply && !refused ? new ReplyOutcomeUnknown(message, { cause: error }) : error;
  return new AppError('UNAVAILABLE', message, { retryable: true, cause });
}

/** The cause of a 429: how long Instantly asked us to wait (its Retry-After), when it said. */
export class RateLimited extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'RateLimited';
  }
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** How long a rate-limited call asked to wait before the next (null: not a 429, or no Retry-After). */
export function retryAfterOf(error: unknown): number | null {
  return error instanceof AppError && error.cause instanceof RateLimited ? error.cause.retryAfterMs : null;
}

/** True when the error is Instantly's 429. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof AppError && error.cause instanceof RateLimited;
}

function httpError(what: string, status: number, body: string, isReply: boolean, retryAfter: string | null = null): AppError {
  const detail = body.slice(0, 200);
  const message = `Instantly ${what}: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  if (status === 429) return new AppError('UNAVAILABLE', message, { retryable: true, cause: new RateLimited(message, parseRetryAfter(retryAfter)) });
  if (status >= 500) {
    const cause = isReply ? new ReplyOutcomeUnknown(message) : undefined;
    return new AppError('UPSTREAM', message, { retryable: true, cause });
  }
  if (status === 401 || status === 403) return new AppError('UNAUTHORIZED', message, { retryable: false });
  if (status === 404) return new AppError('NOT_FOUND', message, { retryable: false });
  if (status === 400 || status === 422) return new AppError('VALIDATION', message, { retryable: false });
  return new AppError('PERMANENT', message, { retryable: false });
}

function hasCode(error: unknown, code: string): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
