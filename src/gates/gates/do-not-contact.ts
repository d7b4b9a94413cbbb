import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';

const GATE = 'do-not-contact';

/**
 * DO_NOT_CONTACT is platform-wide (any agency's unsubscribe sets it). The send path checks it again at
 * send time; this gate makes sure it is never even an automatic decision. A contact whose address hard
 * bounced is treated the same way: a reply would only bounce again.
 */
export function doNotContact(input: GateInput): GateResult {
  const { account, contact } = input;
  const inputs = {
    accountId: account.id,
    systemContactStatus: account.systemContactStatus,
    contactEmailInvalidAt: contact?.emailInvalidAt ?? null,
  };
  if (account.systemContactStatus === 'DO_NOT_CONTACT') {
    return trip(GATE, `${account.domain} is DO_NOT_CONTACT; nothing may be sent unless that is lifted`, inputs);
  }
  if (account.systemContactStatus === 'BOUNCED') {
    return trip(GATE, `${account.domain} is marked BOUNCED`, inputs);
  }
  if (contact?.emailInvalidAt) {
    return trip(GATE, `${contact.email} hard-bounced on ${contact.emailInvalidAt}`, inputs);
  }
  return pass(GATE, `${account.domain} may be contacted (${account.systemContactStatus})`, inputs);
}
