/**
 * Template drafts, used when no model is configured (or as the model's fallback). One template per
 * intent, written the way a person at an agency would answer.
 *
 * Safety rule: nothing from the inbound text reaches the draft except the sender's first name (cleaned
 * by first-name.ts), the subject for threading (flattened by reply-subject.ts) and, when neither the
 * mailbox nor the workspace names a sender, our own address's display name if it reads as a person's
 * name (sender.ts). The signature is ours (configured), on lines of its own at the end. Links come only from
 * the relationship (ourContent, targetBlogPost) and prices only from our own policy, so the draft
 * checks pass by construction.
 */
import type { Intent, Offer, OfferType } from '../../classify/types.ts';
import type { Relationship } from '../../crm/types.ts';
import type { GatePolicy } from '../../gates/policy.ts';
import { firstNameFor } from './first-name.ts';
import { cleanSenderName, cleanSignature, signOff } from './sender.ts';
import { formatMoney } from './money.ts';
import { replySubject } from './reply-subject.ts';
import { textToHtml } from './text-to-html.ts';

export interface DraftInput {
  intent: Intent;
  /** The inbound subject; only used for "Re: …". */
  subject: string;
  contactFirstName?: string | null;
  /** The inbound From display name, used when the CRM has no first name. */
  fromName?: string | null;
  /** Who signs the reply (sender.ts: the mailbox's or the workspace's sender name); null: nobody named. */
  senderName: string | null;
  /** Lines under the name (the mailbox's or the workspace's signature). */
  signature?: string | null;
  relationship: Pick<Relationship, 'ourContent' | 'targetBlogPost'>;
  /** Offers from the classification; only their types and whether they fit the ceiling are used. */
  offers?: readonly Offer[];
  policy?: Pick<GatePolicy, 'maxPriceLinkInsertion' | 'maxPriceGuestPost' | 'priceCurrency'>;
}

export interface Draft {
  subject: string;
  text: string;
  html: string;
  /**
   * The reply hands our piece over (or says it will): true for the templates that show the content
   * line, and for model drafts of any intent but a referral. The draft check `draft-content-on-file`
   * holds such a reply for a person when the relationship has no ourContent to send.
   */
  offersContent?: boolean;
}

interface Context {
  content: string | null;
  target: string | null;
  offers: readonly Offer[];
  policy: DraftInput['policy'];
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/**
 * A URL always stands on a line of its own, with nothing after it: a sentence or a full stop right
 * behind it runs into the link in many mail clients (issue 11), and a copied link stays whole.
 */
const onItsOwnLine = (lead: string, url: string): string => `${lead}\n${url}`;

/** The piece as a link on its own line, or the title as stored, whichever the relationship holds. */
function contentLine(ctx: Context): string {
  if (!ctx.content) return "I'll send the article over shortly so you can take a look.";
  return isUrl(ctx.content)
    ? onItsOwnLine("Here's the piece I mentioned:", ctx.content)
    : `The piece I mentioned is "${ctx.content.slice(0, 120)}", and I'm happy to send it over.`;
}

function targetLine(ctx: Context): string {
  if (!ctx.target) return 'I think it would be a genuinely useful resource for your readers.';
  return isUrl(ctx.target)
    ? `${onItsOwnLine('I think it would fit nicely as a resource in your post:', ctx.target)}\n\nI'm happy to suggest the exact spot and anchor text.`
    : `I think it would fit nicely as a resource in your post "${ctx.target.slice(0, 120)}".`;
}

const TYPE_LABEL: Record<OfferType, string> = { LINK_INSERTION: 'a link insertion', GUEST_POST: 'a guest post' };

function ceiling(ctx: Context, type: OfferType): number | null {
  if (!ctx.policy) return null;
  return type === 'LINK_INSERTION' ? ctx.policy.maxPriceLinkInsertion : ctx.policy.maxPriceGuestPost;
}

/** Accept when every offer fits our ceiling, counter at the ceiling when one is above it, else acknowledge. */
function priceParagraphs(ctx: Context): string[] {
  const currency = ctx.policy?.priceCurrency;
  const comparable = ctx.offers.length > 0 && ctx.offers.every((o) => ceiling(ctx, o.type) !== null && o.currency.toUpperCase() === currency);
  if (!comparable || currency === undefined) {
    return ["Thanks for sending over the details. Let me run them past the team and I'll get back to you in the next day or two."];
  }
  const over = ctx.offers.filter((o) => (o.maxAmount ?? o.amount) > (ceiling(ctx, o.type) ?? 0));
  if (over.length === 0) {
    return ['Thanks for sending over the details, that works for us.', contentLine(ctx), 'Let me know the next steps on your side and we can get this moving.'];
  }
  const types = [...new Set(over.map((o) => o.type))];
  const budget = types.map((t) => `${formatMoney(ceiling(ctx, t) ?? 0, currency)} for ${TYPE_LABEL[t]}`).join(' and ');
  return [
    'Thanks for sending over the details.',
    `To be upfront, our budget for this one is ${budget}. Would that work for you? If so, we can get started right away.`,
  ];
}

function bodyFor(intent: Intent, ctx: Context): string[] {
  switch (intent) {
    case 'INTERESTED':
      return ['Great to hear from you, and thanks for getting back to me.', contentLine(ctx), targetLine(ctx), 'Let me know what you think.'];
    case 'QUESTION':
      return [
        'Thanks for the question, happy to give you a bit more context.',
        contentLine(ctx),
        "It's an original piece our team wrote and keeps up to date, with nothing gated or salesy in it.",
        targetLine(ctx),
        "If there's anything specific you'd like from me (a short summary, suggested anchor text, or where it could go), just say and I'll send it over.",
      ];
    case 'PRICE_QUOTE':
      return priceParagraphs(ctx);
    case 'REFERRAL':
      return ["Thanks so much for pointing me in the right direction, I'll reach out to them.", 'Really appreciate your help.'];
    default:
      return ["Thanks for getting back to me, I appreciate it.", contentLine(ctx), "Let me know if there's anything you need from me."];
  }
}

export function draftReply(input: DraftInput): Draft {
  const name = firstNameFor(input.contactFirstName, input.fromName);
  const ctx: Context = {
    content: input.relationship.ourContent?.trim() || null,
    target: input.relationship.targetBlogPost?.trim() || null,
    offers: input.offers ?? [],
    policy: input.policy,
  };
  const sender = { name: cleanSenderName(input.senderName), signature: cleanSignature(input.signature) };
  const body = bodyFor(input.intent, ctx);
  const paragraphs = [name ? `Hi ${name},` : 'Hi there,', ...body, signOff(sender)];
  const text = paragraphs.join('\n\n');
  return { subject: replySubject(input.subject), text, html: textToHtml(text), offersContent: body.includes(contentLine(ctx)) };
}
