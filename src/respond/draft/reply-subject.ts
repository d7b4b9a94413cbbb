/**
 * "Re: <subject>" for a reply in the same thread. Existing reply prefixes (Re, RE, Aw, Sv, Antw, …,
 * with or without counters like "Re[2]:") are folded into one "Re: ", so no "Re: Re:".
 */
const REPLY_PREFIX = /^\s*(?:(?:re|aw|sv|vs|antw|ref|r)(?:\s*\[\d+\]|\s*\(\d+\))?\s*:\s*)+/i;
const MAX_SUBJECT = 200;

export function replySubject(subject: string): string {
  // Header safety: no CR/LF (header injection), whitespace collapsed, length capped.
  const flat = subject.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  const base = flat.replace(REPLY_PREFIX, '').trim().slice(0, MAX_SUBJECT);
  return base === '' ? 'Re: our conversation' : `Re: ${base}`;
}
