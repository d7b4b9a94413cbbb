/**
 * Issue 10 item 1: no pattern in the machine-mail rules (bounces, DSNs, SES, complaints, auto-replies,
 * out-of-office, return dates) may take super-linear time. Each rule reads 1 MB of adversarial text
 * (the shapes that make overlapping quantifiers backtrack: runs of spaces, letters, dashes, quote
 * marks, header-like lines, unclosed brackets, half addresses) followed by a trigger, and must take at
 * most ten times as long as on the same text at a quarter of the size (test/support/linear-time.ts): a
 * quadratic pattern takes minutes on these inputs, a linear one a few milliseconds. (A fixed 1 s budget
 * stood here before; it failed on a loaded machine with nothing quadratic in sight.)
 */
import { describe, expect, it } from 'vitest';
import { growth } from '../../support/linear-time.ts';
import { readAutoReplyHeaders, isChallengeResponse } from '../../../src/classify/rules/auto-reply.ts';
import { readDeliveryNotice } from '../../../src/classify/rules/bounce.ts';
import { answeredForAddress, userUnknownCorroborated, withoutUserUnknown } from '../../../src/classify/rules/bounce-evidence.ts';
import { decideSeverity, severityFromText } from '../../../src/classify/rules/bounce-reason.ts';
import { diagnosticRegion, emailAddresses, findReplyCode, findStatus, paragraphAbout, readBounceText } from '../../../src/classify/rules/bounce-text.ts';
import { readComplaint } from '../../../src/classify/rules/complaint.ts';
import { addressFromField, parseDeliveryStatus } from '../../../src/classify/rules/delivery-status.ts';
import { isShortAbsenceNote, mentionsAbsence } from '../../../src/classify/rules/out-of-office.ts';
import { findReturnDate } from '../../../src/classify/rules/return-date.ts';
import { isSesComplaint, readSesNotification } from '../../../src/classify/rules/ses-notification.ts';
import { email, NOW } from './helpers.ts';

const MB = 1 << 20;
const TRIGGER = '\nSounds great! Mail delivery failed: 550 5.1.1 <kim@example.com>: user unknown. Back on 12 June.';

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + TRIGGER;
}

const UNITS: [string, string][] = [
  ['spaces', ' '],
  ['letters', 'a'],
  ['dashes', '-'],
  ['quote marks', '> '],
  ['tabs and quotes', ' \t>'],
  ['blank-ish lines', '\n \n\t'],
  ['header-like lines', 'X-Header-Name: some value here\n'],
  ['continued DSN fields', 'Final-Recipient: rfc822; a\n\t'],
  ['unclosed bracket', '[auto'],
  ['half addresses', 'a@'],
  ['dotted words', 'a.'],
  ['reply codes', '450 '],
  ['statuses', '5.1.'],
  ['separator dashes', '-- '],
  ['date cues', 'back until '],
  ['numeric dates', 'ab 1.'],
  ['JSON openings', '{"notificationType"'],
  ['rcpt words', 'rcpt '],
];

/** Built once: [name, a quarter megabyte, a megabyte], each followed by the trigger. */
const INPUTS: [string, string, string][] = UNITS.map(([name, unit]) => [name, fill(unit, MB / 4), fill(unit)]);

const RULES: [string, (input: string) => unknown][] = [
  ['diagnosticRegion', (s) => diagnosticRegion(s)],
  ['readBounceText', (s) => readBounceText(email({ subject: s.slice(0, 2000) }), s)],
  ['findStatus', (s) => findStatus(s)],
  ['findReplyCode', (s) => findReplyCode(s)],
  ['emailAddresses', (s) => emailAddresses(s)],
  ['paragraphAbout', (s) => paragraphAbout(s, 'kim@example.com')],
  ['readDeliveryNotice (text)', (s) => readDeliveryNotice(email({ from: { address: 'mailer-daemon@example.net', name: '' }, subject: 'Undelivered Mail', text: s }), s)],
  [
    'readDeliveryNotice (DSN part)',
    (s) => readDeliveryNotice(email({ text: 'x', reportParts: [{ contentType: 'message/delivery-status', content: s }] }), 'x', ['kim@example.com']),
  ],
  ['parseDeliveryStatus', (s) => parseDeliveryStatus(s)],
  ['addressFromField', (s) => addressFromField(s)],
  ['readSesNotification', (s) => readSesNotification(s)],
  ['isSesComplaint', (s) => isSesComplaint(s)],
  ['readComplaint', (s) => readComplaint(email({ subject: s.slice(0, 2000), from: { address: s.slice(0, 2000), name: '' } }), s)],
  ['readAutoReplyHeaders (subject)', (s) => readAutoReplyHeaders(email({ subject: s }))],
  ['isChallengeResponse', (s) => isChallengeResponse(s)],
  ['mentionsAbsence', (s) => mentionsAbsence(s)],
  ['isShortAbsenceNote', (s) => isShortAbsenceNote(s)],
  ['findReturnDate', (s) => findReturnDate(s, NOW)],
  ['severityFromText', (s) => severityFromText(s)],
  ['decideSeverity', (s) => decideSeverity({ status: '5.0.0', diagnostic: s, bodyText: s, replyCode: null, origin: s })],
  ['withoutUserUnknown', (s) => withoutUserUnknown(s)],
  ['answeredForAddress', (s) => answeredForAddress(s)],
  ['userUnknownCorroborated', (s) => userUnknownCorroborated({ text: s, context: s, status: null, origin: s })],
];

describe('machine-mail rules run in linear time on 1 MB of adversarial text', () => {
  for (const [rule, run] of RULES) {
    it.each(INPUTS)(`${rule}: %s + trigger grows linearly`, (name, quarter, full) => {
      const g = growth(run, quarter, full, `${rule} on ${name}`);
      expect(g.ms, g.report).toBeLessThan(g.limit);
    });
  }
});
