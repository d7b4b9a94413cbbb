/**
 * Prospecting campaigns under /v1/link-building (SPEC section 8): start one from a keyword, a competitor
 * or a list (202, RUNNING; a chain of jobs does the work), follow it, read its prospects with the reason
 * each was kept or dropped, and approve its first emails in one action. Another agency's campaign is a 404.
 */
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { route } from '../route.ts';
import { notFound } from '../errors.ts';
import { idParam } from '../schemas/common.ts';
import { visibleWorkspaces } from './crm-relationships.ts';
import { startCampaign } from '../../outbound/start-campaign.ts';
import { approveCampaign } from '../../outbound/approve-campaign.ts';
import { getCampaign, listCampaigns, publicCampaigns } from '../../outbound/db/campaigns-db.ts';
import { prospectPage } from '../../outbound/db/prospects-db.ts';
import type { CampaignInput } from '../../outbound/types.ts';
import type { MissingProvider } from '../../outbound/missing-provider.ts';
import {
  approveCampaignBody, approveCampaignResponse, campaignResponse, campaignsPage, campaignsQuery, competitorBody, importBody, prospectsPage, prospectsQuery, serpBody,
} from './campaigns-schemas.ts';

export interface CampaignsRoutesDeps {
  db: Db;
  enqueue: EnqueueInTx;
  /** The 400 naming the provider keys a campaign of this input needs (and its field), or null. */
  missingProvider: (input: CampaignInput) => MissingProvider | null;
  now?: () => Date;
}


export function campaignsRoutes(deps: CampaignsRoutesDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const start = async (access: Parameters<typeof startCampaign>[1], workspaceId: string, input: CampaignInput) => {
    const c = await startCampaign({ db, enqueue: deps.enqueue, missingProvider: deps.missingProvider, now: now() }, access, workspaceId, input);
    return (await publicCampaigns(db, [c]))[0];
  };
  // The status is read from its emails: one decided one at a time (Slack, the emailed page, /approvals)
  // finishes the campaign as the campaign-wide approve does (src/outbound/db/campaigns-db.ts).
  const show = async (id: string, workspaceIds: readonly string[]) => {
    const c = await getCampaign(db, id, workspaceIds);
    if (!c) throw notFound('campaign');
    return (await publicCampaigns(db, [c]))[0];
  };
  return [
    route({
      method: 'post', path: '/serp_outreach', tag: 'Campaigns', auth: 'apiKey', status: 202,
      summary: "Start a SERP campaign: the keyword's top results → filtered partner domains → one revealed contact each → personalised first emails waiting for approval. " +
        '202 RUNNING; a 400 names a missing provider key',
      body: serpBody, response: campaignResponse,
      handler: async ({ body, access }) => {
        const { workspaceId, ...rest } = body;
        return start(access, workspaceId, { kind: 'SERP', ...rest });
      },
    }),
    route({
      method: 'post', path: '/competitor_outreach', tag: 'Campaigns', auth: 'apiKey', status: 202,
      summary: "Start a competitor campaign: the domains linking to the competitor → filtered → contacts → first emails waiting for approval",
      body: competitorBody, response: campaignResponse,
      handler: async ({ body, access }) => {
        const { workspaceId, ...rest } = body;
        return start(access, workspaceId, { kind: 'COMPETITOR', ...rest });
      },
    }),
    route({
      method: 'post', path: '/campaigns/import', tag: 'Campaigns', auth: 'apiKey', status: 202,
      summary: 'Start a campaign from a list the agency already has (domains, or prospects with their contact): needs no research provider',
      body: importBody, response: campaignResponse,
      handler: async ({ body, access }) => {
        const { workspaceId, domains, prospects, ...rest } = body;
        return start(access, workspaceId, { kind: 'IMPORT', prospects: prospects ?? (domains ?? []).map((domain) => ({ domain })), ...rest });
      },
    }),
    route({
      method: 'get', path: '/campaigns', tag: 'Campaigns', auth: 'apiKey', summary: "List the caller's campaigns, newest first (filters workspaceId, status)",
      query: campaignsQuery, response: campaignsPage,
      handler: async ({ query, access }) => {
        const page = await listCampaigns(db, { ...query, workspaceIds: visibleWorkspaces(access, query.workspaceId, 'query.workspaceId') });
        return { data: await publicCampaigns(db, page.data), nextCursor: page.nextCursor };
      },
    }),
    route({
      method: 'get', path: '/campaigns/:id', tag: 'Campaigns', auth: 'apiKey', summary: 'Get a campaign: status, error, counts and provider cost',
      params: idParam('scmp'), response: campaignResponse,
      handler: async ({ params, access }) => show(params.id, access.workspaceIds),
    }),
    route({
      method: 'get', path: '/campaigns/:id/prospects', tag: 'Campaigns', auth: 'apiKey',
      summary: 'The campaign\'s prospects in the order found: kept or dropped and why, account, relationship, contact, email and approval (filter kept=true|false)',
      params: idParam('scmp'), query: prospectsQuery, response: prospectsPage,
      handler: async ({ params, query, access }) => {
        if (!(await getCampaign(db, params.id, access.workspaceIds))) throw notFound('campaign');
        return prospectPage(db, params.id, query);
      },
    }),
    route({
      method: 'post', path: '/campaigns/:id/approve', tag: 'Campaigns', auth: 'apiKey',
      summary: "Approve the campaign's waiting first emails (all, or the listed outreachIds) in one action; each is still re-checked (DNC, cooling off) when it is sent",
      params: idParam('scmp'), body: approveCampaignBody, response: approveCampaignResponse,
      handler: async ({ params, body, access }) => {
        if (!(await getCampaign(db, params.id, access.workspaceIds))) throw notFound('campaign');
        const result = await approveCampaign({ db, enqueue: deps.enqueue, now: now() }, params.id, { channel: 'api', actor: `api:${access.agencyId}` }, body.outreachIds);
        const campaign = await show(params.id, access.workspaceIds);
        if (!campaign) throw notFound('campaign');
        return { ...result, campaign };
      },
    }),
  ];
}
