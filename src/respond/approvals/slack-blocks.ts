/**
 * The few Block Kit shapes we send (https://api.slack.com/reference/block-kit), typed locally so the
 * builder needs no Slack SDK. Limits from the reference are enforced where text is built.
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
}
export interface ConfirmDialog {
  title: PlainText;
  text: Mrkdwn;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; block_id?: string; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'divider' }
  | { type: 'actions'; block_id: string; elements: ButtonElement[] };

export interface SlackMessage {
  /** Notification and accessibility fallback. */
  text: string;
  blocks: SlackBlock[];
}

export const LIMITS = { header: 150, sectionText: 3000, field: 2000, fields: 10, contextElements: 10 } as const;

/** Escapes the three characters Slack's mrkdwn treats as control, so `<!channel>` or `<https://x|y>` in an email stays text. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export const plain = (text: string, max: number = LIMITS.header): PlainText => ({ type: 'plain_text', text: truncate(text, max), emoji: true });
export const mrkdwn = (text: string, max: number = LIMITS.sectionText): Mrkdwn => ({ type: 'mrkdwn', text: truncate(text, max) });
