/**
 * Legal threats and payment or banking details (SPEC section 4): content where a wrong automatic
 * answer costs money or creates liability. Matching is deliberately broad; a false positive only
 * sends the reply to a human.
 */
import { findMatches, type Pattern, type PatternMatch } from './find-matches.ts';

export type SensitiveKind = 'legal' | 'data-protection' | 'banking' | 'payment';

const PATTERNS: readonly Pattern<SensitiveKind>[] = [
  {
    kind: 'legal',
    re: /\b(?:lawyers?|attorneys?|solicitors?|legal (?:action|team|department|counsel|notice)|law ?suit|sue (?:you|your)|suing|in court|court order|cease and desist|dmca|copyright infringement|takedown notice|litigation)\b/i,
  },
  { kind: 'data-protection', re: /\b(?:gdpr|ccpa|data protection (?:authority|officer|request)|right to (?:erasure|be forgotten))\b/i },
  {
    kind: 'banking',
    re: /\b(?:iban|swift(?: code)?|bic code|routing (?:number|no)|account (?:number|no)|sort code|bank (?:details|account|transfer|wire)|wire transfer)\b|\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b/i,
  },
  {
    kind: 'payment',
    re: /\b(?:paypal|payoneer|wise\.com|venmo|credit card|invoice|bitcoin|btc|usdt|ethereum|crypto(?:currency)? wallet)\b/i,
  },
];

export const findSensitiveContent = (text: string): PatternMatch<SensitiveKind>[] => findMatches(text, PATTERNS);
