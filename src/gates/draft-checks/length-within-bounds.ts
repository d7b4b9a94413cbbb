import type { GatePolicy } from '../policy.ts';
import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { DraftToCheck } from './types.ts';

const GATE = 'draft-length';

export function draftLengthWithinBounds(draft: DraftToCheck, policy: GatePolicy): GateResult {
  const length = draft.text.trim().length;
  const min = policy.draftMinLength;
  const max = policy.draftMaxLength;
  const inputs = { length, draftMinLength: min, draftMaxLength: max };
  if (length < min) return trip(GATE, `the draft is ${length} characters, shorter than ${min}`, inputs);
  if (length > max) return trip(GATE, `the draft is ${length} characters, longer than ${max}`, inputs);
  return pass(GATE, `the draft is ${length} characters (${min}–${max})`, inputs);
}
