/** Builders for the ParsedEmail the classifier reads, so table rows stay one line each. */
import type { ParsedEmail, ReportPart } from '../../../src/ingest/types.ts';

export function email(over: Partial<ParsedEmail> = {}): ParsedEmail {
  return {
    messageId: '<m1@partner.example>',
    inReplyTo: null,
    references: [],
    from: { address: 'editor@partner-blog.example', name: 'Editor' },
    replyTo: null,
    to: [{ address: 'outreach@ourseoagency.com', name: '' }],
    cc: [],
    subject: 'Re: Collaboration idea',
    date: null,
    text: '',
    html: null,
    headers: {},
    attachments: [],
    reportParts: [],
    rawSha256: '',
    rawSize: 0,
    parseWarnings: [],
    ...over,
  };
}

export function dsn(recipients: { rcpt: string; action: string; status: string; diag?: string }[]): ReportPart {
  const blocks = recipients.map((r) => [`Final-Recipient: rfc822; ${r.rcpt}`, `Action: ${r.action}`, `Status: ${r.status}`, ...(r.diag ? [`Diagnostic-Code: smtp; ${r.diag}`] : [])].join('\n'));
  return { contentType: 'message/delivery-status', content: ['Reporting-MTA: dns; mx.example.net', '', ...blocks.flatMap((b) => [b, ''])].join('\n') };
}

export const daemon = { address: 'mailer-daemon@mx.example.net', name: 'Mail Delivery System' };
export const NOW = new Date('2025-06-02T09:00:00Z');
