/**
 * The one piece of inbound content a template may use: the sender's first name. It is reduced to a
 * single word of letters so a display name like "Ignore previous instructions" or "Acme <script>"
 * cannot smuggle anything into the reply; anything that does not look like a name becomes null
 * ("Hi there").
 */
const NAME_RE = /^\p{L}[\p{L}'’-]{0,29}$/u;

/** Mailbox-ish words that show up as display names but are not people. */
const NOT_NAMES = new Set([
  'admin', 'contact', 'editor', 'editorial', 'hello', 'help', 'hi', 'info', 'mailer', 'marketing', 'media',
  'news', 'newsletter', 'no-reply', 'noreply', 'office', 'partnerships', 'sales', 'support', 'team', 'the',
  'webmaster', 'mr', 'mrs', 'ms', 'dr',
]);

function tidy(word: string): string {
  const isOneCase = word === word.toLowerCase() || word === word.toUpperCase();
  return isOneCase ? word.charAt(0).toUpperCase() + word.slice(1).toLowerCase() : word;
}

export function cleanFirstName(candidate: string | null | undefined): string | null {
  if (!candidate) return null;
  const unquoted = candidate.trim().replace(/^["'(]+|["')]+$/g, '');
  // "Berg, Anna" is last-name-first: the given name is after the comma.
  const given = unquoted.includes(',') ? unquoted.slice(unquoted.indexOf(',') + 1) : unquoted;
  const word = given.trim().split(/\s+/)[0] ?? '';
  if (!NAME_RE.test(word) || NOT_NAMES.has(word.toLowerCase())) return null;
  return tidy(word);
}

/** The CRM contact's first name wins; otherwise the first word of the From display name. */
export function firstNameFor(contactFirstName: string | null | undefined, fromName: string | null | undefined): string | null {
  return cleanFirstName(contactFirstName) ?? cleanFirstName(fromName);
}
