/** The console's pages beyond sign-in and approvals: a partner's thread, a workspace's pipeline, the inbound list. */
import type { Request, Response } from 'express';
import type { Db } from '../db/types.ts';
import type { EnqueueInTx } from '../ingest/ports.ts';
import { campaignList, loadCampaignView } from './db/campaign-view.ts';
import { approveCampaign } from '../outbound/approve-campaign.ts';
import { renderCampaignListPage, renderCampaignPage } from './views/campaign-page.ts';
import { INTENTS } from '../classify/types.ts';
import { DECISION_ACTIONS } from '../gates/types.ts';
import { RELATIONSHIP_STATUSES, type RelationshipStatus } from '../crm/types.ts';
import { getRelationship } from '../crm/db/relationships.ts';
import { appendEvent } from '../crm/append-event.ts';
import { listInbound } from '../ingest/db/inbound.ts';
import { isAppError } from '../errors.ts';
import { loadPartnerThread } from './db/partner-thread.ts';
import { domainsOf, loadPipeline } from './db/pipeline.ts';
import { renderPartnerPage } from './views/partner-page.ts';
import { renderPipelinePage } from './views/pipeline-page.ts';
import { renderInboundPage, type InboundFilters } from './views/inbound-page.ts';
import type { Banner } from './views/layout.ts';
import { notFoundPage, param, sendHtml, signedIn } from './respond.ts';

export interface PageRoute {
  method: 'get' | 'post';
  path: string;
  handler: (req: Request, res: Response) => Promise<void>;
}

const queryString = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

export function consolePageRoutes(deps: { db: Db; enqueue: EnqueueInTx; now: () => Date }): PageRoute[] {
  const { db } = deps;
  return [
    {
      method: 'get', path: '/partners/:accountId',
      handler: async (req, res) => {
        const s = signedIn(res);
        const thread = await loadPartnerThread(db, param(req, 'accountId'), s.session.workspaces);
        if (!thread) return notFoundPage(res, 'partner');
        sendHtml(res, 200, renderPartnerPage({ session: s.shell, thread, now: deps.now() }));
      },
    },
    {
      method: 'get', path: '/pipeline',
      handler: async (req, res) => {
        const s = signedIn(res);
        const asked = queryString(req, 'workspaceId');
        if (asked && !s.workspaceIds.includes(asked)) return notFoundPage(res, 'workspace');
        const workspaceId = asked ?? s.workspaceIds[0] ?? null;
        const data = workspaceId ? await loadPipeline(db, workspaceId) : { counts: {}, rows: [] };
        const moved = queryString(req, 'moved');
        const movedRow = moved ? data.rows.find((r) => r.id === moved) : undefined;
        const banner: Banner | null = movedRow ? { kind: 'success', text: `${movedRow.domain} is now ${movedRow.status}.` } : null;
        sendHtml(res, 200, renderPipelinePage({ session: s.shell, workspaces: s.session.workspaces, workspaceId, ...data, banner }));
      },
    },
    {
      method: 'post', path: '/pipeline/status',
      handler: async (req, res) => {
        const s = signedIn(res);
        const body = req.body as Record<string, unknown>;
        const status = body['status'];
        const relationshipId = typeof body['relationshipId'] === 'string' ? body['relationshipId'] : '';
        const rel = relationshipId ? await getRelationship(db, relationshipId, s.workspaceIds) : null;
        if (!rel) return notFoundPage(res, 'relationship');
        if (typeof status !== 'string' || !RELATIONSHIP_STATUSES.includes(status as RelationshipStatus)) {
          const data = await loadPipeline(db, rel.organizationId);
          return sendHtml(res, 400, renderPipelinePage({
            session: s.shell, workspaces: s.session.workspaces, workspaceId: rel.organizationId, ...data,
            banner: { kind: 'error', text: 'status: choose one of the pipeline statuses; nothing was changed.' },
          }));
        }
        // The CRM's one way to change a status: an appended STATUS_CHANGED event (as PATCH /crm/relationship does).
        await db.transaction(async (tx) => {
          const current = await getRelationship(tx, rel.id);
          if (current && current.status !== status) {
            await appendEvent(tx, {
              relationshipId: rel.id, type: 'STATUS_CHANGED', occurredAt: deps.now(),
              metadata: { from: current.status, to: status, by: s.session.person, channel: 'console' },
            });
          }
        });
        res.status(303).location(`/console/pipeline?workspaceId=${encodeURIComponent(rel.organizationId)}&moved=${encodeURIComponent(rel.id)}`).end();
      },
    },
    {
      method: 'get', path: '/campaigns',
      handler: async (_req, res) => {
        const s = signedIn(res);
        const campaigns = await campaignList(db, s.workspaceIds);
        sendHtml(res, 200, renderCampaignListPage({ session: s.shell, campaigns, workspaceNames: Object.fromEntries(s.session.workspaces.map((w) => [w.id, w.name])) }));
      },
    },
    {
      method: 'get', path: '/campaigns/:id',
      handler: async (req, res) => {
        const s = signedIn(res);
        const view = await loadCampaignView(db, param(req, 'id'), s.workspaceIds);
        if (!view) return notFoundPage(res, 'campaign');
        const approved = Number(queryString(req, 'approved') ?? NaN);
        const skipped = Number(queryString(req, 'skipped') ?? NaN);
        const banner: Banner | null = Number.isInteger(approved)
          ? { kind: approved > 0 ? 'success' : 'warn', text: `Approved ${approved} email${approved === 1 ? '' : 's'}${skipped > 0 ? `; ${skipped} skipped (already decided or not waiting)` : ''}. Each is checked again when it is sent.` }
          : null;
        const workspaceName = s.session.workspaces.find((w) => w.id === view.campaign.workspaceId)?.name ?? view.campaign.workspaceId;
        sendHtml(res, 200, renderCampaignPage({ session: s.shell, view, workspaceName, banner }));
      },
    },
    {
      method: 'post', path: '/campaigns/:id/approve',
      handler: async (req, res) => {
        const s = signedIn(res);
        const id = param(req, 'id');
        const view = await loadCampaignView(db, id, s.workspaceIds);
        if (!view) return notFoundPage(res, 'campaign');
        const workspaceName = s.session.workspaces.find((w) => w.id === view.campaign.workspaceId)?.name ?? view.campaign.workspaceId;
        const body = req.body as Record<string, unknown>;
        const raw = body['outreachIds'];
        const selected = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string');
        if (body['action'] !== 'all' && body['action'] !== 'selected') {
          return sendHtml(res, 400, renderCampaignPage({ session: s.shell, view, workspaceName, banner: { kind: 'error', text: 'Choose Approve selected or Approve all; nothing was changed.' } }));
        }
        if (body['action'] === 'selected' && !selected.length) {
          return sendHtml(res, 400, renderCampaignPage({ session: s.shell, view, workspaceName, banner: { kind: 'error', text: 'outreachIds: select at least one email; nothing was changed.' } }));
        }
        const outreachIds = body['action'] === 'all' ? undefined : selected;
        const out = await approveCampaign({ db, enqueue: deps.enqueue, now: deps.now() }, id, { channel: 'console', actor: s.session.person }, outreachIds, 'skip');
        res.status(303).location(`/console/campaigns/${encodeURIComponent(id)}?approved=${out.approved.length}&skipped=${out.skipped.length}`).end();
      },
    },
    {
      method: 'get', path: '/inbound',
      handler: async (req, res) => {
        const s = signedIn(res);
        const filters: InboundFilters = {
          workspaceId: queryString(req, 'workspaceId'), intent: queryString(req, 'intent'), decision: queryString(req, 'decision'), q: queryString(req, 'q')?.slice(0, 200),
        };
        if (filters.workspaceId && !s.workspaceIds.includes(filters.workspaceId)) return notFoundPage(res, 'workspace');
        const problems: string[] = [];
        if (filters.intent && !(INTENTS as readonly string[]).includes(filters.intent)) problems.push(`intent: ${filters.intent} is not an intent`);
        if (filters.decision && !(DECISION_ACTIONS as readonly string[]).includes(filters.decision)) problems.push(`decision: ${filters.decision} is not a decision`);
        if (problems.length) {
          return sendHtml(res, 400, renderInboundPage({ session: s.shell, workspaces: s.session.workspaces, filters: {}, items: [], domains: new Map(), nextCursor: null, banner: { kind: 'error', text: problems.join('; ') } }));
        }
        const workspaceIds = filters.workspaceId ? [filters.workspaceId] : s.workspaceIds;
        let page;
        try {
          page = workspaceIds.length
            ? await listInbound(db, {
              workspaceIds, limit: 50,
              ...(filters.intent ? { intent: filters.intent } : {}), ...(filters.decision ? { decision: filters.decision } : {}), ...(filters.q ? { q: filters.q } : {}),
              ...(queryString(req, 'cursor') ? { cursor: queryString(req, 'cursor')! } : {}),
            })
            : { data: [], nextCursor: null };
        } catch (e) {
          if (isAppError(e) && e.code === 'VALIDATION') {
            return sendHtml(res, 400, renderInboundPage({ session: s.shell, workspaces: s.session.workspaces, filters, items: [], domains: new Map(), nextCursor: null, banner: { kind: 'error', text: e.message } }));
          }
          throw e;
        }
        const domains = await domainsOf(db, [...new Set(page.data.map((m) => m.accountId).filter((x): x is string => !!x))]);
        sendHtml(res, 200, renderInboundPage({ session: s.shell, workspaces: s.session.workspaces, filters, items: page.data, domains, nextCursor: page.nextCursor }));
      },
    },
  ];
}
