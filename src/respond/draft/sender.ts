/**
 * Who signs a reply: the mailbox's sender name and signature, else the workspace's, per field (a
 * mailbox may set only its name and share the workspace's signature). Without either, the display name
 * of our own address in the partner's To header, if it reads as a person's name — never the
 * workspace's name, which is the agency's client, not a person (issue 11: "Best, Client One").
 * Pure; the settings are read by db/sender-settings.ts.
 */
export interface SenderSettings {
  senderName: string | null;
  signature: string | null;
}

export interface SenderIdentity {
  /** The name under "Best,"; null: none known. */
  name: string | null;
  /** Lines added under the name, as configured; null: none. */
  signature: string | null;
}

export const SENDER_NAME_MAX = 100;
export const SIGNATURE_MAX = 1000;
export const SIGNATURE_MAX_LINES = 10;

/** One line, no control characters, bounded; null when nothing is left. */
export function cleanSenderName(name: string | null | undefined): string | null {
  const v = (name ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, SENDER_NAME_MAX);
  return v || null;
}

/** At most ten lines, each without control characters or trailing blanks; null when empty. */
export function cleanSignature(signature: string | null | undefined): string | null {
  const lines = (signature ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/[ \t]+$/g, ''));
  while (lines.length && !lines[0]!.trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  const v = lines.slice(0, SIGNATURE_MAX_LINES).join('\n').slice(0, SIGNATURE_MAX);
  return v.trim() ? v : null;
}

/** A display name that reads as a person ("Sam Lee", "Anne-Marie O'Neil"): letters, up to four words. */
const PERSON_NAME = /^\p{L}[\p{L}'’.-]*(?: \p{L}[\p{L}'’.-]*){0,3}$/u;

export function personName(displayName: string | null | undefined): string | null {
  const v = cleanSenderName(displayName?.replace(/^["']+|["']+$/g, ''));
  return v && v.length <= 60 && PERSON_NAME.test(v) ? v : null;
}

export function resolveSender(o: { mailbox?: SenderSettings | null; workspace?: SenderSettings | null; ourDisplayName?: string | null }): SenderIdentity {
  return {
    name: cleanSenderName(o.mailbox?.senderName) ?? cleanSenderName(o.workspace?.senderName) ?? personName(o.ourDisplayName),
    signature: cleanSignature(o.mailbox?.signature) ?? cleanSignature(o.workspace?.signature),
  };
}

/** The closing lines of a plain-text reply: "Best," and the name, then the signature. */
export function signOff(sender: SenderIdentity): string {
  const lines = [sender.name ? `Best,\n${sender.name}` : 'Best regards', ...(sender.signature ? [sender.signature] : [])];
  return lines.join('\n');
}
