/**
 * filter: the pure decision (src/outbound/filter/filter-prospects.ts) over every found domain, with the
 * CRM facts loaded here in a few queries — the shared account (DNC, bounced, cooling off including this
 * workspace's own, last contact by anyone, DR), this workspace's pipeline, and whether another workspace
 * has contacted the partner. Every domain gets its verdict and reason.
 */
import type { Queryable } from '../../db/types.ts';
import { getWorkspaceAccountFacts } from '../../crm/db/workspace-facts.ts';
import { filterProspects, type ProspectFacts } from '../filter/filter-prospects.ts';
import { accountsByDomain } from '../db/campaign-accounts.ts';
import { prospectsOf, setVerdict } from '../db/prospects-db.ts';
import type { CampaignRow } from '../db/campaigns-db.ts';
import type { CampaignDeps, StepResult } from './campaign-step.ts';

const later = (a: string | null, b: string | null): string | null => (!a ? b : !b ? a : a > b ? a : b);

export async function loadProspectFacts(db: Queryable, workspaceId: string, domains: readonly string[]): Promise<Map<string, ProspectFacts>> {
  const accounts = await accountsByDomain(db, domains);
  const ids = [...accounts.values()].map((a) => a.id);
  const own = await getWorkspaceAccountFacts(db, workspaceId, ids);
  const { rows } = ids.length
    ? await db.query<{ account_id: string; workspace_id: string; contacted_by_us: boolean }>(
        'select account_id, workspace_id, contacted_by_us from relationships where account_id = any($1)',
        [ids],
      )
    : { rows: [] };
  const facts = new Map<string, ProspectFacts>();
  for (const [domain, a] of accounts) {
    const mine = own.get(a.id);
    const rels = rows.filter((r) => r.account_id === a.id);
    facts.set(domain, {
      systemContactStatus: mine?.doNotContact ? 'DO_NOT_CONTACT' : a.systemContactStatus,
      coolingOffUntil: later(a.coolingOffUntil, mine?.coolingOffUntil ?? null),
      lastContactedAt: a.lastContactedAt,
      inWorkspacePipeline: rels.some((r) => r.workspace_id === workspaceId),
      contactedByOtherWorkspace: rels.some((r) => r.workspace_id !== workspaceId && r.contacted_by_us),
      domainRating: a.domainRating === null ? null : Number(a.domainRating),
    });
  }
  return facts;
}

export async function filterStep(deps: CampaignDeps, c: CampaignRow): Promise<StepResult> {
  return {
    // In the step's transaction: the facts are read as of the verdict.
    write: async (tx) => {
      const found = await prospectsOf(tx, c.id, { status: 'FOUND' });
      const facts = await loadProspectFacts(tx, c.workspaceId, found.map((p) => p.domain));
      const { filters, pitch } = c.input;
      const result = filterProspects(found, facts, {
        ...filters, ourContent: pitch.ourContent, competitorDomain: c.input.kind === 'COMPETITOR' ? c.input.competitorDomain : null,
      }, deps.now());
      for (const d of result.decisions) {
        await setVerdict(tx, c.id, d.candidate.domain, { kept: d.kept, reason: d.reason, detail: d.detail, domainRating: d.kept ? d.domainRating : null });
      }
    },
  };
}
