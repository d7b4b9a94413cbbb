/**
 * The verdict of one check of a placed link, and what follows from it: the outcome event (if the
 * outcome changed), the new watch state, and when to look again. Pure: the fetch outcome, the state
 * and the time are arguments. Rules (SPEC section 9):
 * - a timeout, network failure, 403, 429 or 5xx is inconclusive: it never counts against the link;
 * - a page that answered (2xx without our link, or 404/410) is a miss; a link that was seen before
 *   becomes LINK_LOST only at the second consecutive miss (an inconclusive check in between does not
 *   break the run: it is no evidence either way); a link never seen is a LINK_ISSUE (`link_missing`);
 * - an event is written only when the outcome differs from the last one written.
 * - re-checks 2, 7 and 30 days after placement, then every 30 days; sooner after an inconclusive
 *   check (1 hour) or a first miss of a seen link (6 hours, to confirm).
 */
import { assessPage, type LinkIssue, type PageAssessment } from './assess-page.ts';
import { extractPage } from './extract-page.ts';
import type { FetchFailure, FetchOutcome } from './fetch-outcome.ts';

export const DAY_MS = 24 * 3600 * 1000;
export const REGULAR_OFFSETS_DAYS = [2, 7, 30] as const;
export const MONTHLY_DAYS = 30;
export const RETRY_INCONCLUSIVE_MS = 3600 * 1000;
export const CONFIRM_MISS_MS = 6 * 3600 * 1000;

export interface WatchState {
  placedAt: Date;
  consecutiveMisses: number;
  everFound: boolean;
  lastEventSignature: string | null;
}

export type Verdict = 'VERIFIED' | 'ISSUE' | 'MISSING' | 'LOST' | 'INCONCLUSIVE';

export interface OutcomeEvent {
  type: 'LINK_VERIFIED' | 'LINK_ISSUE' | 'LINK_LOST';
  metadata: Record<string, unknown>;
  signature: string;
}

export interface CheckDecision {
  verdict: Verdict;
  /** What was found, stored on the watch row (and the event's metadata). */
  result: Record<string, unknown>;
  state: Omit<WatchState, 'placedAt'>;
  event: OutcomeEvent | null;
  nextCheckAt: Date;
}

/** The first regular check time strictly after `now`: placement + 2, 7, 30 days, then every 30. */
export function nextRegularCheck(placedAt: Date, now: Date): Date {
  const placed = placedAt.getTime();
  for (const d of REGULAR_OFFSETS_DAYS) if (placed + d * DAY_MS > now.getTime()) return new Date(placed + d * DAY_MS);
  const last = REGULAR_OFFSETS_DAYS[REGULAR_OFFSETS_DAYS.length - 1]!;
  const months = Math.floor((now.getTime() - placed - last * DAY_MS) / (MONTHLY_DAYS * DAY_MS)) + 1;
  return new Date(placed + (last + months * MONTHLY_DAYS) * DAY_MS);
}

const earlier = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);

/** Statuses that say nothing about the page: the site is refusing or failing us right now. */
export function inconclusiveStatus(status: number): boolean {
  return status === 403 || status === 429 || status === 408 || status >= 500 || (status >= 300 && status < 400) || status === 401;
}

const INCONCLUSIVE_FAILURES: ReadonlySet<FetchFailure> = new Set(['timeout', 'network', 'unresolved', 'too_many_redirects', 'render_failed']);

/** Below this much visible text, a page with scripts is taken for a shell its scripts fill in. */
export const SHELL_TEXT_CHARS = 200;

/**
 * Whether a fetched page should be rendered with JavaScript before it is judged: it answered 2xx, we
 * know what to look for, its HTML has no link to our content, and it looks built by scripts (an
 * app's empty mount point, or scripts and hardly any text).
 */
export function needsRendering(fetch: FetchOutcome, ourContent: string | null): boolean {
  if (fetch.kind !== 'response' || fetch.rendered || fetch.status < 200 || fetch.status >= 300 || ourContent === null) return false;
  const facts = extractPage(fetch.body);
  if (facts.scripts === 0 || !(facts.emptyMountPoint || facts.textLength < SHELL_TEXT_CHARS)) return false;
  return !assessPage({ facts, finalUrl: fetch.finalUrl, xRobotsTag: fetch.xRobotsTag, ourContent }).linkFound;
}

function describe(fetch: Extract<FetchOutcome, { kind: 'response' }>, a: PageAssessment | null): Record<string, unknown> {
  return {
    status: fetch.status,
    finalUrl: fetch.finalUrl,
    redirects: fetch.redirects,
    ...(a
      ? {
          linkFound: a.linkFound,
          linkHref: a.link?.href ?? null,
          anchorText: a.link?.anchorText ?? null,
          rel: a.link?.rel ?? [],
          linksToOurContent: a.links.length,
          ...(a.sameSiteLinks.length ? { otherPagesLinked: a.sameSiteLinks.slice(0, 5).map((l) => l.href) } : {}),
          noindex: a.noindex,
          canonical: a.canonicalElsewhere,
          issues: a.issues,
        }
      : {}),
    ...(fetch.truncated ? { truncated: true } : {}),
    ...(fetch.rendered ? { rendered: true, ...(fetch.rendered.complete ? {} : { renderProblems: fetch.rendered.problems }) } : {}),
  };
}

export function decideCheck(input: { url: string; ourContent: string | null; fetch: FetchOutcome; state: WatchState; now: Date }): CheckDecision {
  const { fetch, state, now, url } = input;
  const regular = nextRegularCheck(state.placedAt, now);
  const keep = { consecutiveMisses: state.consecutiveMisses, everFound: state.everFound, lastEventSignature: state.lastEventSignature };
  const emit = (type: OutcomeEvent['type'], issues: readonly LinkIssue[], metadata: Record<string, unknown>): OutcomeEvent | null => {
    const signature = issues.length ? `${type}:${[...issues].sort().join(',')}` : type;
    return signature === state.lastEventSignature ? null : { type, signature, metadata: { url, checkedAt: now.toISOString(), ...metadata } };
  };

  if (fetch.kind === 'failed') {
    const result = { failure: fetch.reason, detail: fetch.detail };
    if (INCONCLUSIVE_FAILURES.has(fetch.reason)) return { verdict: 'INCONCLUSIVE', result, state: keep, event: null, nextCheckAt: earlier(new Date(now.getTime() + RETRY_INCONCLUSIVE_MS), regular) };
    // a page we may not (private address) or cannot (not an http(s) URL) fetch: say so, never "lost"
    const event = emit('LINK_ISSUE', ['unfetchable'], { issues: ['unfetchable'], ...result });
    return { verdict: 'ISSUE', result: { ...result, issues: ['unfetchable'] }, state: { ...keep, lastEventSignature: event?.signature ?? keep.lastEventSignature }, event, nextCheckAt: regular };
  }
  if (inconclusiveStatus(fetch.status) || (fetch.status >= 400 && fetch.status !== 404 && fetch.status !== 410)) {
    return { verdict: 'INCONCLUSIVE', result: describe(fetch, null), state: keep, event: null, nextCheckAt: earlier(new Date(now.getTime() + RETRY_INCONCLUSIVE_MS), regular) };
  }
  if (input.ourContent === null) {
    // nothing to look for: the relationship has no ourContent (set it, then POST verify-link)
    const event = emit('LINK_ISSUE', ['no_target'], { ...describe(fetch, null), issues: ['no_target'] });
    return { verdict: 'ISSUE', result: { ...describe(fetch, null), issues: ['no_target'] }, state: { ...keep, lastEventSignature: event?.signature ?? keep.lastEventSignature }, event, nextCheckAt: regular };
  }
  const assessment = fetch.status >= 200 && fetch.status < 300 ? assessPage({ facts: extractPage(fetch.body), finalUrl: fetch.finalUrl, xRobotsTag: fetch.xRobotsTag, ourContent: input.ourContent }) : null;
  const result = describe(fetch, assessment);
  // rendered without all its scripts: a missing link may be our failure, not the partner's
  if (fetch.rendered && !fetch.rendered.complete && !assessment?.linkFound) {
    return { verdict: 'INCONCLUSIVE', result, state: keep, event: null, nextCheckAt: earlier(new Date(now.getTime() + RETRY_INCONCLUSIVE_MS), regular) };
  }

  if (assessment?.linkFound) {
    const issues = assessment.issues;
    const event = issues.length ? emit('LINK_ISSUE', issues, { ...result, issues }) : emit('LINK_VERIFIED', [], result);
    return {
      verdict: issues.length ? 'ISSUE' : 'VERIFIED',
      result,
      state: { consecutiveMisses: 0, everFound: true, lastEventSignature: event?.signature ?? state.lastEventSignature },
      event,
      nextCheckAt: regular,
    };
  }
  // the page answered and our link is not on it (or the page is gone: 404/410)
  const misses = state.consecutiveMisses + 1;
  if (state.everFound) {
    if (misses < 2) return { verdict: 'MISSING', result, state: { ...keep, consecutiveMisses: misses }, event: null, nextCheckAt: earlier(new Date(now.getTime() + CONFIRM_MISS_MS), regular) };
    const event = emit('LINK_LOST', [], { ...result, consecutiveMisses: misses });
    return { verdict: 'LOST', result, state: { ...keep, consecutiveMisses: misses, lastEventSignature: event?.signature ?? keep.lastEventSignature }, event, nextCheckAt: regular };
  }
  const issues: LinkIssue[] = assessment ? assessment.issues : ['link_missing'];
  const event = emit('LINK_ISSUE', issues, { ...result, issues });
  return { verdict: 'ISSUE', result: { ...result, issues }, state: { ...keep, consecutiveMisses: misses, lastEventSignature: event?.signature ?? keep.lastEventSignature }, event, nextCheckAt: regular };
}
