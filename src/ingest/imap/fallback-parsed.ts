/**
 * The record we keep when the parser itself fails (it is written not to, but a poller must never stop on
 * one bad message): the raw hash and size for dedupe and a warning saying what went wrong.
 */
import { createHash } from 'node:crypto';
import type { ParsedEmail } from '../types.ts';

export function fallbackParsed(raw: Buffer, error: unknown): ParsedEmail {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    from: null,
    replyTo: null,
    to: [],
    cc: [],
    subject: '',
    date: null,
    text: '',
    html: null,
    headers: {},
    attachments: [],
    reportParts: [],
    rawSha256: createHash('sha256').update(raw).digest('hex'),
    rawSize: raw.length,
    parseWarnings: [`parser failed: ${reason}`],
  };
}
