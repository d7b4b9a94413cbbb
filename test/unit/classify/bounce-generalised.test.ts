import { describe, expect, it } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { email } from './helpers.ts';

const now = new Date('2026-12-01T12:00:00Z');
const daemon = { address: 'MAILER-DAEMON@gw.example.net', name: 'Mail Delivery Subsystem' };

describe('bounces read from their general shape (issue 9)', () => {
  it('reads a report a gateway forwarded whole as a message/rfc822 attachment', () => {
    const forwarded = [
      'From: Mail Delivery Subsystem <MAILER-DAEMON@mta.example.net>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"',
      '',
      '--B1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mta.example.net',
      '',
      'Final-Recipient: rfc822; gone@partner.example',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      '--B1--',
    ].join('\n');
    const r = classifyWithRules({
      email: email({ from: daemon, subject: 'Returned mail: User unknown', text: 'The following addresses had permanent delivery errors', reportParts: [{ contentType: 'message/rfc822', content: forwarded }] }),
      now,
    });
    expect(r.intent).toBe('BOUNCE');
    expect(r.facts.bounce).toMatchObject({ kind: 'hard', status: '5.1.1', recipient: 'gone@partner.example' });
  });

  it('never reads an attached outbound message as a report when the outer mail is no bounce', () => {
    const attached = 'Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@partner.example\nAction: failed\nStatus: 5.1.1\n';
    const r = classifyWithRules({ email: email({ text: 'Sounds good, see the forwarded thread.', reportParts: [{ contentType: 'message/rfc822', content: attached }] }), now });
    expect(r.intent).not.toBe('BOUNCE');
  });

  it('cPanel/Exim "the account or domain may not exist" is hard', () => {
    const text = [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  gone@partner.example',
      '    The mail server could not deliver mail to gone@partner.example.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.',
    ].join('\n');
    const r = classifyWithRules({ email: email({ from: daemon, subject: 'Mail delivery failed: returning message to sender', text }), now });
    expect(r.facts.bounce).toMatchObject({ kind: 'hard', recipient: 'gone@partner.example' });
  });

  it('one failed recipient: the notice\'s own "account is disabled" outweighs a bare user unknown', () => {
    const report = 'Reporting-MTA: dns; mx.carrier.example\n\nFinal-Recipient: rfc822; paused@carrier.example\nAction: failed\nStatus: 5.0.0\n';
    const text = 'The user(s) account is disabled.\n\n<paused@carrier.example>: 550 user unknown (in reply to RCPT TO command)';
    const r = classifyWithRules({ email: email({ from: daemon, subject: 'Mail System Error - Returned Mail', text, reportParts: [{ contentType: 'message/delivery-status', content: report }] }), now });
    expect(r.facts.bounce).toMatchObject({ kind: 'soft', reason: 'transient' });
  });
});
