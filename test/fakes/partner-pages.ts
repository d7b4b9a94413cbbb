/**
 * A partner's website on 127.0.0.1 for link verification tests: one path per case (live, nofollow,
 * sponsored, noindex by meta and by header, canonical elsewhere, redirect chain, removable link, 503
 * then back, never answering), recording the user agent and the most requests it had at once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export const OUR_CONTENT = 'https://www.our-site.example/guide/';
const link = (attrs = '') => `<a ${attrs} href="http://our-site.example/guide#intro">The complete guide</a>`;
const page = (body: string, head = '') => `<!doctype html><html><head><title>Post</title>${head}</head><body><article><p>Text</p>${body}</article></body></html>`;

export interface PartnerSite {
  url(path: string): string;
  /** Toggles for the stateful pages. */
  state: { removableHasLink: boolean; flakyFailures: number };
  userAgents: string[];
  maxConcurrent: number;
  close(): Promise<void>;
}

export async function startPartnerSite(): Promise<PartnerSite> {
  const state = { removableHasLink: true, flakyFailures: 1 };
  const userAgents: string[] = [];
  let active = 0;
  const site = { maxConcurrent: 0 };
  const server = http.createServer((req, res) => {
    active++;
    site.maxConcurrent = Math.max(site.maxConcurrent, active);
    res.on('close', () => active--);
    userAgents.push(String(req.headers['user-agent']));
    const html = (body: string, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/live':
        return html(page(link()));
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(page(link())));
      case '/nofollow':
        return html(page(link('rel="nofollow"')));
      case '/sponsored':
        return html(page(link('rel="sponsored noopener"')));
      case '/noindex-meta':
        return html(page(link(), '<meta name="robots" content="noindex">'));
      case '/noindex-header':
        return html(page(link()), { 'x-robots-tag': 'noindex' });
      case '/canonical':
        return html(page(link(), `<link rel="canonical" href="http://${req.headers.host}/original">`));
      case '/r1':
      case '/r2':
      case '/r3':
        res.writeHead(301, { location: `/r${Number(path.slice(2)) + 1}`.replace('/r4', '/live') });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/removable':
        return html(page(state.removableHasLink ? link() : '<p>Our sponsors changed.</p>'));
      case '/flaky':
        if (state.flakyFailures > 0) {
          state.flakyFailures--;
          res.writeHead(503, { 'retry-after': '60' });
          return res.end('maintenance');
        }
        return html(page(link()));
      case '/slow':
        return void setTimeout(() => html(page(link())), 300);
      case '/slower':
        return void setTimeout(() => html(page(link())), 1000);
      // pages built by JavaScript: an app shell whose script inserts the link (checked with Chromium)
      case '/spa':
        return html('<!doctype html><html><head><title>App</title><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>');
      case '/app.js':
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(`fetch('/data.json').then((r) => r.json()).then((d) => {
  document.getElementById('root').innerHTML = '<article><p>Text</p><a href="' + d.href + '">' + d.text + '</a></article>';
});`);
      case '/data.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ href: 'http://our-site.example/guide#intro', text: 'The complete guide' }));
      case '/spa-empty':
        return html('<!doctype html><html><head><script>document.addEventListener("DOMContentLoaded", () => { document.getElementById("app").textContent = "No links here"; });</script></head><body><div id="app"></div></body></html>');
      case '/spa-leaky': {
        // a shell whose page asks for things elsewhere: an image, a fetch and a WebSocket to `?other=` host
        const other = new URL(req.url ?? '/', 'http://x').searchParams.get('other') ?? '127.0.0.1:9';
        return html(`<!doctype html><html><head><script src="/app.js"></script></head><body><div id="root"></div>
<img src="http://${other}/pixel.gif"><script>fetch('http://${other}/beacon').catch(() => {}); try { new WebSocket('ws://${other}/ws'); } catch (e) {}</script></body></html>`);
      }
      case '/hang':
        return; // never answers: the fetcher's deadline must end it
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    state,
    userAgents,
    get maxConcurrent() {
      return site.maxConcurrent;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
