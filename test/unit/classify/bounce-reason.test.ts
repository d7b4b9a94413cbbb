import { describe, it, expect } from 'vitest';
import { decideSeverity } from '../../../src/classify/rules/bounce-reason.ts';
import { parseDeliveryStatus } from '../../../src/classify/rules/delivery-status.ts';

describe('decideSeverity', () => {
  const none = { diagnostic: null, bodyText: null, replyCode: null };
  it.each([
    [{ ...none, status: '5.1.1' }, 'hard', 'address'],
    [{ ...none, status: '4.2.2' }, 'soft', 'transient'],
    [{ ...none, status: '5.7.1' }, 'soft', 'policy'],
    [{ ...none, status: '5.1.8' }, 'soft', 'policy'],
    [{ ...none, status: '5.2.2' }, 'soft', 'transient'],
    [{ ...none, status: '5.0.0', diagnostic: '550 5.1.1 <a@b.c>... User unknown' }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: '550 Host or domain name not found' }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: '554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org' }, 'soft', 'policy'],
    [{ ...none, status: '5.0.0', diagnostic: '552 Mailbox full' }, 'soft', 'transient'],
    [{ ...none, status: '5.0.0', diagnostic: '550 Message rejected: message size exceeds limit' }, 'soft', 'policy'],
    [{ ...none, status: '4.0.0', diagnostic: 'Domain name not found' }, 'soft', 'transient'],
    [{ ...none, status: null, diagnostic: '550 Unknown user x@y.jp (in reply to end of DATA command)' }, 'soft', 'policy'],
    [{ ...none, status: null, diagnostic: 'mysterious', replyCode: '550' }, 'hard', 'address'],
    [{ ...none, status: null, diagnostic: 'mysterious' }, 'soft', 'unknown'],
    // "User unknown" needs corroboration (bounce-evidence.ts): alone it reads as a filter refusal.
    [{ ...none, status: null, diagnostic: '550 Unknown user kijitora@example.co.jp' }, 'soft', 'policy'],
    [{ ...none, status: '5.0.0', diagnostic: '550 kijitora@example.com... No such user' }, 'soft', 'policy'],
    [{ ...none, status: '5.2.1', diagnostic: '550 5.2.1 <a@example.jp>... User Unknown' }, 'soft', 'policy'],
    [{ ...none, status: '5.0.0', diagnostic: '550 5.1.1 <a@b.c>... User unknown' }, 'hard', 'address'],
    [{ ...none, status: null, diagnostic: null, bodyText: '>>> RCPT To:<a@b.c>\n<<< 553 5.3.0 <a@b.c>... No such user here' }, 'hard', 'address'],
    [{ ...none, status: '5.3.0', diagnostic: null, bodyText: 'SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@b.c>... No such user here' }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: '550 <a@b.c>: Recipient address rejected: User unknown in local recipient table' }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: 'X-Postfix; unknown user: "1"' }, 'hard', 'address'],
    [{ ...none, status: '5.5.0', diagnostic: null, bodyText: 'mail.local: unknown user: kijitora\n554 <k@example.net>... Service unavailable' }, 'hard', 'address'],
    // au (KDDI): no address = reception filter; with the address = no such user.
    [{ ...none, status: '5.1.351', diagnostic: "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable -> 550 : User unknown" }, 'soft', 'policy'],
    [{ ...none, status: '5.0.0', diagnostic: '550 <neko@ezweb.ne.jp>: User unknown' }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: '550 <neko@example.jp>: User unknown' }, 'soft', 'policy'],
    // Providers' own wordings.
    [{ ...none, status: '5.0.0', diagnostic: "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]" }, 'hard', 'address'],
    [{ ...none, status: '5.0.0', diagnostic: 'The email account that you tried to reach does not exist.' }, 'hard', 'address'],
    [{ ...none, status: '5.5.0', diagnostic: '550 Requested action not taken: mailbox unavailable', origin: 'postmaster@hotmail.com' }, 'hard', 'address'],
    [{ ...none, status: '5.5.0', diagnostic: '550 Requested action not taken: mailbox unavailable', origin: 'mailer-daemon@example.org' }, 'soft', 'policy'],
    // Amazon SES's own status description is not the remote reply.
    [{ ...none, status: '5.0.0', diagnostic: "5.1.0 - Unknown address error 550-'5.7.1 <a@b.c>... Access denied' (delivery attempts: 0)" }, 'soft', 'policy'],
    [{ ...none, status: '5.2.1', diagnostic: '550 5.2.1 The email account that you tried to reach is disabled.' }, 'soft', 'transient'],
    // A 4xx reply without a specific 5.x.x status is the server asking to retry (RFC 5321).
    [{ ...none, status: null, diagnostic: '450 <a@b.c>: User unknown (in reply to RCPT TO command)' }, 'soft', 'transient'],
    [{ ...none, status: '5.0.0', diagnostic: '451 4.3.0 temporary lookup failure; user unknown' }, 'soft', 'transient'],
    // Refused before RCPT TO (greeting, EHLO, MAIL FROM) or after end of DATA: not about the address.
    [{ ...none, status: '5.0.0', diagnostic: null, bodyText: 'SMTP error from remote mail server after EHLO mx.example.org:\n550 Rejected', replyCode: '550' }, 'soft', 'policy'],
    [{ ...none, status: '5.0.0', diagnostic: null, bodyText: 'SMTP error from remote mail server after end of data:\n550 5.2.0 From: domain is invalid' }, 'soft', 'policy'],
    // … unless the address itself was judged (a provider's wording, an address status) or the host is unknown.
    [{ ...none, status: '5.0.0', diagnostic: null, bodyText: "SMTP error after end of data:\n554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com)" }, 'hard', 'address'],
    [{ ...none, status: '5.1.1', diagnostic: null, bodyText: 'SMTP error from remote mail server after end of data:\n550 5.1.1 <a@b.c> user unknown' }, 'hard', 'address'],
    // sisimai: a Diagnostic-Code of type X-Unix is the local delivery program failing (mailererror).
    [{ ...none, status: '5.1.1', diagnostic: 'x-unix; procmail: Couldn\'t create "/var/spool/mail/neko": No such user' }, 'soft', 'policy'],
  ] as const)('%j → %s/%s', (input, kind, reason) => {
    expect(decideSeverity(input)).toEqual({ kind, reason });
  });
});

describe('parseDeliveryStatus', () => {
  it('reads each recipient block with folded fields', () => {
    const dsn = [
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; <A@Example.org>',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User',
      '  unknown',
      '',
      'Final-Recipient: rfc822; b@example.org',
      'Action: delayed',
      'Status: 4.4.1',
    ].join('\r\n');
    expect(parseDeliveryStatus(dsn)).toEqual([
      { recipient: 'a@example.org', originalRecipient: null, action: 'failed', status: '5.1.1', diagnostic: '550 5.1.1 User unknown', remoteMta: null },
      { recipient: 'b@example.org', originalRecipient: null, action: 'delayed', status: '4.4.1', diagnostic: null, remoteMta: null },
    ]);
  });
});
