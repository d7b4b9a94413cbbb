import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { DraftCheckContext } from './types.ts';

const GATE = 'draft-language';

const NAMES: Readonly<Record<string, string>> = {
  en: 'English', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian', pt: 'Portuguese', nl: 'Dutch', pl: 'Polish', sv: 'Swedish',
};
const named = (code: string): string => `${NAMES[code] ?? code} (${code})`;

/**
 * A partner who wrote in German does not get an English answer on its own: the template drafts are
 * English, and a model may slip. Both languages come in with the context, already told: the partner's
 * is the reply's stored `facts.language` (the rules thread told it when classifying), the draft's is
 * told by the same thread before the checks (gates-step.ts). No language is detected here, so the
 * detector's database never loads on the event loop. Either language unknown (too short to tell, no
 * language on the reply, or nobody asked the thread) passes: this check only stops a clear mismatch,
 * and the approver can still send it as is.
 */
export function draftLanguageMatches(context: Pick<DraftCheckContext, 'partnerLanguage' | 'draftLanguage'>): GateResult {
  const partner = context.partnerLanguage ?? null;
  const ours = context.draftLanguage ?? null;
  const inputs = { partnerLanguage: partner, draftLanguage: ours };
  if (partner && ours && partner !== ours) {
    return trip(GATE, `the partner wrote in ${named(partner)} and the draft is in ${named(ours)}: answer in their language, or approve it as it is`, inputs);
  }
  if (!partner || !ours) return pass(GATE, 'the language of the reply or of the draft could not be told', inputs);
  return pass(GATE, `the draft is in the partner's language, ${named(ours)}`, inputs);
}
