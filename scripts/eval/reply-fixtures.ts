/**
 * The labelled link-building replies in test/fixtures/replies/replies.jsonl, and the wrapper that
 * turns a body (fixture or body-only corpus file) into the ParsedEmail the classifier reads.
 */
import { readFileSync } from 'node:fs';
import type { ParsedEmail } from '../../src/ingest/types.ts';
import type { Intent, Offer } from '../../src/classify/types.ts';

export interface ReplyFixture {
  id: string;
  text: string;
  subject?: string;
  from?: string;
  html?: string;
  headers?: Record<string, string>;
  /** ISO instant the reply is read at (return dates resolve against it). */
  now?: string;
  expected: {
    intent: Intent;
    offers?: Offer[];
    linkUrl?: string | null;
    referralEmail?: string | null;
    returnDate?: string | null;
    injection?: boolean;
    sensitive?: string[];
  };
}

/** The instant fixtures are read at unless they say otherwise: Monday 2 June 2025. */
export const FIXTURE_NOW = '2025-06-02T09:00:00Z';
export const OUR_ADDRESSES = ['outreach@ourseoagency.com', 'anna@ourseoagency.com'];

export function readFixtures(file: string): ReplyFixture[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.trim().startsWith('//'))
    .map((l) => JSON.parse(l) as ReplyFixture);
}

export function wrapBody(body: { text?: string; html?: string | null; subject?: string; from?: string; headers?: Record<string, string> }): ParsedEmail {
  return {
    messageId: null,
    inReplyTo: '<outreach-1@ourseoagency.com>',
    references: ['<outreach-1@ourseoagency.com>'],
    from: { address: body.from ?? 'editor@partner-blog.example', name: '' },
    replyTo: null,
    to: [{ address: OUR_ADDRESSES[0]!, name: '' }],
    cc: [],
    subject: body.subject ?? 'Re: Collaboration idea for your blog',
    date: null,
    text: body.text ?? '',
    html: body.html ?? null,
    headers: body.headers ?? {},
    attachments: [],
    reportParts: [],
    rawSha256: '',
    rawSize: (body.text ?? body.html ?? '').length,
    parseWarnings: [],
  };
}
