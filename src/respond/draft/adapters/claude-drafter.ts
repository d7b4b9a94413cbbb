/** Drafts replies with Claude; any failure falls back to the template (recorded on the result). */
import Anthropic from '@anthropic-ai/sdk';
import { replySubject } from '../reply-subject.ts';
import { textToHtml } from '../text-to-html.ts';
import { templateDraft, type Drafter, type DraftRequest, type DraftResult } from '../drafter.ts';
import { buildDraftPrompt, DRAFT_PROMPT_VERSION, DRAFT_SYSTEM_PROMPT, DRAFT_TOOL, DRAFT_TOOL_NAME, withSignature } from '../draft-prompt.ts';

export interface ClaudeDrafterOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export function createClaudeDrafter(o: ClaudeDrafterOptions): Drafter {
  const client = new Anthropic({
    apiKey: o.apiKey,
    baseURL: o.baseURL ?? 'https://api.anthropic.com',
    timeout: o.timeoutMs ?? 20_000,
    maxRetries: o.maxRetries ?? 2,
    webhookKey: null,
    logLevel: 'off',
  });
  return {
    async draft(req: DraftRequest): Promise<DraftResult> {
      const meta = { name: o.model, promptVersion: DRAFT_PROMPT_VERSION };
      const started = performance.now();
      try {
        const res = await client.messages.create({
          model: o.model,
          max_tokens: 800,
          system: DRAFT_SYSTEM_PROMPT,
          messages: [{ role: 'user', content: buildDraftPrompt(req) }],
          tools: [DRAFT_TOOL],
          tool_choice: { type: 'tool', name: DRAFT_TOOL_NAME },
        });
        const block = res.content.find((b) => b.type === 'tool_use' && b.name === DRAFT_TOOL_NAME);
        const text = block && block.type === 'tool_use' ? (block.input as { text?: unknown }).text : undefined;
        const usage = { inputTokens: res.usage.input_tokens, outputTokens: res.usage.output_tokens, latencyMs: Math.round(performance.now() - started) };
        if (typeof text !== 'string' || !text.trim()) {
          return { draft: templateDraft(req), by: 'template', model: { ...meta, ...usage, fallback: 'the model gave no usable text' } };
        }
        const clean = withSignature(text, req.signature);
        // What the model promises cannot be read reliably; any reply but a referral's thanks moves the
        // partner towards our piece, so it is treated as offering it.
        const offersContent = req.classification.intent !== 'REFERRAL';
        return { draft: { subject: replySubject(req.inbound.subject), text: clean, html: textToHtml(clean), offersContent }, by: 'model', model: { ...meta, ...usage } };
      } catch (e) {
        const why = e instanceof Error ? e.message.slice(0, 200) : String(e);
        return { draft: templateDraft(req), by: 'template', model: { ...meta, latencyMs: Math.round(performance.now() - started), fallback: `model unavailable: ${why}` } };
      }
    },
  };
}
