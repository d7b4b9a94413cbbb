/**
 * `npm run cli -- campaign …`: prospecting campaigns from the shell, through the running service's API
 * (the chain runs in its workers): start one and watch its progress until it waits for approval, show
 * its prospects kept and dropped with their reasons, approve its emails, list them.
 *
 *   campaign serp --workspace ws_… --keyword "…" --our-content https://… [--mailbox mbx_… | --instantly-campaign <id>]
 *   campaign competitor --workspace ws_… --competitor rival.com --our-content https://… …
 *   campaign import --workspace ws_… (--domains a.com,b.com | --file prospects.json) --our-content https://… …
 *   campaign show scmp_… [--json]      campaign approve scmp_… [--outreach out_…,out_…] [--json]      campaign list [--workspace ws_…]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';

export const CAMPAIGN_USAGE = `  campaign serp --workspace <ws_…> --keyword <text> --our-content <url> (--mailbox <mbx_…> | --instantly-campaign <id>)
        [--angle <text>] [--from-name <name>] [--location <name>] [--language en] [--depth 20]
        [--min-dr N] [--max-dr N] [--max-prospects N] [--skip-contacted-days N] [--exclude a.com,b.com]
                                            start a SERP campaign and show its progress until it waits for approval
  campaign competitor --workspace <ws_…> --competitor <domain> --our-content <url> (--mailbox … | --instantly-campaign …) [same options]
  campaign import --workspace <ws_…> (--domains a.com,b.com | --file <prospects.json>) --our-content <url> (--mailbox … | …)
                                            a list you already have ({domain, email?, firstName?, ...} objects, or domains)
  campaign show <scmp_…> [--json]           counts, cost, and every prospect kept or dropped with its reason
  campaign approve <scmp_…> [--outreach out_…,out_…] [--json]
                                            approve its waiting emails (each re-checked when sent)
  campaign list [--workspace <ws_…>]
        These call the running service: --api-url (or LB_API_URL; default PUBLIC_URL, else http://localhost:PORT)
        and --api-key (or LB_API_KEY).
`;

export class CampaignCliError extends Error {}

interface CampaignView {
  id: string;
  kind: string;
  status: string;
  step: string;
  error: string | null;
  input: Record<string, unknown>;
  counts: Record<string, number>;
  cost: Record<string, { calls: number; units: number }>;
}

interface ProspectView {
  domain: string;
  rank: number | null;
  domainRating: number | null;
  kept: boolean | null;
  reason: string | null;
  reasonDetail: string | null;
  statusReason: string | null;
  contact: { email: string; name: string | null; position: string | null } | null;
  outreachId: string | null;
  status: string;
}

const OPTIONS = {
  workspace: { type: 'string' }, keyword: { type: 'string' }, competitor: { type: 'string' }, domains: { type: 'string' }, file: { type: 'string' },
  'our-content': { type: 'string' }, mailbox: { type: 'string' }, 'instantly-campaign': { type: 'string' }, angle: { type: 'string' },
  'from-name': { type: 'string' }, location: { type: 'string' }, language: { type: 'string' }, depth: { type: 'string' },
  'min-dr': { type: 'string' }, 'max-dr': { type: 'string' }, 'max-prospects': { type: 'string' }, 'skip-contacted-days': { type: 'string' },
  exclude: { type: 'string' }, outreach: { type: 'string' }, json: { type: 'boolean' }, 'no-wait': { type: 'boolean' },
  'api-url': { type: 'string' }, 'api-key': { type: 'string' },
} as const;

const STEPS = ['research', 'enrich', 'filter', 'discover', 'draft'];
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

function apiOf(config: Config, url: string | undefined, key: string | undefined): Api {
  const base = (url ?? config.LB_API_URL ?? config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
  const apiKey = key ?? config.LB_API_KEY;
  if (!apiKey) throw new CampaignCliError('an API key is needed: --api-key or LB_API_KEY (npm run cli -- api-key create --agency ag_…)');
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}/v1/link-building${path}`, {
        method, headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      throw new CampaignCliError(`cannot reach the service at ${base} (${e instanceof Error ? e.message : String(e)}); is it running? (--api-url)`);
    }
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : null) as T & { error?: { message: string; field?: string } };
    if (!res.ok) throw new CampaignCliError(`${res.status}: ${parsed?.error?.message ?? text}`);
    return parsed;
  };
}

async function prospectsOf(api: Api, id: string): Promise<ProspectView[]> {
  const out: ProspectView[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: ProspectView[]; nextCursor: string | null } = await api('GET', `/campaigns/${id}/prospects?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** One line of progress: the chain's step as a bar, and the counts so far. */
export function progressLine(c: CampaignView): string {
  const at = c.step === 'done' ? STEPS.length : Math.max(0, STEPS.indexOf(c.step));
  const bar = STEPS.map((s, i) => (i < at ? '█' : i === at && c.status === 'RUNNING' ? '▒' : '░')).join('');
  const n = c.counts;
  return `[${bar}] ${c.status === 'RUNNING' ? c.step.padEnd(8) : c.status}  found ${n['found']} · kept ${n['kept']} · dropped ${n['dropped']} · no contact ${n['noContact']} · drafted ${n['drafted']}`;
}

export function describeCampaign(c: CampaignView, prospects: readonly ProspectView[]): string {
  const what = typeof c.input['keyword'] === 'string' ? `"${c.input['keyword']}"` : typeof c.input['competitorDomain'] === 'string' ? c.input['competitorDomain'] : 'imported list';
  const n = c.counts;
  const cost = Object.entries(c.cost).map(([p, x]) => `${p} ${x.calls} calls / ${x.units} units`).join('; ') || 'nothing';
  const lines = [
    `${c.id}  ${c.kind} ${what}  ${c.status}`,
    `found ${n['found']} · kept ${n['kept']} · dropped ${n['dropped']} · no contact ${n['noContact']} · drafted ${n['drafted']} · approved ${n['approved']} · sent ${n['sent']}`,
    `cost: ${cost}`,
    ...(c.error ? [`error: ${c.error}`] : []),
  ];
  const kept = prospects.filter((p) => p.kept);
  const dropped = prospects.filter((p) => p.kept === false);
  const dr = (p: ProspectView) => (p.domainRating === null ? 'DR ?' : `DR ${p.domainRating}`);
  lines.push('', `KEPT (${kept.length})`);
  for (const p of kept) {
    const who = p.contact ? `${p.contact.email}${p.contact.name ? ` (${p.contact.name}${p.contact.position ? `, ${p.contact.position}` : ''})` : ''}` : '—';
    const why = p.statusReason ? ` — ${p.statusReason}` : p.reason === 'CONTACTED_BY_OTHER_ORG' ? ' — another workspace has contacted them' : '';
    lines.push(`  ${p.rank === null ? '  ' : String(p.rank).padStart(2)}  ${p.domain}  ${dr(p)}  ${p.status}  ${who}${p.outreachId ? `  ${p.outreachId}` : ''}${why}`);
  }
  lines.push('', `DROPPED (${dropped.length})`);
  for (const p of dropped) lines.push(`      ${p.domain}  ${p.reason}${p.reasonDetail ? ` — ${p.reasonDetail}` : ''}`);
  return lines.join('\n');
}

async function bodyOf(kind: string, v: Record<string, string | boolean | undefined>): Promise<Record<string, unknown>> {
  const s = (k: string) => v[k] as string | undefined;
  const filters = Object.fromEntries(
    Object.entries({
      minDomainRating: num(s('min-dr')), maxDomainRating: num(s('max-dr')), maxProspects: num(s('max-prospects')),
      skipContactedWithinDays: num(s('skip-contacted-days')), excludeDomains: list(s('exclude')),
    }).filter(([, x]) => x !== undefined),
  );
  const pitch = Object.fromEntries(
    Object.entries({ ourContent: s('our-content'), mailboxId: s('mailbox'), instantlyCampaignId: s('instantly-campaign'), angle: s('angle'), fromName: s('from-name') }).filter(([, x]) => x !== undefined),
  );
  const common = { workspaceId: s('workspace'), filters, pitch };
  if (kind === 'serp') return { ...common, keyword: s('keyword'), location: s('location'), language: s('language'), depth: num(s('depth')) };
  if (kind === 'competitor') return { ...common, competitorDomain: s('competitor') };
  if (s('file')) {
    const raw = await readFile(s('file')!, 'utf8');
    const parsed: unknown = raw.trim().startsWith('[') ? JSON.parse(raw) : raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const items = parsed as unknown[];
    return typeof items[0] === 'string' ? { ...common, domains: items } : { ...common, prospects: items };
  }
  return { ...common, domains: list(s('domains')) };
}

const PATHS: Record<string, string> = { serp: '/serp_outreach', competitor: '/competitor_outreach', import: '/campaigns/import' };

export async function campaignCli(config: Config, args: string[], out: { log: (s: string) => void; progress: (s: string) => void; progressEnd?: () => void }, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const [verb, id] = positionals;
  const api = apiOf(config, values['api-url'], values['api-key']);
  if (verb === 'serp' || verb === 'competitor' || verb === 'import') {
    let c = await api<CampaignView>('POST', PATHS[verb]!, await bodyOf(verb, values));
    out.progress(`${c.id} started`);
    if (values['no-wait']) {
      out.log(JSON.stringify(c, null, 2));
      return 0;
    }
    let last = '';
    for (;;) {
      const line = progressLine(c);
      if (line !== last) out.progress(line);
      last = line;
      if (c.status !== 'RUNNING') break;
      await sleep(1000);
      c = await api<CampaignView>('GET', `/campaigns/${c.id}`);
    }
    out.progressEnd?.();
    out.log(describeCampaign(c, await prospectsOf(api, c.id)));
    if (c.status === 'WAITING_APPROVAL') out.log(`\nReview the drafts, then: npm run cli -- campaign approve ${c.id}`);
    return c.status === 'FAILED' ? 1 : 0;
  }
  if (verb === 'show') {
    if (!id) throw new CampaignCliError('missing campaign id');
    const c = await api<CampaignView>('GET', `/campaigns/${id}`);
    const prospects = await prospectsOf(api, id);
    out.log(values.json ? JSON.stringify({ ...c, prospects }, null, 2) : describeCampaign(c, prospects));
    return 0;
  }
  if (verb === 'approve') {
    if (!id) throw new CampaignCliError('missing campaign id');
    const r = await api<{ approved: string[]; skipped: Array<{ outreachId: string; reason: string }>; campaign: CampaignView }>(
      'POST', `/campaigns/${id}/approve`, values.outreach ? { outreachIds: list(values.outreach) } : {},
    );
    if (values.json) {
      out.log(JSON.stringify(r, null, 2));
      return 0;
    }
    out.log(`approved ${r.approved.length}${r.approved.length ? `: ${r.approved.join(', ')}` : ''}`);
    for (const s of r.skipped) out.log(`skipped ${s.outreachId}: ${s.reason}`);
    const n = r.campaign.counts;
    out.log(`${r.campaign.id}  ${r.campaign.status}  drafted ${n['drafted']} · approved ${n['approved']} · sent ${n['sent']}`);
    if (r.approved.length) out.log(`Each is re-checked (DNC, cooling off) as it goes out; follow the sends with: npm run cli -- campaign show ${id}`);
    return 0;
  }
  if (verb === 'list') {
    const r = await api<{ data: CampaignView[] }>('GET', `/campaigns${values.workspace ? `?workspaceId=${values.workspace}` : ''}`);
    for (const c of r.data) out.log(`${c.id}  ${c.kind.padEnd(10)} ${c.status.padEnd(16)} ${progressLine(c)}`);
    return 0;
  }
  throw new CampaignCliError(`unknown campaign command: ${verb ?? '(none)'}`);
}
