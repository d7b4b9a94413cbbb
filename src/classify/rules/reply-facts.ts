/**
 * Facts a human reply states: the URL of a placed link and the address of the person it refers us
 * to. Addresses of the sender and of our own mailboxes are never a referral.
 */

// Bounded and anchored at a token's start, so a long run of address-like characters is scanned once.
const URL_RE = /\bhttps?:\/\/[^\s<>"'()\]]{1,2000}|\bwww\.[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){1,8}[^\s<>"'()\]]{0,2000}/gi;
const EMAIL_RE = /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

function cleanUrl(u: string): string {
  const trimmed = u.replace(/[.,;:!?*>]+$/, '');
  return /^www\./i.test(trimmed) ? `https://${trimmed}` : trimmed;
}

export function findUrls(text: string): { url: string; index: number }[] {
  return [...text.matchAll(URL_RE)].map((m) => ({ url: cleanUrl(m[0]), index: m.index }));
}

/** The URL nearest after the "it's live" phrase, else the first URL in the reply. */
export function placedLinkUrl(text: string, phraseIndex: number | null, exclude: string[] = []): string | null {
  const urls = findUrls(text).filter((u) => !exclude.some((e) => u.url.toLowerCase().includes(e.toLowerCase())));
  if (!urls.length) return null;
  if (phraseIndex !== null) {
    const after = urls.filter((u) => u.index >= phraseIndex - 200);
    if (after.length) return after.sort((a, b) => Math.abs(a.index - phraseIndex) - Math.abs(b.index - phraseIndex))[0]!.url;
  }
  return urls[0]!.url;
}

export function otherAddresses(text: string, notThese: string[]): string[] {
  const skip = new Set(notThese.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const m of text.matchAll(EMAIL_RE)) {
    const a = m[0].toLowerCase().replace(/\.$/, '');
    if (!skip.has(a) && !out.includes(a)) out.push(a);
  }
  return out;
}
