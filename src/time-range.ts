/**
 * The range of instants the service accepts from outside (API clients, webhooks, email headers).
 * PostgreSQL's timestamptz, JavaScript's Date and ISO 8601's expanded years (`+099999-01-01`) each
 * reach different extremes; a value outside this window is refused with a 400 naming its field
 * instead of being stored, failing at insert, or being retried until it is dead-lettered. Pure.
 */
export const EARLIEST_ACCEPTED = '1990-01-01T00:00:00.000Z';
export const LATEST_ACCEPTED = '2100-01-01T00:00:00.000Z';

const MIN_MS = Date.parse(EARLIEST_ACCEPTED);
const MAX_MS = Date.parse(LATEST_ACCEPTED);

/** True for a parseable date-time inside [EARLIEST_ACCEPTED, LATEST_ACCEPTED). */
export function isAcceptedInstant(value: string | number | Date): boolean {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) && ms >= MIN_MS && ms < MAX_MS;
}

export const OUT_OF_RANGE_MESSAGE = `must be a date-time between ${EARLIEST_ACCEPTED.slice(0, 10)} and ${LATEST_ACCEPTED.slice(0, 10)}`;

/**
 * The first candidate inside the accepted window, else `fallback`: for dates read from a message (an
 * IMAP server's INTERNALDATE, the sender's Date header) where refusing is not an option and one absurd
 * header must not fail the batch it arrives in.
 */
export function firstAcceptedInstant(candidates: ReadonlyArray<Date | null | undefined>, fallback: Date): Date {
  return candidates.find((d): d is Date => d instanceof Date && isAcceptedInstant(d)) ?? fallback;
}
