import type { ParsedEmail } from '../ingest/types.ts';
import type { Classification } from './types.ts';
import type { RulesInput } from './rules/classify-rules.ts';

/** The rules classifier, possibly off the event loop (adapters/rules-thread.ts). */
export type RulesClassifier = (input: RulesInput) => Promise<Classification>;

/** A model that may refine the rules' classification (only ever more cautious). */
export interface ModelClassifier {
  classify(input: { email: ParsedEmail; thread?: string[]; rules: Classification }): Promise<Classification>;
}
