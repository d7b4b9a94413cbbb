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
