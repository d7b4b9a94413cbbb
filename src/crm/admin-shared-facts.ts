/**
 * Platform administration of shared facts, used by the admin HTTP API and the CLI alike: the review
 * queue of assertions made without evidence, and clearing DO_NOT_CONTACT (an admin action with a reason).
 */
import type { Db } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { applyShared, assertFact } from './assert-fact.ts';
import { getAccount } from './db/accounts.ts';
import { getAssertion, listAssertions, reviewAssertion, type AssertionFilter } from './db/assertions.ts';
import type { SharedFact } from './shared-facts.ts';

export const assertions = (db: Db, filter: AssertionFilter) => listAssertions(db, filter);

export async function reviewFlagged(db: Db, id: string, input: { decision: 'PROMOTE' | 'DISMISS'; reason: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const a = await getAssertion(tx, id, true);
    if (!a) throw new AppError('NOT_FOUND', 'assertion not found');
    if (a.reviewedAt) throw new AppError('CONFLICT', `assertion ${id} was already reviewed (${a.reviewDecision})`);
    if (a.scope === 'SHARED') throw new AppError('CONFLICT', `assertion ${id} already applies to every agency`);
    if (input.decision === 'PROMOTE') {
      if (a.fact === 'CLEAR_DO_NOT_CONTACT') throw new AppError('CONFLICT', 'nothing to promote');
      await applyShared(tx, a.accountId, { kind: a.fact, ...a.value } as SharedFact, now);
    }
    await reviewAssertion(tx, id, input.decision, input.reason);
    return (await getAssertion(tx, id))!;
  });
}

export async function clearDoNotContactOf(db: Db, accountId: string, reason: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const before = await getAccount(tx, accountId);
    if (!before) throw new AppError('NOT_FOUND', 'account not found');
    if (before.systemContactStatus !== 'DO_NOT_CONTACT') {
      throw new AppError('CONFLICT', `${before.domain} is not DO_NOT_CONTACT (it is ${before.systemContactStatus})`, { field: 'id' });
    }
    const r = await assertFact(tx, { workspaceId: null, accountId, fact: { kind: 'CLEAR_DO_NOT_CONTACT', reason }, source: 'ADMIN', reason, now });
    if (r.decision.scope === 'REFUSED') throw new AppError('VALIDATION', `body.${r.decision.field}: ${r.decision.why}`, { field: `body.${r.decision.field}` });
    return { assertionId: r.assertionId, account: await getAccount(tx, accountId) };
  });
}
