/**
 * Renders a page that builds its content with JavaScript in headless Chromium (playwright-core, the
 * operator's Chromium: LINK_CHECK_CHROMIUM), so links a script inserts can be assessed.
 *
 * The browser never touches the network itself. Every request it makes is intercepted: the page's
 * own document is the HTML already fetched (no second request), scripts and XHR/fetch GETs are fetched
 * by our fetcher — the same user agent, per-host politeness, deadline, size cap and private-address
 * rules (ALLOW_PRIVATE_HOSTS) as the page itself — and everything else (images, styles, fonts, media,
 * frames, further navigations, non-GET requests, WebSockets, service workers) is refused. As a
 * backstop, the browser's proxy is a closed local port, so a request that escaped interception could
 * not connect anywhere.
 *
 * A render is `complete` only when every script and data request it wanted was served: a page whose
 * link may be missing only because a request failed or was refused must not count as a miss.
 */
import type { Browser } from 'playwright-core';
import type { PageFetcher } from './fetch-page.ts';

export interface PageToRender {
  /** The page's URL after redirects. */
  url: string;
  /** Its HTML as already fetched. */
  html: string;
  contentType: string | null;
}

export type RenderOutcome =
  | { kind: 'rendered'; html: string; complete: boolean; problems: string[] }
  | { kind: 'failed'; detail: string };

export interface PageRenderer {
  render(page: PageToRender): Promise<RenderOutcome>;
  close(): Promise<void>;
}

export interface ChromiumRendererOptions {
  executablePath: string;
  userAgent: string;
  /** Fetches the page's scripts and data (the link checker's fetcher). */
  fetchResource: PageFetcher;
  /** The deadline of one render, requests included. */
  timeoutMs?: number;
  /** Most requests one render may make. */
  maxRequests?: number;
}

const SERVED_TYPES = new Set(['script', 'xhr', 'fetch']);
/** Nothing listens there: the backstop proxy for anything not intercepted. */
const DEAD_PROXY = 'http://127.0.0.1:9';

export function createChromiumRenderer(opts: ChromiumRendererOptions): PageRenderer {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxRequests = opts.maxRequests ?? 60;
  let browser: Promise<Browser> | null = null;
  // one render at a time per process: a browser page is heavy, and checks are not urgent
  let tail: Promise<unknown> = Promise.resolve();

  const launch = (): Promise<Browser> => {
    browser ??= (async () => {
      const { chromium } = await import('playwright-core');
      const b = await chromium.launch({
        executablePath: opts.executablePath,
        headless: true,
        proxy: { server: DEAD_PROXY },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--force-webrtc-ip-handling-policy=disable_non_proxied_udp'],
      });
      b.on('disconnected', () => {
        browser = null; // crashed or closed: the next render launches a new one
      });
      return b;
    })();
    browser.catch(() => {
      browser = null;
    });
    return browser;
  };

  const renderOnce = async (target: PageToRender): Promise<RenderOutcome> => {
    const started = Date.now();
    const b = await launch();
    const context = await b.newContext({ userAgent: opts.userAgent, serviceWorkers: 'block', acceptDownloads: false, javaScriptEnabled: true });
    const problems: string[] = [];
    let requests = 0;
    let documentServed = false;
    try {
      await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'not allowed' }));
      await context.route('**/*', async (route) => {
        const req = route.request();
        const url = req.url();
        if (!documentServed && req.isNavigationRequest() && url === target.url) {
          documentServed = true;
          return route.fulfill({ status: 200, contentType: target.contentType ?? 'text/html', body: target.html });
        }
        const type = req.resourceType();
        if (!SERVED_TYPES.has(type)) return route.abort('blockedbyclient');
        if (req.method() !== 'GET' || !/^https?:/i.test(url)) {
          problems.push(`${type} ${req.method()} ${url.slice(0, 200)}: refused`);
          return route.abort('blockedbyclient');
        }
        if (++requests > maxRequests) {
          problems.push(`more than ${maxRequests} requests`);
          return route.abort('blockedbyclient');
        }
        const r = await opts.fetchResource(url);
        if (r.kind === 'failed') {
          problems.push(`${type} ${url.slice(0, 200)}: ${r.reason}`);
          return route.abort(r.reason === 'timeout' ? 'timedout' : 'blockedbyclient');
        }
        if (r.truncated) problems.push(`${type} ${url.slice(0, 200)}: cut at the size cap`);
        if (r.status >= 400) problems.push(`${type} ${url.slice(0, 200)}: HTTP ${r.status}`);
        return route.fulfill({ status: r.status, contentType: r.contentType ?? 'application/octet-stream', body: r.body });
      });
      const page = await context.newPage();
      await page.goto(target.url, { waitUntil: 'load', timeout: timeoutMs });
      // scripts may fetch more after "load": wait for the network to settle, within the deadline
      const left = timeoutMs - (Date.now() - started);
      if (left > 0) {
        await page.waitForLoadState('networkidle', { timeout: left }).catch(() => problems.push(`the page was still loading after ${timeoutMs} ms`));
      }
      return { kind: 'rendered', html: await page.content(), complete: problems.length === 0, problems: problems.slice(0, 10) };
    } catch (e) {
      return { kind: 'failed', detail: e instanceof Error ? e.message.split('\n')[0]!.slice(0, 300) : String(e) };
    } finally {
      await context.close().catch(() => undefined);
    }
  };

  return {
    render(target) {
      const mine = tail.then(() => renderOnce(target));
      tail = mine.catch(() => undefined);
      return mine.catch((e: unknown) => ({ kind: 'failed' as const, detail: e instanceof Error ? e.message.split('\n')[0]!.slice(0, 300) : String(e) }));
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
    },
  };
}
