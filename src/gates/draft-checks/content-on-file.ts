import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';

const GATE = 'draft-content-on-file';

/**
 * A reply that offers our piece needs a piece to send. With no ourContent on the relationship the
 * template can only say "I'll send the article over shortly", and nothing in the service would ever
 * send it: the partner who said yes waits, and nobody is told. Such a reply waits for a person, who adds
 * the link to the draft (or sets the relationship's ourContent, after which replies go out alone again).
 * Human text (an edit, a first email) passes: the person chose what it says.
 */
export function draftContentOnFile(draft: DraftToCheck, context: Pick<DraftCheckContext, 'relationship'>): GateResult {
  const content = context.relationship.ourContent?.trim() ?? '';
  const inputs = { by: draft.by ?? null, offersContent: draft.offersContent ?? false, ourContent: content || null };
  if (draft.by === undefined) return pass(GATE, 'a person wrote the text', inputs);
  if (!draft.offersContent) return pass(GATE, 'the draft does not offer our piece', inputs);
  if (content) return pass(GATE, 'the relationship holds the piece the draft offers', inputs);
  return trip(GATE, "the draft offers our piece but the relationship has no ourContent, so nothing would follow the promise: add the link to the draft (or set the relationship's ourContent) and approve", inputs);
}
