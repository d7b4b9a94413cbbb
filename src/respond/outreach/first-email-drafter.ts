/**
 * Who writes a campaign's first emails: Claude when configured (adapters/claude-first-email.ts), the
 * template otherwise or when the model fails. The draft checks run on the result either way, and every
 * first email waits for approval by default.
 */
import { templateFirstEmail, type FirstEmail, type FirstEmailRequest } from './first-email.ts';

export interface FirstEmailDraft {
  email: FirstEmail;
  by: 'template' | 'model';
  model?: { name: string; promptVersion: string; fallback?: string };
}

export interface FirstEmailDrafter {
  draft(req: FirstEmailRequest): Promise<FirstEmailDraft>;
}

export const templateFirstEmailDrafter: FirstEmailDrafter = {
  async draft(req) {
    return { email: templateFirstEmail(req), by: 'template' };
  },
};
