/**
 * Why nobody may email this partner right now, or null. Checked when an outreach email is asked for and
 * again at send time for every email (an approval given before a DNC arrived must not send). Pure.
 */
export interface BlockFacts {
  account: { systemContactStatus: string; coolingOffUntil: string | null } | null;
  contact: { emailInvalidAt: string | null } | null;
}

export type BlockKind = 'do-not-contact' | 'cooling-off' | 'invalid-address';

export function sendBlock(f: BlockFacts, now: Date): { kind: BlockKind; reason: string } | null {
  const { account, contact } = f;
  if (account?.systemContactStatus === 'DO_NOT_CONTACT') return { kind: 'do-not-contact', reason: 'the partner is DO_NOT_CONTACT' };
  if (account?.coolingOffUntil && new Date(account.coolingOffUntil) > now) {
    return { kind: 'cooling-off', reason: `the partner is cooling off until ${account.coolingOffUntil}` };
  }
  if (contact?.emailInvalidAt) return { kind: 'invalid-address', reason: 'the address hard-bounced' };
  return null;
}

export const blockedReason = (account: BlockFacts['account'], contact: BlockFacts['contact'], now: Date): string | null =>
  sendBlock({ account, contact }, now)?.reason ?? null;
