/**
 * The ingest parser adapter: raw RFC 5322 bytes → ParsedEmail. The only file that imports mailparser,
 * so the parser can be swapped (postal-mime is faster but buffers everything) on measurements.
 *
 * Memory: attachments are streamed and counted, never kept, except the small machine-readable
 * report parts the classifier needs (capped at REPORT_PART_LIMIT). Text bodies are capped too.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { MailParser, type AddressObject, type AttachmentStream, type HeaderValue, type MessageText } from 'mailparser';
import type { EmailAddress, ParsedEmail, ReportPart, AttachmentInfo } from '../types.ts';

export const KEPT_HEADERS = [
  'message-id',
  'in-reply-to',
  'references',
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'precedence',
  'list-unsubscribe',
  'list-id',
  'content-type',
  'return-path',
  'x-failed-recipients',
  'feedback-type',
  'reply-to',
  'x-mailer',
  // Mail-client and provider feedback markers: Apple Mail's one-click unsubscribe and Hotmail's
  // JMRP complaint header (its FBL reports may arrive without a feedback-report part).
  'x-apple-unsubscribe',
  'x-hmxmroriginalrecipient',
] as const;

const REPORT_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/feedback-report',
  'text/rfc822-headers',
  'message/rfc822',
  'message/global',
]);
const REPORT_PART_LIMIT = 64 * 1024;
export const TEXT_LIMIT = 1024 * 1024;

function headerToString(v: HeaderValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => headerToString(x as HeaderValue)).join(', ');
  if (typeof v === 'object' && 'text' in v && typeof (v as AddressObject).text === 'string') return (v as AddressObject).text;
  if (typeof v === 'object' && 'value' in v) {
    const sv = v as { value: unknown; params?: Record<string, string> };
    const params = sv.params ? Object.entries(sv.params).map(([k, p]) => `; ${k}=${p}`).join('') : '';
    return `${String(sv.value)}${params}`;
  }
  return String(v);
}

function addresses(v: HeaderValue | undefined): EmailAddress[] {
  if (!v || typeof v !== 'object' || v instanceof Date) return [];
  const objs = (Array.isArray(v) ? v : [v]) as AddressObject[];
  const out: EmailAddress[] = [];
  const walk = (list: AddressObject['value']) => {
    for (const a of list ?? []) {
      if (a.group) walk(a.group);
      else if (a.address) out.push({ address: a.address.toLowerCase(), name: a.name ?? '' });
    }
  };
  for (const o of objs) if (o && Array.isArray(o.value)) walk(o.value);
  return out;
}

/**
 * Recipients kept per field (To, Cc). A reply has a handful; a header listing tens of thousands costs
 * every later step (the stored row, its JSON, each read of it) and says nothing more than the first ones.
 */
export const RECIPIENT_LIMIT = 200;

function recipients(v: HeaderValue | undefined, field: string, warnings: string[]): EmailAddress[] {
  const all = addresses(v);
  if (all.length <= RECIPIENT_LIMIT) return all;
  warnings.push(`${field}: ${all.length} addresses, the first ${RECIPIENT_LIMIT} kept`);
  return all.slice(0, RECIPIENT_LIMIT);
}

function messageIds(v: string): string[] {
  return v.match(/<[^<>\s]+>/g) ?? (v.trim() ? v.trim().split(/\s+/) : []);
}

async function readCapped(stream: NodeJS.ReadableStream, limit: number): Promise<{ text: string; size: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (kept < limit) {
      const slice = buf.subarray(0, limit - kept);
      chunks.push(slice);
      kept += slice.length;
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), size };
}

function cap(s: string | undefined): string {
  if (!s) return '';
  return s.length > TEXT_LIMIT ? s.slice(0, TEXT_LIMIT) : s;
}

/** The raw prefix kept for the malformed-multipart fallback below; bounded whatever the message size. */
const RAW_PREFIX_LIMIT = 256 * 1024;

/**
 * Drops whitespace before the first header line: some stored messages begin with a blank or
 * space-only line, which would otherwise end the (empty) header block at once.
 */
class LeadingWhitespaceTrimmer extends Transform {
  private started = false;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.started) return cb(null, chunk);
    let i = 0;
    while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
    if (i < chunk.length) this.started = true;
    cb(null, chunk.subarray(i));
  }
}

/** The body after the header block, from the kept raw prefix. */
function rawBody(prefix: Buffer): string {
  const s = prefix.toString('latin1').replace(/^[\s]+/, '');
  const m = /\r?\n\r?\n/.exec(s);
  return m ? Buffer.from(s.slice(m.index + m[0].length), 'latin1').toString('utf8') : '';
}

/** Parses a message from a Buffer or a stream. Never throws on malformed MIME: it returns what it could read. */
export async function parseEmail(source: Buffer | Readable): Promise<ParsedEmail> {
  const hash = createHash('sha256');
  let rawSize = 0;
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  // skipHtmlToText: converting HTML to text costs ~23 ms a message; we derive text lazily only when needed.
  const parser = new MailParser({ skipHtmlToText: true, keepDeliveryStatus: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true } as ConstructorParameters<typeof MailParser>[0]);
  const warnings: string[] = [];
  let headers: Map<string, HeaderValue> = new Map();
  let text = '';
  let html: string | null = null;
  const attachments: AttachmentInfo[] = [];
  const reportParts: ReportPart[] = [];
  const pending: Promise<void>[] = [];
  const prefixChunks: Buffer[] = [];
  let prefixSize = 0;

  const done = new Promise<void>((resolve) => {
    parser.on('headers', (h: Map<string, HeaderValue>) => {
      headers = h;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        const t = data as MessageText;
        text = cap(typeof t.text === 'string' ? t.text : '');
        html = typeof t.html === 'string' ? cap(t.html) : null;
        return;
      }
      const att = data as AttachmentStream;
      const ct = (att.contentType || 'application/octet-stream').toLowerCase();
      const isReport = REPORT_TYPES.has(ct);
      pending.push(
        readCapped(att.content, isReport ? REPORT_PART_LIMIT : 0)
          .then(({ text: content, size }) => {
            attachments.push({ filename: att.filename ?? null, contentType: ct, size });
            if (isReport) reportParts.push({ contentType: ct, content });
          })
          .catch((e: unknown) => {
            warnings.push(`attachment: ${(e as Error).message}`);
          })
          .finally(() => att.release?.()),
      );
    });
    parser.on('error', (e: Error) => {
      warnings.push(e.message);
      resolve();
    });
    parser.on('end', () => resolve());
  });

  input.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    rawSize += chunk.length;
    if (prefixSize < RAW_PREFIX_LIMIT) {
      const slice = chunk.subarray(0, RAW_PREFIX_LIMIT - prefixSize);
      prefixChunks.push(slice);
      prefixSize += slice.length;
    }
  });
  input.on('error', (e: Error) => parser.destroy(e));
  input.pipe(new LeadingWhitespaceTrimmer()).pipe(parser);
  await done;
  await Promise.all(pending);

  // A multipart whose boundary never appears (common in anonymised or truncated bounces) yields no
  // parts at all; its raw body is still the best text we have.
  const contentType = headerToString(headers.get('content-type')).toLowerCase();
  if (!text.trim() && !html && attachments.length === 0 && contentType.startsWith('multipart/')) {
    text = cap(rawBody(Buffer.concat(prefixChunks)));
    if (text.trim()) warnings.push('multipart without readable parts: raw body used as text');
  }

  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers.get(name);
    if (v !== undefined) kept[name] = headerToString(v);
  }
  const date = headers.get('date');
  const messageId = headerToString(headers.get('message-id')).trim() || null;
  const inReplyTo = headerToString(headers.get('in-reply-to')).trim();
  const from = addresses(headers.get('from'))[0] ?? null;
  const replyTo = addresses(headers.get('reply-to'))[0] ?? null;

  return {
    messageId,
    inReplyTo: inReplyTo ? (messageIds(inReplyTo)[0] ?? null) : null,
    references: messageIds(headerToString(headers.get('references'))),
    from,
    replyTo,
    to: recipients(headers.get('to'), 'to', warnings),
    cc: recipients(headers.get('cc'), 'cc', warnings),
    subject: headerToString(headers.get('subject')),
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date : null,
    text,
    html,
    headers: kept,
    attachments,
    reportParts,
    rawSha256: hash.digest('hex'),
    rawSize,
    parseWarnings: warnings,
  };
}
