/**
 * Pages built by JavaScript: which pages are rendered (pure, table-driven), and headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core) rendering a local partner page whose script
 * inserts our link — with every request the browser makes served by our fetcher under the same
 * private-address rules, and nothing reaching the network directly.
 * The Chromium part is skipped, saying so, without Chromium (.ci/install-chromium).
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher, type PageFetcher } from '../../src/intel/links/fetch-page.ts';
import { createChromiumRenderer, type PageRenderer } from '../../src/intel/links/render-page.ts';
import { decideCheck, needsRendering } from '../../src/intel/links/decide-check.ts';
import { extractPage } from '../../src/intel/links/extract-page.ts';
import { fetchForCheck } from '../../src/intel/links/verify-link-step.ts';
import type { FetchOutcome } from '../../src/intel/links/fetch-outcome.ts';
import { startPartnerSite, OUR_CONTENT, type PartnerSite } from '../fakes/partner-pages.ts';

const UA = 'LinkbuildingAgentLinkCheck/test (+https://agent.example)';
const page = (body: string): FetchOutcome => ({ kind: 'response', status: 200, finalUrl: 'https://partner.example/post', redirects: [], xRobotsTag: [], contentType: 'text/html', body, truncated: false });
const LINK = '<a href="https://our-site.example/guide">guide</a>';

describe('which pages are rendered (pure)', () => {
  it.each([
    ['an app shell: empty mount point and a script', '<html><head><script src="/a.js"></script></head><body><div id="root"></div></body></html>', true],
    ['a Next.js shell', '<body><div id="__next"></div><script src="/_next/main.js"></script></body>', true],
    ['scripts and hardly any text', '<body><header>Blog</header><main></main><script src="/a.js"></script></body>', true],
    ['an article with scripts (text, no mount point)', `<body><article>${'Long text about gardening. '.repeat(20)}</article><script src="/analytics.js"></script></body>`, false],
    ['a mount point with content already (server-rendered)', `<body><div id="root"><p>${'Rendered on the server. '.repeat(10)}</p></div><script src="/a.js"></script></body>`, false],
    ['no scripts at all', '<body><div id="root"></div></body>', false],
    ['our link already in the HTML', `<body><div id="root">${LINK}</div><script src="/a.js"></script></body>`, false],
    ['text only in noscript/script does not count as text', `<body><noscript>${'Please enable JavaScript. '.repeat(20)}</noscript><div id="app"></div><script>var s = "${'x'.repeat(500)}";</script></body>`, true],
  ])('%s → %s', (_what, html, want) => expect(needsRendering(page(html), OUR_CONTENT)).toBe(want));

  it('never without a target, a 2xx, or once rendered', () => {
    const shell = '<body><div id="root"></div><script src="/a.js"></script></body>';
    expect(needsRendering(page(shell), null)).toBe(false);
    expect(needsRendering({ ...page(shell), status: 404 } as FetchOutcome, OUR_CONTENT)).toBe(false);
    expect(needsRendering({ ...page(shell), rendered: { complete: true, problems: [] } } as FetchOutcome, OUR_CONTENT)).toBe(false);
  });

  it('counts scripts, visible text and the empty mount point', () => {
    expect(extractPage('<body><div id="root"><br></div><script>1</script><p>Hi  there</p></body>')).toMatchObject({ scripts: 1, textLength: 8, emptyMountPoint: false });
    expect(extractPage('<body><div id="app">  </div><script></script></body>')).toMatchObject({ scripts: 1, textLength: 0, emptyMountPoint: true });
  });

  it('a render that missed a request and found no link is inconclusive, never a miss', () => {
    const rendered = { ...page('<body><div id="root"></div></body>'), rendered: { complete: false, problems: ['script x: timeout'] } } as FetchOutcome;
    const d = decideCheck({ url: 'https://partner.example/post', ourContent: OUR_CONTENT, fetch: rendered, state: { placedAt: new Date('2026-05-01T00:00:00Z'), consecutiveMisses: 1, everFound: true, lastEventSignature: 'LINK_VERIFIED' }, now: new Date('2026-05-03T00:00:00Z') });
    expect(d).toMatchObject({ verdict: 'INCONCLUSIVE', event: null, state: { consecutiveMisses: 1 } });
    expect(decideCheck({ url: 'x', ourContent: OUR_CONTENT, fetch: { kind: 'failed', reason: 'render_failed', detail: 'crashed' }, state: { placedAt: new Date(), consecutiveMisses: 0, everFound: true, lastEventSignature: null }, now: new Date() }).verdict).toBe('INCONCLUSIVE');
  });
});

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (run .ci/install-chromium)`;
if (skip) console.warn(`render-page test skipped: ${skip}`);

describe.skipIf(skip !== null)('headless Chromium renders a page built by JavaScript', () => {
  let site: PartnerSite;
  let other: http.Server;
  let otherHits: string[];
  let otherHost: string;
  const renderers: PageRenderer[] = [];
  const fetchPage = createPageFetcher({ allowPrivateHosts: true, userAgent: UA, timeoutMs: 5000 });
  const renderer = (fetchResource: PageFetcher): PageRenderer => {
    const r = createChromiumRenderer({ executablePath: CHROMIUM, userAgent: UA, fetchResource, timeoutMs: 60_000 });
    renderers.push(r);
    return r;
  };
  const at = new Date('2026-05-03T00:00:00Z');
  const firstCheck = (fetch: FetchOutcome) =>
    decideCheck({ url: 'u', ourContent: OUR_CONTENT, fetch, state: { placedAt: new Date('2026-05-01T00:00:00Z'), consecutiveMisses: 0, everFound: false, lastEventSignature: null }, now: at });

  beforeAll(async () => {
    site = await startPartnerSite();
    otherHits = [];
    other = http.createServer((req, res) => {
      otherHits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const r of renderers) await r.close();
    await site?.close();
    other?.closeAllConnections();
    await new Promise((r) => other?.close(r));
  });

  it('the link the script inserts (after fetching its data) is found: LINK_VERIFIED, marked rendered', async () => {
    const r = renderer(fetchPage);
    const without = firstCheck(await fetchForCheck({ fetchPage, renderer: null }, site.url('/spa'), OUR_CONTENT));
    expect(without.result['issues']).toEqual(['link_missing']); // the HTML alone has no link
    const fetched = await fetchForCheck({ fetchPage, renderer: r }, site.url('/spa'), OUR_CONTENT);
    expect(fetched).toMatchObject({ kind: 'response', status: 200, rendered: { complete: true, problems: [] } });
    const d = firstCheck(fetched);
    expect(d.verdict).toBe('VERIFIED');
    expect(d.event?.type).toBe('LINK_VERIFIED');
    expect(d.result).toMatchObject({ linkFound: true, anchorText: 'The complete guide', rendered: true });
    // the scripts were fetched by our fetcher, with our user agent
    expect(site.userAgents.every((ua) => ua === UA)).toBe(true);
  }, 120_000);

  it('a rendered page without the link is a plain link_missing', async () => {
    const d = firstCheck(await fetchForCheck({ fetchPage, renderer: renderer(fetchPage) }, site.url('/spa-empty'), OUR_CONTENT));
    expect(d).toMatchObject({ verdict: 'ISSUE', result: { rendered: true, issues: ['link_missing'] } });
  }, 120_000);

  it("the page's scripts obey the private-address rule: refused, not fetched, and the check is inconclusive", async () => {
    const before = site.userAgents.length;
    const strict = createPageFetcher({ allowPrivateHosts: false, userAgent: UA, timeoutMs: 5000 });
    // the page itself as already fetched (the test's loopback site); its script is on a loopback address
    const fetched = await fetchPage(site.url('/spa'));
    expect(fetched.kind).toBe('response');
    if (fetched.kind !== 'response') return;
    const r = await renderer(strict).render({ url: fetched.finalUrl, html: fetched.body, contentType: fetched.contentType });
    expect(r).toMatchObject({ kind: 'rendered', complete: false, problems: [expect.stringMatching(/app\.js: private_address$/)] });
    expect(site.userAgents.length).toBe(before + 1); // only our own fetch of the page: never the script
    const d = firstCheck({ ...fetched, body: r.kind === 'rendered' ? r.html : '', rendered: { complete: false, problems: [] } });
    expect(d.verdict).toBe('INCONCLUSIVE');
  }, 120_000);

  it('nothing the page asks for reaches the network but through our fetcher (images, fetch, WebSocket)', async () => {
    const asked: string[] = [];
    const guarded: PageFetcher = async (url) => {
      asked.push(url);
      return url.includes(otherHost) ? { kind: 'failed', reason: 'private_address', detail: 'refused by the test' } : fetchPage(url);
    };
    const fetched = await fetchForCheck({ fetchPage, renderer: renderer(guarded) }, site.url(`/spa-leaky?other=${otherHost}`), OUR_CONTENT);
    expect(fetched).toMatchObject({ kind: 'response', rendered: { complete: false } });
    expect(firstCheck(fetched).verdict).toBe('VERIFIED'); // the link is there, whatever else failed
    expect(asked).toContain(`http://${otherHost}/beacon`); // the fetch() came to us
    expect(asked.some((u) => u.includes('pixel.gif'))).toBe(false); // images are never fetched
    expect(otherHits).toEqual([]); // and the browser reached nothing by itself
  }, 120_000);
});
