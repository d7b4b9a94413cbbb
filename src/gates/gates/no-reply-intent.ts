import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { isNoReplyIntent, STOP_INTENTS } from '../no-reply-intents.ts';

const GATE = 'no-reply-intent';

/**
 * Trips when the primary intent never gets a reply (the engine then decides NO_REPLY), and also when
 * a stop intent (UNSUBSCRIBE, COMPLAINT) shows up only as a secondary reading: the engine cannot
 * decide NO_REPLY on a guess, but it must not answer on its own either.
 */
export function noReplyIntent(input: GateInput): GateResult {
  const { intent, intents } = input.classification;
  const secondaryStops = intents
    .filter((s) => s.intent !== intent && STOP_INTENTS.includes(s.intent) && s.confidence > 0)
    .map((s) => s.intent);
  const inputs = { intent, secondaryStopIntents: secondaryStops };
  if (isNoReplyIntent(intent)) return trip(GATE, `${intent} never gets a reply`, inputs);
  if (secondaryStops.length > 0) {
    return trip(GATE, `the message may also be a ${secondaryStops.join('/')}; a human must decide`, inputs);
  }
  return pass(GATE, `${intent} may be answered`, inputs);
}
