/**
 * What the `red-flags` and `prompt-injection` gates detect again on the stored text (belt and braces: a
 * classification may come from elsewhere than the rules). Pure; the gates run it in-line, and the gates
 * step has the rules thread run it (`RulesThread.recheck`) so the regular expressions stay off the event
 * loop and hand the result to the gates as `GateInput.detected`. Both give the same values.
 */
import { findRedFlags } from '../../classify/rules/red-flags.ts';
import { findInjectionSigns } from '../../classify/rules/injection.ts';
import { stripQuoted } from '../../classify/rules/strip-quoted.ts';
import { boundedText, withoutHiddenText } from '../../classify/rules/normalize-text.ts';
import type { GateDetections, GateMessage } from '../types.ts';

/** The part of the message the detectors read. */
export type RecheckMessage = Pick<GateMessage, 'subject' | 'text'>;

/** The red flags in the reply's own (unquoted, visible) words, the subject and the whole text. */
export function recheckRedFlags(message: RecheckMessage): GateDetections['redFlags'] {
  const text = boundedText(message.text);
  const newText = withoutHiddenText(stripQuoted(text).text);
  return findRedFlags({ newText, subject: message.subject, fullText: text, html: null });
}

/** Signs of instructions aimed at a model, in the subject and the text. */
export function recheckInjectionSigns(message: RecheckMessage): GateDetections['injectionSigns'] {
  return findInjectionSigns(`${message.subject}\n${boundedText(message.text)}`);
}

export function recheckMessage(message: RecheckMessage): GateDetections {
  return { redFlags: recheckRedFlags(message), injectionSigns: recheckInjectionSigns(message) };
}
