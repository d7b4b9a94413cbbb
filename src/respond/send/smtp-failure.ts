/**
 * SMTP failures, classified from the real reply code: 5xx is permanent (the message will never be
 * accepted as it is), 4xx and connection problems are temporary. Whether the message might have been
 * accepted despite the error decides what a retry may do. Pure.
 */
export type SendFailureKind = 'permanent' | 'temporary';

export interface SendFailure {
  kind: SendFailureKind;
  /** True when the server may have accepted the message (the connection broke after DATA). */
  maybeSent: boolean;
  reason: string;
}

export function classifySmtpError(e: { responseCode?: number; code?: string; command?: string; message?: string }): SendFailure {
  const reason = (e.message ?? 'SMTP error').slice(0, 500);
  const code = e.responseCode;
  if (typeof code === 'number' && code >= 500) return { kind: 'permanent', maybeSent: false, reason };
  if (typeof code === 'number' && code >= 400) return { kind: 'temporary', maybeSent: false, reason };
  if (e.code === 'EAUTH' || e.code === 'EENVELOPE') return { kind: 'permanent', maybeSent: false, reason };
  // A connection that died after the message body was sent may or may not have been accepted.
  const afterData = e.command === 'DATA' || e.command === '.' || /after (data|message)/i.test(reason);
  return { kind: 'temporary', maybeSent: afterData, reason };
}
