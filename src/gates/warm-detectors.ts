/**
 * Compiles, once, the text detectors the gates run on the event loop. V8 compiles a regular expression
 * the first time it runs it (and again, to machine code, once it is used); the red-flag patterns —
 * nine languages of long alternations — took ~100 ms on the first call of a process. That first call
 * used to be the first reply's gates step, holding `/healthz` and every request for that long. The
 * workers call this before the port opens, so the cost is paid at start, where nothing waits for it.
 */
import { findRedFlags } from '../classify/rules/red-flags.ts';
import { stripQuoted } from '../classify/rules/strip-quoted.ts';
import { boundedText, withoutHiddenText } from '../classify/rules/normalize-text.ts';
import { findInjectionSigns } from '../classify/rules/injection.ts';
import { findSensitiveContent } from './detect/sensitive-content.ts';

const SAMPLE = 'Thanks for reaching out! Sounds great, send the draft over.\n\nOn Mon, someone wrote:\n> Hi there';

export function warmGateDetectors(): void {
  // More than once: the first run compiles to bytecode, a later one to machine code.
  for (let i = 0; i < 3; i++) {
    const text = boundedText(`${SAMPLE} ${i}`);
    findRedFlags({ newText: withoutHiddenText(stripQuoted(text).text), subject: 'Re: guest post', fullText: text, html: null });
    findSensitiveContent(text);
    findInjectionSigns(text);
  }
}
