/**
 * A local fake of the Instantly API v2 endpoints we call, on 127.0.0.1 port 0: emails (get, list with
 * filters and `starting_after` cursor pages), the webhook delivery log, POST /api/v2/emails/reply, and
 * POST /api/v2/leads (a lead added to a campaign; with `skip_if_in_workspace: true` an address already
 * in the workspace is skipped, as Instantly does). Seed it with emails and deliveries; inject failures
 * per request; read `replies`, `leads` and `requests` back.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InstantlyEmail, InstantlyWebhookEvent } from '../../src/ingest/instantly/api-types.ts';

export type FakeFault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'not-json' }
  | { kind: 'wrong-shape' }
  | { kind: 'drop-connection' };

export interface RecordedInstantlyRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface SentReply {
  eaccount: string;
  reply_to_uuid: string;
  subject: string;
  body: { text?: string; html?: string };
}

/** A lead as POST /api/v2/leads stored it. */
export interface AddedLead {
  id: string;
  campaign: string;
  email: string;
  first_name?: string | null;
  last_name?: string | null;
  website?: string | null;
  personalization?: string | null;
}

export interface FakeInstantlyServer {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly emails: InstantlyEmail[];
  readonly webhookEvents: InstantlyWebhookEvent[];
  readonly replies: SentReply[];
  /** Leads added, one per address in the workspace. */
  readonly leads: AddedLead[];
  readonly requests: RecordedInstantlyRequest[];
  /** The most requests the fake was answering at once. */
  readonly maxInFlight: number;
  /** Faults applied to the next matching requests, one each, in order. */
  injectFault(fault: FakeFault, match?: { method?: string; pathPrefix?: string }, times?: number): void;
  close(): Promise<void>;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

export function fakeEmail(overrides: Partial<InstantlyEmail> & { id: string }): InstantlyEmail {
  return {
    thread_id: `thread-${overrides.id}`,
    message_id: `<${overrides.id}@blog.example>`,
    subject: 'Re: Guest post idea',
    body: { text: 'Sounds good.', html: '<p>Sounds good.</p>' },
    from_address_email: 'editor@blog.example',
    to_address_email_list: 'outreach@agency.example',
    eaccount: 'outreach@agency.example',
    lead: 'editor@blog.example',
    campaign_id: 'camp-1',
    ue_type: 2,
    is_auto_reply: 0,
    timestamp_email: '2025-03-01T10:00:00.000Z',
    timestamp_created: '2025-03-01T10:00:05.000Z',
    ...overrides,
  };
}

/** An email Instantly sent (ue_type 1, a campaign send) to `lead`: what confirms an `email_sent` webhook. */
export function fakeSentEmail(id: string, lead: string, overrides: Partial<InstantlyEmail> = {}): InstantlyEmail {
  return fakeEmail({ id, ue_type: 1, lead, to_address_email_list: lead, from_address_email: 'outreach@agency.example', subject: 'Guest post idea', ...overrides });
}

export async function startFakeInstantly(seed: { emails?: InstantlyEmail[]; webhookEvents?: InstantlyWebhookEvent[]; apiKey?: string } = {}): Promise<FakeInstantlyServer> {
  const apiKey = seed.apiKey ?? 'instantly-test-key';
  const emails = [...(seed.emails ?? [])];
  const webhookEvents = [...(seed.webhookEvents ?? [])];
  const replies: SentReply[] = [];
  const leads: AddedLead[] = [];
  const requests: RecordedInstantlyRequest[] = [];
  const faults: Array<{ fault: FakeFault; method?: string; pathPrefix?: string }> = [];

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const takeFault = (method: string, path: string): FakeFault | null => {
    const index = faults.findIndex((f) => (!f.method || f.method === method) && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
    return index < 0 ? null : (faults.splice(index, 1)[0]?.fault ?? null);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseJsonOrText(raw);
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });

    let fault = takeFault(method, url.pathname);
    while (fault?.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault && fault.kind === 'delay' ? fault.ms : 0));
      if (res.destroyed) return;
      fault = takeFault(method, url.pathname);
    }
    if (fault?.kind === 'drop-connection') return void req.socket.destroy();
    if (fault?.kind === 'status') {
      for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
      return void json(res, fault.status, fault.body ?? { error: `fake ${fault.status}` });
    }
    if (fault?.kind === 'not-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('<html>gateway</html>');
    }
    if (fault?.kind === 'wrong-shape') return void json(res, 200, { unexpected: true });

    if (req.headers.authorization !== `Bearer ${apiKey}`) return void json(res, 401, { error: 'Unauthorized' });

    if (method === 'GET' && url.pathname === '/api/v2/emails') return void json(res, 200, listEmails(url.searchParams));
    if (method === 'GET' && url.pathname.startsWith('/api/v2/emails/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/v2/emails/'.length));
      const email = emails.find((e) => e.id === id);
      return void (email ? json(res, 200, email) : json(res, 404, { error: 'Email not found' }));
    }
    if (method === 'GET' && url.pathname === '/api/v2/webhook-events') return void json(res, 200, listWebhookEvents(url.searchParams));
    if (method === 'POST' && url.pathname === '/api/v2/emails/reply') return void reply(res, body);
    if (method === 'POST' && url.pathname === '/api/v2/leads') return void addLead(res, body);
    json(res, 404, { error: 'Not found' });
  };

  const paginate = <T extends { id: string }>(items: T[], params: URLSearchParams) => {
    const limit = Math.min(Number(params.get('limit') ?? DEFAULT_LIMIT) || DEFAULT_LIMIT, MAX_LIMIT);
    const after = params.get('starting_after');
    const start = after ? items.findIndex((item) => item.id === after) + 1 : 0;
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    return { items: page, next_starting_after: more ? (page[page.length - 1]?.id ?? null) : null };
  };

  const listEmails = (params: URLSearchParams) => {
    const type = params.get('email_type');
    const lead = params.get('lead');
    const search = params.get('search');
    const min = params.get('min_timestamp_created');
    const max = params.get('max_timestamp_created');
    const created = (e: InstantlyEmail) => Date.parse(e.timestamp_created ?? '');
    const matching = emails
      .filter((e) => (type === 'received' ? e.ue_type === 2 : type === 'sent' ? e.ue_type === 1 || e.ue_type === 3 : true))
      .filter((e) => !lead || e.lead === lead)
      .filter((e) => !search || (search.startsWith('thread:') ? e.thread_id === search.slice(7) : e.lead === search))
      .filter((e) => !params.get('campaign_id') || e.campaign_id === params.get('campaign_id'))
      .filter((e) => !min || created(e) >= Date.parse(min))
      .filter((e) => !max || created(e) <= Date.parse(max))
      .sort((a, b) => (params.get('sort_order') === 'asc' ? created(a) - created(b) : created(b) - created(a)));
    return paginate(matching, params);
  };

  const listWebhookEvents = (params: URLSearchParams) => {
    const success = params.get('success');
    const matching = webhookEvents
      .filter((e) => success === null || String(e.success) === success)
      .filter((e) => !params.get('search') || e.lead_email === params.get('search') || e.webhook_url === params.get('search'))
      .sort((a, b) => Date.parse(b.timestamp_created ?? '') - Date.parse(a.timestamp_created ?? ''));
    return paginate(matching, params);
  };

  const reply = (res: ServerResponse, body: unknown) => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Partial<SentReply>;
    for (const field of ['eaccount', 'reply_to_uuid', 'subject'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') return json(res, 400, { error: `${field} is required` });
    }
    if (!input.body || (typeof input.body.text !== 'string' && typeof input.body.html !== 'string')) {
      return json(res, 400, { error: 'body.text or body.html is required' });
    }
    const original = emails.find((e) => e.id === input.reply_to_uuid);
    if (!original) return json(res, 404, { error: 'Email to reply to not found' });
    const sent = { ...input, body: input.body } as SentReply;
    replies.push(sent);
    const stored = fakeEmail({
      id: randomUUID(),
      thread_id: original.thread_id ?? null,
      subject: sent.subject,
      body: { text: sent.body.text ?? null, html: sent.body.html ?? null },
      from_address_email: sent.eaccount,
      to_address_email_list: original.from_address_email ?? original.lead ?? null,
      eaccount: sent.eaccount,
      lead: original.lead ?? null,
      ue_type: 3,
      timestamp_email: new Date().toISOString(),
      timestamp_created: new Date().toISOString(),
    });
    emails.push(stored);
    json(res, 200, stored);
  };

  const addLead = (res: ServerResponse, body: unknown) => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof input['email'] !== 'string' || !input['email'].includes('@')) return json(res, 400, { statusCode: 400, error: 'Bad Request', message: 'body/email must match format "email"' });
    if (typeof input['campaign'] !== 'string' || !input['campaign']) return json(res, 400, { statusCode: 400, error: 'Bad Request', message: 'campaign is required' });
    const email = input['email'].toLowerCase();
    const existing = leads.find((l) => l.email === email);
    if (existing && input['skip_if_in_workspace'] === true) return json(res, 200, { ...existing, status: 1 });
    const lead: AddedLead = {
      id: randomUUID(), campaign: input['campaign'], email,
      first_name: (input['first_name'] as string | null | undefined) ?? null, last_name: (input['last_name'] as string | null | undefined) ?? null,
      website: (input['website'] as string | null | undefined) ?? null, personalization: (input['personalization'] as string | null | undefined) ?? null,
    };
    leads.push(lead);
    json(res, 200, { ...lead, status: 1, timestamp_created: new Date().toISOString() });
  };

  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    apiKey,
    emails,
    webhookEvents,
    replies,
    leads,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    injectFault: (fault, match = {}, times = 1) => {
      for (let i = 0; i < times; i += 1) faults.push({ fault, ...match });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJsonOrText(raw: string): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
