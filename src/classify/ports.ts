import type { ParsedEmail } from '../ingest/types.ts';
import type { Classification } from './types.ts';

/** A model that may refine the rules' classification (only ever more cautious). */
export interface ModelClassifier {
  classify(input: { email: ParsedEmail; thread?: string[]; rules: Classification }): Promise<Classification>;
}
