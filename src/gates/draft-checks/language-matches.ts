import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { detectLanguage } from '../../classify/rules/language.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';

const GATE = 'draft-language';

const NAMES: Readonly<Record<string, string>> = {
  en: 'English', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian', pt: 'Portuguese', nl: 'Dutch', pl: 'Polish', sv: 'Swedish',
};
const named = (code: string): string => `${NAMES[code] ?? code} (${code})`;

/**
 * A partner who wrote in German does not get an English answer on its own: the template drafts are
 * English, and a model may slip. Either language unknown (too short to tell, or no language told on
 * the reply) passes: this check only stops a clear mismatch, and the approver can still send it as is.
 */
export function draftLanguageMatches(draft: DraftToCheck, context: Pick<DraftCheckContext, 'partnerLanguage'>): GateResult {
  const partner = context.partnerLanguage ?? null;
  const ours = detectLanguage(draft.text);
  const inputs = { partnerLanguage: partner, draftLanguage: ours };
  if (partner && ours && partner !== ours) {
    return trip(GATE, `the partner wrote in ${named(partner)} and the draft is in ${named(ours)}: answer in their language, or approve it as it is`, inputs);
  }
  if (!partner || !ours) return pass(GATE, 'the language of the reply or of the draft could not be told', inputs);
  return pass(GATE, `the draft is in the partner's language, ${named(ours)}`, inputs);
}
