/**
 * Realistic Instantly `reply_received` webhook bodies of about 5 KB: a distinct `email_id` per
 * request, a few hundred lead addresses spread over ~50 partner domains. The body is built from
 * pre-rendered pieces so the load generator spends little CPU per request.
 */
import { randomBytes } from 'node:crypto';

export interface PayloadOptions {
  leads: number;
  domains: number;
  /** Target size of the JSON body in bytes. */
  bytes: number;
}

export const DEFAULT_PAYLOAD: PayloadOptions = { leads: 300, domains: 50, bytes: 5 * 1024 };

const FIRST = ['anna', 'ben', 'carla', 'dev', 'elena', 'farid', 'greta', 'hugo', 'ines', 'jonas', 'kim', 'luca'];
const TOPICS = ['marketing', 'travel', 'fintech', 'gardening', 'saas', 'fitness', 'parenting', 'crypto', 'food', 'devops'];

function paragraph(i: number): string {
  const topic = TOPICS[i % TOPICS.length]!;
  return (
    `Thanks for reaching out about the ${topic} piece. We do accept contributed articles on our blog, ` +
    `but every post goes through an editorial review first and we only link to resources that add value for our readers. ` +
    `Our current rate for a link insertion into an existing article is $${150 + (i % 7) * 25}, and a new guest post is $${300 + (i % 5) * 50}. `
  );
}

export class PayloadFactory {
  readonly leads: string[];
  private readonly pieces: { head: string; tail: string }[];
  private readonly nonce = randomBytes(4).toString('hex');
  private n = 0;
  private readonly t0 = Date.parse('2025-06-02T09:00:00Z');

  constructor(readonly opts: PayloadOptions = DEFAULT_PAYLOAD) {
    this.leads = Array.from({ length: opts.leads }, (_, i) => `${FIRST[i % FIRST.length]}.${i}@${TOPICS[i % TOPICS.length]}-blog-${i % opts.domains}.example`);
    this.pieces = this.leads.map((lead, i) => {
      const head = {
        event_type: 'reply_received',
        workspace: '3f2b1c9e-7a4d-4e1b-9c2a-5d6e7f8a9b0c',
        campaign_id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        campaign_name: 'Q3 guest post outreach',
        lead_email: lead,
        email_account: 'outreach@agency-mail.example',
        unibox_url: 'https://app.instantly.ai/app/unibox',
        step: 1 + (i % 3),
        variant: 1,
        is_first: i % 3 === 0,
        email_subject: `Guest post idea for ${lead.split('@')[1]}`,
        reply_subject: `Re: Guest post idea for ${lead.split('@')[1]}`,
      };
      let text = `Hi,\n\n`;
      for (let k = 0; text.length < (opts.bytes - 900) / 2; k++) text += paragraph(i + k);
      text += `\nBest,\n${FIRST[i % FIRST.length]}`;
      const html = `<div>${text.replace(/\n/g, '<br>')}</div>`.slice(0, Math.max(0, opts.bytes - 900 - text.length));
      const jsonHead = JSON.stringify(head).slice(0, -1);
      const tail = `,"reply_text":${JSON.stringify(text)},"reply_html":${JSON.stringify(html)},"reply_text_snippet":${JSON.stringify(text.slice(0, 120))}}`;
      return { head: jsonHead, tail };
    });
  }

  /** The next body: a new email_id and timestamp, round-robin over the leads. */
  next(): string {
    const i = this.n++;
    const p = this.pieces[i % this.pieces.length]!;
    const ts = new Date(this.t0 + i * 10).toISOString();
    const id = `0198${this.nonce}-${(i >>> 16).toString(16).padStart(4, '0')}-4${(i & 0xfff).toString(16).padStart(3, '0')}-8000-${i.toString(16).padStart(12, '0')}`;
    return `${p.head},"timestamp":"${ts}","email_id":"${id}"${p.tail}`;
  }
}
