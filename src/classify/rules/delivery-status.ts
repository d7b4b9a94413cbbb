/**
 * RFC 3464 delivery-status parsing: a per-message block followed by one block per recipient,
 * separated by blank lines, each a set of "Field: value" lines with folded continuations.
 */

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | 'unknown';

export interface DsnRecipient {
  recipient: string | null;
  originalRecipient: string | null;
  action: DsnAction;
  /** RFC 3463 enhanced status code (e.g. "5.1.1"), null when absent or malformed. */
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

const ACTIONS: readonly DsnAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];

/** Splits a block of header-like lines into lower-cased field → value, unfolding continuations. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    last = m[1]!.toLowerCase();
    // Keep the first occurrence: some MTAs repeat fields and the first is the authoritative one.
    if (!out.has(last)) out.set(last, m[2]!.trim());
  }
  return out;
}

/** "rfc822; <User@Example.org>" → "user@example.org". */
export function addressFromField(v: string | undefined): string | null {
  if (!v) return null;
  // An address field is short; a megabyte of it is not read.
  const field = v.slice(0, 1000);
  const value = field.includes(';') ? field.slice(field.indexOf(';') + 1) : field;
  // Token by token (a single pattern rescanned a long run without "@" from every position).
  const token = value.split(/[<>\s;"]+/).find((t) => /^[^@]+@[^@]/.test(t));
  return token ? token.toLowerCase().replace(/[.,]$/, '') : null;
}

export function normaliseStatus(v: string | undefined | null): string | null {
  if (!v) return null;
  const m = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(v);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

function toAction(v: string | undefined, status: string | null): DsnAction {
  const a = (v ?? '').trim().toLowerCase().split(/[\s(]/)[0] ?? '';
  if ((ACTIONS as readonly string[]).includes(a)) return a as DsnAction;
  if (/^fail/.test(a)) return 'failed';
  if (/^delay/.test(a)) return 'delayed';
  // No (or a non-standard) Action: infer it from the status class, as RFC 3464 readers usually do.
  if (status?.startsWith('5')) return 'failed';
  if (status?.startsWith('4')) return 'delayed';
  if (status?.startsWith('2')) return 'delivered';
  return 'unknown';
}

const MAX_REPORT = 256 * 1024;
const MAX_BLOCKS = 2000;

/** Parses one message/delivery-status body into its recipient blocks (the per-message block is skipped). */
export function parseDeliveryStatus(content: string): DsnRecipient[] {
  // A report for a thousand recipients is a few hundred kilobytes; read no more than that.
  const blocks = content.slice(0, MAX_REPORT).replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/, MAX_BLOCKS);
  const out: DsnRecipient[] = [];
  for (const block of blocks) {
    const f = fields(block);
    if (!f.has('final-recipient') && !f.has('original-recipient') && !f.has('action') && !f.has('status')) continue;
    const status = normaliseStatus(f.get('status')) ?? normaliseStatus(f.get('diagnostic-code'));
    const recipient = addressFromField(f.get('final-recipient')) ?? addressFromField(f.get('original-recipient'));
    out.push({
      recipient,
      originalRecipient: addressFromField(f.get('original-recipient')),
      action: toAction(f.get('action'), status),
      status,
      diagnostic: f.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? null,
      remoteMta: f.get('remote-mta') ?? null,
    });
  }
  return out;
}
