/**
 * A reply whose sender matches no partner (e.g. a blogger writing from Gmail, which never makes an
 * account by itself) used to end as NO_REPLY, silently. A person writing to us goes to a human instead
 * — "who is this?" — who attaches it to a partner (POST /inbound/:id/attach; the message is then
 * classified and decided again) or dismisses it. Machine mail from unknown senders (bounces,
 * auto-replies, absences, complaint reports) stays NO_REPLY: there is nobody to answer. Pure.
 */
import type { Intent } from '../classify/types.ts';
import type { Decision } from './types.ts';

const GATE = 'matched-partner';
const MACHINE_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['AUTO_REPLY', 'BOUNCE', 'OUT_OF_OFFICE', 'COMPLAINT']);

export interface UnknownSenderFacts {
  inboundId: string;
  fromAddress: string | null;
  intent: Intent;
  /** How the message arrived by its headers: a person, an auto-reply or a bounce. */
  arrivalKind: 'human' | 'auto-reply' | 'bounce';
}

export function unknownSenderDecision(f: UnknownSenderFacts): Decision {
  const machine = f.arrivalKind !== 'human' || MACHINE_INTENTS.has(f.intent);
  if (machine || !f.fromAddress) {
    const what = !f.fromAddress ? 'a message without a sender address' : f.arrivalKind === 'bounce' || f.intent === 'BOUNCE' ? 'a bounce' : 'automated mail';
    return {
      action: 'NO_REPLY',
      gates: [{ gate: GATE, passed: false, reason: `the sender matches no partner in the CRM, and ${what} from an unknown sender is not answered`, inputs: { fromAddress: f.fromAddress, intent: f.intent, arrivalKind: f.arrivalKind } }],
      approvalId: null,
    };
  }
  return {
    action: 'WAITING_APPROVAL',
    gates: [{
      gate: GATE,
      passed: false,
      reason: `the sender ${f.fromAddress} matches no partner in the CRM: who is this? Attach the message to a partner (POST /v1/link-building/inbound/${f.inboundId}/attach) and it is decided again`,
      inputs: { fromAddress: f.fromAddress, intent: f.intent, arrivalKind: f.arrivalKind },
    }],
    approvalId: null,
  };
}
