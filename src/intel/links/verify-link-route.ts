/**
 * POST /v1/link-building/crm/relationship/:id/verify-link (SPEC section 9): check the relationship's
 * placed links again now. 202 with the watches (their last results); the checks run on the
 * `intel.verify-link-now` queue within seconds and write their outcome events as usual. 409 when the
 * relationship has no LINK_PLACED with a URL.
 */
import { z } from 'zod';
import type { Db } from '../../db/types.ts';
import type { EnqueueInTx } from '../../ingest/ports.ts';
import { AppError } from '../../errors.ts';
import { QUEUES } from '../../jobs/queues.ts';
import { getRelationship } from '../../crm/db/relationships.ts';
import { route } from '../../http/route.ts';
import { notFound } from '../../http/errors.ts';
import { idParam } from '../../http/schemas/common.ts';
import { adoptPlacedLinks, makeDueNow } from './db/link-checks.ts';

const watchResponse = z.object({
  relationshipId: z.string(),
  watches: z.array(
    z.object({
      url: z.string(),
      lastVerdict: z.enum(['VERIFIED', 'ISSUE', 'MISSING', 'LOST', 'INCONCLUSIVE']).nullable(),
      lastCheckedAt: z.string().nullable(),
      nextCheckAt: z.string(),
    }),
  ),
});

export const verifyLinkRoutes = (deps: { db: Db; enqueue: EnqueueInTx; now?: () => Date }) => [
  route({
    method: 'post', path: '/crm/relationship/:id/verify-link', tag: 'CRM', auth: 'apiKey', status: 202,
    summary: 'Check the placed links of a relationship again now (outcome: LINK_VERIFIED, LINK_ISSUE or LINK_LOST events); 409 when no LINK_PLACED names a URL',
    params: idParam('rel'), response: watchResponse,
    handler: async ({ params, access }) =>
      deps.db.transaction(async (tx) => {
        const rel = await getRelationship(tx, params.id, access.workspaceIds);
        if (!rel) throw notFound('relationship');
        const now = deps.now?.() ?? new Date();
        // a LINK_PLACED the minutely sweep has not picked up yet is watched from now
        const adopted = await adoptPlacedLinks(tx, now);
        const others = adopted.filter((k) => k.relationshipId !== rel.id);
        const due = await makeDueNow(tx, rel.id, now);
        if (!due.length) throw new AppError('CONFLICT', 'no placed link to verify: append LINK_PLACED with metadata.linkUrl first', { field: 'id' });
        await deps.enqueue(tx, QUEUES.intelVerifyLinkNow, [...due, ...others].map((k) => ({ relationshipId: k.relationshipId, url: k.url })));
        const { rows } = await tx.query<{ url: string; last_verdict: string | null; last_checked_at: Date | null; next_check_at: Date }>(
          'select url, last_verdict, last_checked_at, next_check_at from link_checks where relationship_id = $1 order by placed_at, url',
          [rel.id],
        );
        return {
          relationshipId: rel.id,
          watches: rows.map((r) => ({
            url: r.url,
            lastVerdict: r.last_verdict as z.infer<typeof watchResponse>['watches'][number]['lastVerdict'],
            lastCheckedAt: r.last_checked_at ? new Date(r.last_checked_at).toISOString() : null,
            nextCheckAt: new Date(r.next_check_at).toISOString(),
          })),
        };
      }),
  }),
];
