/**
 * A personalised first outreach email: their page (title and URL), our content, the contact's first
 * name and the angle, signed with the sender's name and signature (migration 017). Pure; the template when no model is configured, and the model's fallback. The
 * page title comes from the open web: it is reduced to one plain line before it is quoted, and the draft
 * checks run on whatever is produced (links, placeholders, length), so an odd title goes to a human.
 */
import { cleanFirstName } from '../draft/first-name.ts';
import { cleanSignature } from '../draft/sender.ts';

export interface FirstEmailRequest {
  /** The partner's domain, e.g. "blog.example". */
  domain: string;
  /** Their page we found (SERP: the ranking page); null when we only know the domain. */
  page: { url: string; title: string | null } | null;
  ourContent: string;
  /** Why this partner: a short phrase of the agency's ("a data-backed guide for remote teams"). */
  angle: string | null;
  /** The keyword the page ranks for, or the competitor that earned a link from them. */
  context: { keyword: string } | { competitorDomain: string } | null;
  contactFirstName: string | null;
  /** Who signs (the pitch's fromName, else the mailbox's or workspace's sender name: src/respond/draft/sender.ts). */
  senderName: string | null;
  /** The mailbox's or workspace's signature, on lines of its own under the name; null: none. */
  signature: string | null;
}

export interface FirstEmail {
  subject: string;
  text: string;
}

/** One line of at most `max` characters, without control characters, brackets or braces (placeholder look-alikes). */
export function plainLine(raw: string | null | undefined, max: number): string | null {
  if (!raw) return null;
  const line = [...raw]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('')
    .replace(/[[\]{}<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!line) return null;
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

export function templateFirstEmail(r: FirstEmailRequest): FirstEmail {
  const name = cleanFirstName(r.contactFirstName);
  const title = plainLine(r.page?.title, 90);
  const angle = plainLine(r.angle, 200);
  const sender = plainLine(r.senderName, 60);
  const signature = cleanSignature(r.signature);
  const subject = title ? `Your piece "${title}"` : `A resource for ${r.domain} readers`;
  const where =
    r.context && 'keyword' in r.context
      ? ` while researching ${plainLine(r.context.keyword, 80) ?? 'the topic'}`
      : r.context && 'competitorDomain' in r.context
        ? ` while looking at sites that cover the same ground as ${r.context.competitorDomain}`
        : '';
  const found = r.page
    ? title
      ? `I came across your article "${title}"${where}:\n${r.page.url}`
      : `I came across this page of yours${where}:\n${r.page.url}`
    : `I have been reading ${r.domain}${where}.`;
  const lines = [
    `Hi ${name ?? 'there'},`,
    '',
    found,
    '',
    angle
      ? `We recently published ${angle}, and I think it would be a useful addition for your readers:`
      : 'We recently published a piece that I think would be a useful addition for your readers:',
    r.ourContent,
    '',
    r.page ? 'Would you consider linking to it from your article?' : 'Would you consider linking to it where it fits?',
    '',
    'Thanks for your time,',
    sender ?? 'The team',
    ...(signature ? [signature] : []),
  ];
  return { subject: plainLine(subject, 120) ?? 'A resource for your readers', text: lines.join('\n') };
}
