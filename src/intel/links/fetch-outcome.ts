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
    }
  | { kind: 'failed'; reason: FetchFailure; detail: string };

/**
 * `timeout`, `network`, `unresolved` and `too_many_redirects` may pass; `private_address` and
 * `invalid_url` never will (the page is not one we may or can fetch).
 */
export type FetchFailure = 'timeout' | 'network' | 'unresolved' | 'too_many_redirects' | 'private_address' | 'invalid_url';
