/**
 * The language of a reply's new text, by a maintained library: `eld` (Efficient Language Detector,
 * Apache-2.0, pure JavaScript, no dependencies), its `small` n-gram database, restricted to the nine
 * languages we read. Chosen by measurement (docs/classifier.md, "Language"): on the dev set's training
 * split it told all 159 replies right (franc-min 94.3 %, languagedetect 95.0 %, lande 96.9 %, tinyld
 * 97.5 %) at about 0.2 ms a reply, and 33 of our 34 short phrases ("Nein danke.", "Pode mandar o
 * rascunho"), where franc-min told 22.
 *
 * Returns an ISO 639-1 code or null: null when the text has too few letters to tell (a lone "Ok", a
 * URL, a price) or the detector itself calls its answer unreliable. Pure: the database is a static
 * import, read once; the text is cut to MAX_CHARS first, so a hostile megabyte costs nothing extra.
 *
 * Loading that database costs about 0.9 s of CPU, so this module is imported by the rules thread only
 * (adapters/rules-thread-entry.ts), never on the main thread of a process:
 * test/unit/classify/eld-thread-only.test.ts walks the imports to keep it so.
 */
import { eld } from 'eld/small';
import { LANGUAGES, type Language } from './languages.ts';

export { LANGUAGES, type Language };

eld.setLanguageSubset([...LANGUAGES]);

/** A reply's language shows in its first lines; more text only costs time. */
const MAX_CHARS = 2000;
/** Fewer letters than this (URLs, addresses and numbers left out) and no language is told. */
const MIN_LETTERS = 8;

const URLS_AND_ADDRESSES = /\b(?:https?:\/\/|www\.)[^\s<>"]{1,500}|[^\s<>"@]{1,64}@[^\s<>"@]{1,255}/gi;

export function detectLanguage(text: string): Language | null {
  const sample = text.slice(0, MAX_CHARS).replace(URLS_AND_ADDRESSES, ' ');
  const letters = sample.replace(/[^a-z\u00c0-\u024f]/gi, '').length;
  if (letters < MIN_LETTERS) return null;
  const result = eld.detect(sample);
  if (!result.language || !result.isReliable()) return null;
  return (LANGUAGES as readonly string[]).includes(result.language) ? (result.language as Language) : null;
}
