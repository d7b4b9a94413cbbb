import type { GateInput, GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import { boundedText } from '../../classify/rules/normalize-text.ts';
import { findSensitiveContent } from '../detect/sensitive-content.ts';

const GATE = 'sensitive-content';

/**
 * Legal threats, payment or banking details, and attachments go to a human. Every attachment counts,
 * inline signature images included: the gate cannot tell a logo from an invoice, and an extra approval
 * is cheaper than answering an invoice automatically.
 */
export function sensitiveContent(input: GateInput): GateResult {
  const { message, classification } = input;
  const matches = findSensitiveContent(`${message.subject}\n${boundedText(message.text)}`);
  const fromClassifier = classification.facts.sensitive ?? [];
  const attachments = message.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
  }));
  const inputs = { matches, classifierSensitive: fromClassifier, attachments };

  const reasons: string[] = [];
  const kinds = [...new Set([...matches.map((m) => m.kind), ...fromClassifier])];
  if (kinds.length > 0) reasons.push(`sensitive content (${kinds.join(', ')})`);
  if (attachments.length > 0) {
    const names = attachments.map((a) => a.filename ?? a.contentType).join(', ');
    reasons.push(`${attachments.length} attachment${attachments.length === 1 ? '' : 's'} (${names})`);
  }
  if (reasons.length === 0) return pass(GATE, 'no legal, payment or attachment content', inputs);
  return trip(GATE, reasons.join('; '), inputs);
}
