import type { Intent } from '../classify/types.ts';

/**
 * Intents that never get a reply (SPEC section 4, "Decisions"). Their CRM effects (DO_NOT_CONTACT,
 * cooling-off, REJECTED, LINK_PLACED, bounce handling) happen in the classify/CRM steps, not here.
 */
export const NO_REPLY_INTENTS: readonly Intent[] = Object.freeze([
  'UNSUBSCRIBE',
  'OUT_OF_OFFICE',
  'AUTO_REPLY',
  'BOUNCE',
  'COMPLAINT',
  'NOT_INTERESTED',
  'LINK_PLACED',
]);

/**
 * Intents that, even as a secondary reading, mean "stop": replying to someone who may have asked to be
 * removed is the one mistake we cannot take back, so any hint of them escalates to a human.
 */
export const STOP_INTENTS: readonly Intent[] = Object.freeze(['UNSUBSCRIBE', 'COMPLAINT']);

export const isNoReplyIntent = (intent: Intent): boolean => NO_REPLY_INTENTS.includes(intent);
