/**
 * Fetches a partner's page politely and safely: our user agent, one request at a time per host,
 * a deadline for the whole fetch (redirects included), at most 5 redirects, a cap on the (decoded)
 * body. Every hop's host is resolved once and checked (src/net/pinned-host.ts): unless
 * ALLOW_PRIVATE_HOSTS, a page — or a redirect — that points at a loopback or private address is
 * refused, and the request goes to the checked address (no second lookup a DNS rebinding could
 * answer differently). TLS still names and verifies the host.
 */
import http from 'node:http';
import https from 'node:https';
import { lookup } from 'node:dns/promises';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { pinHost, type Resolver } from '../../net/pinned-host.ts';
import type { FetchOutcome } from './fetch-outcome.ts';
import type { HostLock } from './db/host-lock.ts';

export interface PageFetcherOptions {
  allowPrivateHosts: boolean;
  userAgent: string;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  resolve?: Resolver;
  /**
   * Holds the host across processes while fetching (db/host-lock.ts); without it, one request at a
   * time per host holds within this process only.
   */
  hostLock?: HostLock | null;
}

export type PageFetcher = (url: string) => Promise<FetchOutcome>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

class Timeout extends Error {}

/** The deadline of one whole fetch (redirects and body included). */
export const FETCH_TIMEOUT_MS = 15_000;

export function createPageFetcher(opts: PageFetcherOptions): PageFetcher {
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const resolve = opts.resolve ?? systemResolver;
  // per-host concurrency 1: within this process each host's fetches wait for the one before (so a
  // process has at most one fetch per host waiting on the cross-process lock), then the lock
  const hostTails = new Map<string, Promise<unknown>>();

  const fetchOnce = async (start: URL): Promise<FetchOutcome> => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const redirects: string[] = [];
    let current = start;
    for (;;) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') return { kind: 'failed', reason: 'invalid_url', detail: `not an http(s) URL: ${current.protocol}` };
      const pinned = await pinHost(current.hostname, resolve, { allowPrivateHosts: opts.allowPrivateHosts });
      if (!pinned.ok) {
        return pinned.reason === 'private'
          ? { kind: 'failed', reason: 'private_address', detail: `${current.hostname} is a private or loopback address` }
          : { kind: 'failed', reason: 'unresolved', detail: `${current.hostname} did not resolve` };
      }
      if (deadline.aborted) return { kind: 'failed', reason: 'timeout', detail: `no answer within ${timeoutMs} ms` };
      let res: http.IncomingMessage;
      try {
        res = await request(current, pinned.address, pinned.servername, opts.userAgent, deadline);
      } catch (e) {
        return deadline.aborted || e instanceof Timeout
          ? { kind: 'failed', reason: 'timeout', detail: `no answer within ${timeoutMs} ms` }
          : { kind: 'failed', reason: 'network', detail: e instanceof Error ? e.message : String(e) };
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return { kind: 'failed', reason: 'invalid_url', detail: `redirect to an invalid URL: ${location.slice(0, 200)}` };
        }
        redirects.push(current.href);
        if (redirects.length > maxRedirects) return { kind: 'failed', reason: 'too_many_redirects', detail: `more than ${maxRedirects} redirects` };
        current = next;
        continue;
      }
      try {
        const { body, truncated } = await readBody(res, maxBytes, deadline);
        const xrt = res.headers['x-robots-tag'];
        return {
          kind: 'response',
          status,
          finalUrl: current.href,
          redirects,
          xRobotsTag: xrt === undefined ? [] : Array.isArray(xrt) ? xrt : [xrt],
          contentType: res.headers['content-type'] ?? null,
          body,
          truncated,
        };
      } catch (e) {
        return deadline.aborted ? { kind: 'failed', reason: 'timeout', detail: `body not complete within ${timeoutMs} ms` } : { kind: 'failed', reason: 'network', detail: e instanceof Error ? e.message : String(e) };
      }
    }
  };

  const lockedFetch = async (lock: HostLock, host: string, start: URL): Promise<FetchOutcome> => {
    const held = await lock(host, () => fetchOnce(start));
    return held.busy ? { kind: 'failed', reason: 'timeout', detail: `${host} is being fetched by another worker; gave up waiting` } : held.value;
  };

  return async (url: string): Promise<FetchOutcome> => {
    let start: URL;
    try {
      start = new URL(url);
    } catch {
      return { kind: 'failed', reason: 'invalid_url', detail: 'not a URL' };
    }
    const host = start.hostname.toLowerCase();
    const before = hostTails.get(host) ?? Promise.resolve();
    const mine = before.then(() => (opts.hostLock ? lockedFetch(opts.hostLock, host, start) : fetchOnce(start)));
    const tail = mine.catch(() => undefined);
    hostTails.set(host, tail);
    try {
      return await mine;
    } finally {
      if (hostTails.get(host) === tail) hostTails.delete(host);
    }
  };
}

function request(url: URL, address: string, servername: string | undefined, userAgent: string, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(
      {
        // the checked address, not the name: no second lookup between the check and the connection
        host: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        servername,
        signal,
        headers: {
          host: url.host,
          'user-agent': userAgent,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
        },
      },
      resolvePromise,
    );
    req.on('error', (e) => reject(signal.aborted ? new Timeout('timeout') : e));
    req.end();
  });
}

function decoded(res: http.IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').toLowerCase().trim()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

/** Reads at most `maxBytes` of the decoded body (the cap guards against compression bombs too). */
async function readBody(res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<{ body: string; truncated: boolean }> {
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const onAbort = () => stream.destroy(new Timeout('timeout'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= maxBytes) {
        truncated = true;
        break;
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    res.destroy();
  }
  return { body: decodeText(Buffer.concat(chunks), res.headers['content-type']), truncated };
}

function decodeText(buf: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(buf);
  } catch {
    return new TextDecoder('utf-8').decode(buf);
  }
}
