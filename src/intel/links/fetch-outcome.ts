/** What fetching a page gave: a response (any status), or a failure that produced none. */
export type FetchOutcome =
  | {
      kind: 'response';
      status: number;
      /** The URL of the last hop (after redirects). */
      finalUrl: string;
      /** Every URL redirected through, in order, before finalUrl. */
      redirects: string[];
      /** X-Robots-Tag header values of the final response. */
      xRobotsTag: string[];
      contentType: string | null;
      body: string;
      /** The body was longer than the cap and was cut. */
      truncated: boolean;
      /**
       * Set when `body` is the DOM after running the page's scripts in headless Chromium
       * (render-page.ts); `complete` is false when a script or data request failed or was refused.
       */
      rendered?: { complete: boolean; problems: string[] };
    }
  | { kind: 'failed'; reason: FetchFailure; detail: string };

/**
 * `timeout`, `network`, `unresolved`, `too_many_redirects` and `render_failed` (the browser failed on
 * a page that needs JavaScript) may pass; `private_address` and `invalid_url` never will (the page is
 * not one we may or can fetch).
 */
export type FetchFailure = 'timeout' | 'network' | 'unresolved' | 'too_many_redirects' | 'render_failed' | 'private_address' | 'invalid_url';
