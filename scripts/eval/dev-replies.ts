/**
 * `../shared/corpus/replies-dev.jsonl`: 240 labelled replies to outreach in nine languages. Split
 * once, by a frozen rule (see `HELD_OUT_SALT`), into a training part we may read while tuning and a
 * held-out part we only measure. The split is recorded in `heldout-ids.json` so that it stays frozen
 * even if the corpus grows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Intent, Offer } from '../../src/classify/types.ts';

export interface DevReply {
  id: string;
  lang: string;
  lead: string;
  subject: string;
  text: string;
  html?: string;
  expect: {
    intent: Intent;
    prices?: { type: Offer['type']; amount: number; currency: string; maxAmount?: number }[];
    returnDate?: string | null;
    linkUrl?: string | null;
    referralEmail?: string | null;
    injection?: boolean;
    mustNotAutoReply?: boolean;
    note?: string;
  };
}

/** The instant the dev replies were received (their notes resolve "day only" dates against it). */
export const DEV_NOW = '2026-12-01T12:00:00Z';
export const DEV_OUR_ADDRESSES = ['outreach@ouragency.example'];

const HELD_OUT_SALT = 'lb-heldout-v1:';
const HELD_OUT_SHARE = 0.3;

const here = path.dirname(fileURLToPath(import.meta.url));
const frozenFile = path.join(here, 'heldout-ids.json');

/** The rule that made the frozen list; used only for ids the list has never seen. */
export function isHeldOutByRule(id: string): boolean {
  const h = createHash('sha256').update(HELD_OUT_SALT + id).digest();
  return h.readUInt16BE(0) / 65536 < HELD_OUT_SHARE;
}

/** The frozen split: held-out ids, and every id that existed when it was frozen. */
export function frozenSplit(): { replies: Set<string>; allReplies: Set<string>; corpus: Set<string> } {
  const raw = JSON.parse(readFileSync(frozenFile, 'utf8')) as { replies: string[]; allReplies: string[]; corpus: string[] };
  return { replies: new Set(raw.replies), allReplies: new Set(raw.allReplies), corpus: new Set(raw.corpus) };
}

export function readDevReplies(corpusDir: string): DevReply[] | null {
  const file = path.join(corpusDir, 'replies-dev.jsonl');
  if (!existsSync(file)) return null;
  return readRepliesFile(file);
}

/** Any JSONL file of replies in the dev schema (the dev corpus, or a set such as replies-blind.jsonl). */
export function readRepliesFile(file: string): DevReply[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DevReply);
}

/** A reply is held out when the frozen list says so, or, for a reply added since, when the rule does. */
export function isHeldOutReply(id: string, frozen = frozenSplit()): boolean {
  return frozen.replies.has(id) || (!frozen.allReplies.has(id) && isHeldOutByRule(id));
}
