import type { GateResult } from '../types.ts';
import { pass, trip } from '../gate-result.ts';
import type { DraftCheckContext, DraftToCheck } from './types.ts';
import { findEmails, findLinks } from './find-links.ts';

const GATE = 'draft-links-known';

/**
 * Every link and email address in the draft must already be in the thread or be our own content or
 * target post. This is what stops a draft (a model's, most likely) from carrying a link or a recipient
 * that came from nowhere we trust.
 */
export function draftLinksKnown(draft: DraftToCheck, context: DraftCheckContext): GateResult {
  const sources = [
    ...context.threadTexts,
    context.relationship.ourContent ?? '',
    context.relationship.targetBlogPost ?? '',
  ];
  const knownLinks = new Set<string>();
  const knownHosts = new Set<string>();
  const knownEmails = new Set<string>((context.threadAddresses ?? []).map((a) => a.toLowerCase()));
  for (const source of sources) {
    for (const link of findLinks(source)) {
      knownLinks.add(link.normalized);
      knownHosts.add(link.host);
    }
    for (const email of findEmails(source)) knownEmails.add(email);
  }
  for (const email of knownEmails) knownHosts.add(email.slice(email.indexOf('@') + 1));

  const body = `${draft.subject ?? ''}\n${draft.text}\n${draft.html ?? ''}`;
  // A bare host ("acme.com") is fine when that host is known; a URL with a path must match exactly.
  const unknownLinks = findLinks(body)
    .filter((l) => !knownLinks.has(l.normalized) && !(l.normalized === l.host && knownHosts.has(l.host)))
    .map((l) => l.raw);
  const unknownEmails = findEmails(body).filter((e) => !knownEmails.has(e));
  const unknown = [...new Set([...unknownLinks, ...unknownEmails])];

  const inputs = { unknownLinks: [...new Set(unknownLinks)], unknownEmails: [...new Set(unknownEmails)] };
  if (unknown.length > 0) return trip(GATE, `the draft contains links or addresses not in the thread: ${unknown.join(', ')}`, inputs);
  return pass(GATE, 'every link and address in the draft is already in the thread or our content', inputs);
}
