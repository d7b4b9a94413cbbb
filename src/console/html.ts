/**
 * The console's one way to write HTML: the `html` tagged template escapes every interpolated value
 * (through `esc`, the escaper the approval page and emails use) unless it is already `SafeHtml` built by
 * this same tag. Anything from an email, the CRM or a form is therefore escaped by default; nothing in
 * src/console concatenates untrusted strings into markup by hand.
 */
import { esc } from '../respond/approvals/html.ts';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(v: Part): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return (v as readonly Part[]).map(render).join('');
  return esc(v as string | number);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Untrusted text shown as is (escaped, line breaks kept by CSS), cut to `max` characters. */
export function text(s: string | null | undefined, max = 20_000): SafeHtml {
  const t = (s ?? '').trim();
  return new SafeHtml(esc(t.length > max ? `${t.slice(0, max - 1)}…` : t));
}

/** A path of ours with ids and query values encoded (never a URL taken from an email). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const seg = (id: string): string => encodeURIComponent(id);
