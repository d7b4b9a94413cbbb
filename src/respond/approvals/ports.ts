/** The effects the approval step needs; adapters/ implements them, tests pass fakes over real HTTP/SMTP. */
import type { SlackBlock } from './slack-blocks.ts';

export interface SlackPostedMessage {
  channel: string;
  ts: string;
}

export interface SlackClient {
  /** chat.postMessage with the bot token. */
  postMessage(msg: { channel: string; text: string; blocks?: SlackBlock[]; threadTs?: string }): Promise<SlackPostedMessage>;
  /** chat.update of a message we posted. */
  update(msg: { channel: string; ts: string; text: string; blocks: SlackBlock[] }): Promise<void>;
  /** An answer through an interaction's response_url (e.g. an ephemeral "not allowed"). */
  respond(responseUrl: string, body: { response_type: 'ephemeral'; replace_original: false; text: string }): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface ApprovalMailer {
  send(mail: OutgoingEmail): Promise<{ messageId: string | null }>;
}
