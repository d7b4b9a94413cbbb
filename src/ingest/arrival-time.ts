/**
 * When an arrival event (EMAIL_RECEIVED, AUTO_REPLY_RECEIVED, BOUNCED, Instantly's lead events)
 * happened, for ordering the CRM log: the time the message claims (its Date header, Instantly's
 * `timestamp`), but never later than the moment we received it. A sender's clock or a webhook's
 * timestamp in the future would otherwise sort the arrival after its own classification and decision
 * (issue 11), and move status derivation out of order. An earlier claim is kept: a backfilled message
 * of last March belongs in last March. Pure: both times are passed in.
 */
export function arrivalEventTime(claimed: string | null | undefined, receivedByUs: string | Date): string {
  const received = new Date(receivedByUs);
  const at = claimed ? new Date(claimed) : null;
  if (!at || Number.isNaN(at.getTime()) || at.getTime() > received.getTime()) return received.toISOString();
  return at.toISOString();
}
