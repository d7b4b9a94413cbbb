/**
 * Content the gates escalate whatever the intent: legal threats, bank or payment details.
 * Returns stable kind names so the gate reason can say which one tripped.
 */

const RULES: { kind: string; re: RegExp }[] = [
  {
    kind: 'legal-threat',
    re: /\b(lawyers?|attorneys?|solicitors?|legal (action|steps|proceedings|team|department|counsel|advice)|law ?suit|(will|going to|shall) sue|sue (you|your)|take (you|this|legal)|court|cease and desist|litigation|dmca|copyright (infringement|violation|claim)|defamation|libel|anwalt|rechtliche schritte|abmahnung|avocat|poursuites|abogado|acciones legales|avvocato|azioni legali|advocaat)\b/i,
  },
  {
    kind: 'regulator-complaint',
    re: /\b(gdpr|dsgvo|rgpd|ico\b|information commissioner|data protection (authority|officer|commissioner|complaint)|ftc|can-?spam|report(ing)? you to (the )?(authorit|regulator|police))/i,
  },
  {
    kind: 'banking-details',
    re: /\b(iban|swift|bic|sort code|routing (number|no)|account (number|no\.?|#)|bank (details|account|transfer|wire|name)|wire transfer|beneficiary|bankverbindung|kontonummer|coordonnées bancaires|rib\b|cuenta bancaria)\b/i,
  },
  // An IBAN itself: country code, check digits, then groups of four.
  { kind: 'banking-details', re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b/ },
  {
    kind: 'payment-request',
    re: /\b(paypal|payoneer|wise\.com|transferwise|skrill|western union|crypto|bitcoin|btc|usdt|ethereum|wallet address|pay (upfront|in advance|first|before)|payable (upfront|in advance|before)|send (the |your )?payment|payment (details|link|via|by)|upfront payment|advance payment|payment (upfront|in advance|first|before publication)|invoice)\b/i,
  },
];

export function findSensitive(text: string): string[] {
  return [...new Set(RULES.filter(({ re }) => re.test(text)).map(({ kind }) => kind))];
}
