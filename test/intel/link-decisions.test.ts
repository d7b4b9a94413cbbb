/** The pure half of link verification, table-driven: URL normalisation, page assessment, decisions, schedule. */
import { describe, expect, it } from 'vitest';
import { normaliseUrl } from '../../src/intel/links/normalize-url.ts';
import { extractPage } from '../../src/intel/links/extract-page.ts';
import { assessPage, headerNoindex } from '../../src/intel/links/assess-page.ts';
import { decideCheck, nextRegularCheck, DAY_MS, type WatchState } from '../../src/intel/links/decide-check.ts';
import type { FetchOutcome } from '../../src/intel/links/fetch-outcome.ts';

const OURS = 'https://www.Our-Site.com/guide/';

describe('normaliseUrl', () => {
  it.each([
    ['https://www.Our-Site.com/guide/', 'our-site.com/guide'],
    ['http://our-site.com/guide', 'our-site.com/guide'],
    ['HTTPS://OUR-SITE.COM/guide/#top', 'our-site.com/guide'],
    ['https://our-site.com:443/guide//', 'our-site.com/guide'],
    ['https://our-site.com/guide?ref=1', 'our-site.com/guide?ref=1'],
    ['https://our-site.com/', 'our-site.com'],
    ['https://our-site.com:8080/x', 'our-site.com:8080/x'],
    ['https://our-site.com/Guide', 'our-site.com/Guide'],
    ['mailto:me@our-site.com', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
  ])('%s → %s', (raw, want) => expect(normaliseUrl(raw)).toBe(want));

  it('resolves relative hrefs against the page', () => expect(normaliseUrl('../guide/', 'https://our-site.com/blog/post')).toBe('our-site.com/guide'));
});

describe('headerNoindex', () => {
  it.each([
    [['noindex'], true],
    [['noindex, nofollow'], true],
    [['none'], true],
    [['googlebot: noindex'], true],
    [['otherbot: noindex'], false],
    [['otherbot: noindex, googlebot: nofollow'], false],
    [['nofollow'], false],
    [['unavailable_after: 25 Jun 2010 15:00:00 PST'], false],
    [[], false],
  ])('%j → %s', (values, want) => expect(headerNoindex(values)).toBe(want));
});

const page = (body: string, head = '') => `<!doctype html><html><head>${head}</head><body><p>Intro</p>${body}</body></html>`;
const assess = (html: string, xRobotsTag: string[] = [], finalUrl = 'https://partner.example/post') => assessPage({ facts: extractPage(html), finalUrl, xRobotsTag, ourContent: OURS });

describe('assessPage', () => {
  it.each([
    { name: 'a followed link', html: page('<a href="http://our-site.com/guide">the <b>best</b>  guide</a>'), found: true, issues: [], anchor: 'the best guide' },
    { name: 'relative to a <base>', html: page('<a href="/guide/">g</a>', '<base href="https://www.our-site.com/">'), found: true, issues: [] },
    { name: 'nofollow', html: page('<a rel="nofollow noopener" href="https://our-site.com/guide">g</a>'), found: true, issues: ['nofollow'] },
    { name: 'sponsored and ugc', html: page('<a rel="Sponsored UGC" href="https://our-site.com/guide">g</a>'), found: true, issues: ['sponsored', 'ugc'] },
    { name: 'a followed one beside a nofollow one', html: page('<a rel="nofollow" href="https://our-site.com/guide">a</a><a href="https://our-site.com/guide#x">b</a>'), found: true, issues: [], anchor: 'b' },
    { name: 'page-wide meta nofollow', html: page('<a href="https://our-site.com/guide">g</a>', '<meta name="robots" content="nofollow">'), found: true, issues: ['nofollow'] },
    { name: 'meta robots noindex', html: page('<a href="https://our-site.com/guide">g</a>', '<meta name="robots" content="noindex, follow">'), found: true, issues: ['noindex'] },
    { name: 'meta googlebot noindex', html: page('<a href="https://our-site.com/guide">g</a>', '<META NAME="googlebot" CONTENT="NOINDEX">'), found: true, issues: ['noindex'] },
    { name: 'canonical elsewhere', html: page('<a href="https://our-site.com/guide">g</a>', '<link rel="canonical" href="https://partner.example/other">'), found: true, issues: ['canonical_elsewhere'] },
    { name: 'canonical to itself', html: page('<a href="https://our-site.com/guide">g</a>', '<link rel="canonical" href="https://www.partner.example/post/">'), found: true, issues: [] },
    { name: 'our site but another page', html: page('<a href="https://our-site.com/">home</a>'), found: false, issues: ['wrong_target'] },
    { name: 'no link at all', html: page('<a href="https://else.example/guide">g</a>'), found: false, issues: ['link_missing'] },
    { name: 'a link in a comment is no link', html: page('<!-- <a href="https://our-site.com/guide">g</a> -->'), found: false, issues: ['link_missing'] },
    { name: 'image link: alt is the anchor', html: page('<a href="https://our-site.com/guide"><img src="x.png" alt="Our guide"></a>'), found: true, issues: [], anchor: 'Our guide' },
    { name: 'broken markup', html: '<html><body><div><a href=https://our-site.com/guide>unclosed <p>text', found: true, issues: [] },
  ])('$name', ({ html, found, issues, anchor }) => {
    const a = assess(html);
    expect(a.linkFound).toBe(found);
    expect(a.issues).toEqual(issues);
    if (anchor !== undefined) expect(a.link?.anchorText).toBe(anchor);
  });

  it('X-Robots-Tag noindex is an issue', () => {
    const a = assess(page('<a href="https://our-site.com/guide">g</a>'), ['noindex']);
    expect(a.noindex).toEqual({ meta: false, header: true });
    expect(a.issues).toEqual(['noindex']);
  });
});

const PLACED = new Date('2026-05-01T00:00:00Z');
const at = (days: number) => new Date(PLACED.getTime() + days * DAY_MS);

describe('nextRegularCheck', () => {
  it.each([
    [0, 2],
    [1.9, 2],
    [2, 7],
    [6, 7],
    [7, 30],
    [29.99, 30],
    [30, 60],
    [45, 60],
    [60, 90],
    [200, 210],
  ])('at day %s the next check is day %s', (now, want) => expect(nextRegularCheck(PLACED, at(now)).toISOString()).toBe(at(want).toISOString()));
});

const response = (html: string, status = 200, xRobotsTag: string[] = []): FetchOutcome => ({ kind: 'response', status, finalUrl: 'https://partner.example/post', redirects: [], xRobotsTag, contentType: 'text/html', body: html, truncated: false });
const LIVE = response(page('<a href="https://our-site.com/guide">guide</a>'));
const GONE = response(page('<p>no link</p>'));
const fresh: WatchState = { placedAt: PLACED, consecutiveMisses: 0, everFound: false, lastEventSignature: null };

/** Runs a sequence of fetches through decideCheck, carrying the state, and returns what each produced. */
function run(fetches: FetchOutcome[], ourContent: string | null = OURS) {
  let state = fresh;
  return fetches.map((fetch, i) => {
    const d = decideCheck({ url: 'https://partner.example/post', ourContent, fetch, state, now: at(i * 3) });
    state = { placedAt: PLACED, ...d.state };
    return `${d.verdict}${d.event ? `→${d.event.signature}` : ''}`;
  });
}

describe('decideCheck over a sequence of checks', () => {
  const T: FetchOutcome = { kind: 'failed', reason: 'timeout', detail: 'slow' };
  it.each([
    { name: 'live', seq: [LIVE, LIVE], want: ['VERIFIED→LINK_VERIFIED', 'VERIFIED'] },
    { name: 'removed: lost only at the second clean miss', seq: [LIVE, GONE, GONE, GONE], want: ['VERIFIED→LINK_VERIFIED', 'MISSING', 'LOST→LINK_LOST', 'LOST'] },
    { name: 'one miss then back', seq: [LIVE, GONE, LIVE], want: ['VERIFIED→LINK_VERIFIED', 'MISSING', 'VERIFIED'] },
    { name: 'flaky page never lost', seq: [LIVE, response('', 503), response('', 429), response('', 403), T, LIVE], want: ['VERIFIED→LINK_VERIFIED', 'INCONCLUSIVE', 'INCONCLUSIVE', 'INCONCLUSIVE', 'INCONCLUSIVE', 'VERIFIED'] },
    { name: 'inconclusive between two misses keeps the run', seq: [LIVE, GONE, response('', 500), GONE], want: ['VERIFIED→LINK_VERIFIED', 'MISSING', 'INCONCLUSIVE', 'LOST→LINK_LOST'] },
    { name: '404 is a clean miss', seq: [LIVE, response('gone', 404), response('gone', 410)], want: ['VERIFIED→LINK_VERIFIED', 'MISSING', 'LOST→LINK_LOST'] },
    { name: 'never there: an issue, not lost', seq: [GONE, GONE], want: ['ISSUE→LINK_ISSUE:link_missing', 'ISSUE'] },
    { name: 'lost and back', seq: [LIVE, GONE, GONE, LIVE], want: ['VERIFIED→LINK_VERIFIED', 'MISSING', 'LOST→LINK_LOST', 'VERIFIED→LINK_VERIFIED'] },
    { name: 'becomes nofollow', seq: [LIVE, response(page('<a rel="nofollow" href="https://our-site.com/guide">g</a>'))], want: ['VERIFIED→LINK_VERIFIED', 'ISSUE→LINK_ISSUE:nofollow'] },
    { name: 'header noindex', seq: [response(page('<a href="https://our-site.com/guide">g</a>'), 200, ['noindex'])], want: ['ISSUE→LINK_ISSUE:noindex'] },
    { name: 'private address', seq: [{ kind: 'failed', reason: 'private_address', detail: 'x' } as FetchOutcome], want: ['ISSUE→LINK_ISSUE:unfetchable'] },
  ])('$name', ({ seq, want }) => expect(run(seq)).toEqual(want));

  it('no ourContent: an issue saying so', () => expect(run([LIVE], null)).toEqual(['ISSUE→LINK_ISSUE:no_target']));

  it('schedules: regular after a verdict, sooner after inconclusive or a first miss', () => {
    const d1 = decideCheck({ url: 'u', ourContent: OURS, fetch: LIVE, state: fresh, now: at(0) });
    expect(d1.nextCheckAt.toISOString()).toBe(at(2).toISOString());
    const d2 = decideCheck({ url: 'u', ourContent: OURS, fetch: response('', 503), state: fresh, now: at(10) });
    expect(d2.nextCheckAt.getTime() - at(10).getTime()).toBe(3600_000);
    const d3 = decideCheck({ url: 'u', ourContent: OURS, fetch: GONE, state: { ...fresh, everFound: true }, now: at(10) });
    expect(d3.nextCheckAt.getTime() - at(10).getTime()).toBe(6 * 3600_000);
  });

  it('the event says what was found', () => {
    const d = decideCheck({ url: 'https://partner.example/post', ourContent: OURS, fetch: response(page('<a rel="sponsored" href="https://our-site.com/guide">Best guide</a>')), state: fresh, now: at(0) });
    expect(d.event?.type).toBe('LINK_ISSUE');
    expect(d.event?.metadata).toMatchObject({ url: 'https://partner.example/post', status: 200, anchorText: 'Best guide', rel: ['sponsored'], issues: ['sponsored'], linkHref: 'https://our-site.com/guide' });
  });
});
