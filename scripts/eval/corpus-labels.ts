/**
 * The shared corpus labels (ALL_LABELS.csv) mapped to what the classifier should answer. The mapping
 * is documented in docs/classifier.md; it reads only the label and its detail, never file names.
 */
import { readFileSync } from 'node:fs';
import type { BounceKind } from '../../src/classify/types.ts';

export type Expectation =
  | { group: 'bounce'; kind: BounceKind | null; reason: 'address' | 'transient' | 'policy' | null }
  | { group: 'delivered' | 'ooo' | 'challenge' | 'complaint' | 'not-bounce' }
  | { group: 'human'; form: 'full' | 'html' | 'body' }
  | { group: 'skip' };

export interface LabelledFile {
  path: string;
  label: string;
  detail: string;
  expect: Expectation;
}

/** Minimal RFC 4180 line split: quoted fields may contain commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * The severity a status in a label's detail fixes by itself (RFC 3463): any 4.x.x is transient,
 * 5.1.1–5.1.6 name a bad address, 5.2.2 a full mailbox, 5.7.x a policy refusal. Generic statuses
 * (x.0.0, 5.2.0, 5.3.x, 5.5.x …) do not decide hard or soft, so such files count for detection only.
 */
export function kindOfStatus(status: string): BounceKind | null {
  if (!/^[45]\.\d+\.\d+$/.test(status)) return null;
  if (status.startsWith('4.')) return 'soft';
  if (/^5\.1\.[1-6]$/.test(status)) return 'hard';
  if (status === '5.2.2' || status.startsWith('5.7.')) return 'soft';
  return null;
}

/** The DSN label's severity from the raw file's Status fields, when they all agree. */
export function kindOfRawDsn(raw: string): BounceKind | null {
  const kinds = [...raw.matchAll(/^Status:\s*([245]\.\d+\.\d+)/gim)].map((m) => kindOfStatus(m[1]!));
  if (!kinds.length || kinds.some((k) => k !== kinds[0])) return null;
  return kinds[0] ?? null;
}

export function expectationFor(label: string, detail: string, raw: () => string): Expectation {
  switch (label) {
    case 'bounce_hard':
      return { group: 'bounce', kind: 'hard', reason: 'address' };
    case 'bounce_soft_transient':
      return { group: 'bounce', kind: 'soft', reason: 'transient' };
    case 'bounce_soft_or_policy':
      return { group: 'bounce', kind: 'soft', reason: 'policy' };
    case 'bounce_unknown_severity': {
      const status = /status=([\d.]+)/.exec(detail)?.[1] ?? '';
      return { group: 'bounce', kind: kindOfStatus(status), reason: null };
    }
    case 'bounce_dsn':
      return { group: 'bounce', kind: kindOfRawDsn(raw()), reason: null };
    case 'dsn_delivered_not_bounce':
      return { group: 'delivered' };
    case 'auto_reply_ooo':
      return { group: 'ooo' };
    case 'challenge_response_autoreply':
      return { group: 'challenge' };
    case 'complaint_arf':
      return { group: 'complaint' };
    case 'human_reply_full_mime':
      return { group: 'human', form: 'full' };
    case 'human_reply_html_body':
      return { group: 'human', form: 'html' };
    case 'human_reply_body_only':
    case 'human_reply_body_only_SYNTHETIC':
      return { group: 'human', form: 'body' };
    case 'mime_edge_case':
    case 'mime_edge_case (calendar invite)':
    case 'rfc_example_message':
    case 'spam_not_reply':
    case 'not_bounce':
      return { group: 'not-bounce' };
    default:
      // ambiguous_* and expected_reply_text are reported, never scored.
      return { group: 'skip' };
  }
}

export function readLabels(corpusDir: string): LabelledFile[] {
  const lines = readFileSync(`${corpusDir}/ALL_LABELS.csv`, 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
  return lines.map((line) => {
    const [path = '', label = '', detail = ''] = splitCsvLine(line);
    return { path, label, detail, expect: expectationFor(label, detail, () => readFileSync(`${corpusDir}/${path}`, 'latin1')) };
  });
}
