/** Approval emails through nodemailer to SMTP_URL. SMTP 4xx and connection errors retry; 5xx are permanent. */
import nodemailer from 'nodemailer';
import { AppError } from '../../../errors.ts';
import type { ApprovalMailer } from '../ports.ts';

export interface SmtpMailerOptions {
  smtpUrl: string;
  from: string;
}

export function createSmtpMailer(opts: SmtpMailerOptions): ApprovalMailer & { close(): void } {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        return { messageId: typeof info.messageId === 'string' ? info.messageId : null };
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        if (typeof code === 'number' && code >= 500) throw new AppError('PERMANENT', `SMTP refused the approval email: ${(e as Error).message}`, { cause: e });
        throw new AppError('UNAVAILABLE', `SMTP failed: ${(e as Error).message}`, { cause: e });
      }
    },
    close() {
      transport.close();
    },
  };
}
