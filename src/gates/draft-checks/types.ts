import type { Intent, OfferType } from '../../classify/types.ts';
import type { Relationship } from '../../crm/types.ts';

/** The draft as produced by the template or the model. */
export interface DraftToCheck {
  subject?: string;
  text: string;
  html?: string | null;
  /** Who wrote it: the template or the model; unset for a person's text (an edit, a first email). */
  by?: 'template' | 'model';
  /** The reply hands our piece over or says it will (templates/drafter.ts `Draft.offersContent`). */
  offersContent?: boolean;
}

/** What the draft may legitimately refer to. Anything else in it came from somewhere it should not. */
export interface DraftCheckContext {
  /** Bodies already in the thread: the inbound message and earlier messages, both directions. */
  threadTexts: readonly string[];
  /** Addresses on the thread's headers (from, to, cc, our mailbox); the draft may mention them. */
  threadAddresses?: readonly string[];
  relationship: Pick<Relationship, 'ourContent' | 'targetBlogPost'>;
  /** The offer types under discussion (from the classification); picks which ceiling applies. */
  offerTypes?: readonly OfferType[];
  /** The language the partner wrote in (the classification's `facts.language`); unknown for first emails. */
  partnerLanguage?: string | null;
  /** The reply's intents with their confidence (the classification's `intents`); none for first emails. */
  intents?: ReadonlyArray<{ intent: Intent; confidence: number }>;
  /**
   * The draft's language, told off the event loop by the rules thread (adapters/rules-thread.ts)
   * before the checks run; unknown (the check passes) when no thread was asked.
   */
  draftLanguage?: string | null;
}
