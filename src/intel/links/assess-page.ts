/**
 * From a fetched page's facts to what matters to the agency: is our link there, followed, indexable.
 * Pure: page facts, response headers and our content's URL in; findings out.
 */
import type { PageFacts } from './extract-page.ts';
import { normalisedHost, normaliseUrl } from './normalize-url.ts';

/** What can be wrong with a placed link (LINK_ISSUE `metadata.issues`). */
export type LinkIssue = 'nofollow' | 'sponsored' | 'ugc' | 'noindex' | 'canonical_elsewhere' | 'wrong_target' | 'link_missing' | 'unfetchable' | 'no_target';

export interface FoundLink {
  href: string;
  anchorText: string;
  rel: string[];
}

export interface PageAssessment {
  /** At least one <a href> resolves to our content. */
  linkFound: boolean;
  /** The link we judge by (a followed one when there is one), null when none. */
  link: FoundLink | null;
  /** Every link to our content, in page order. */
  links: FoundLink[];
  /** Links to our site, but another page (only reported when none goes to our content). */
  sameSiteLinks: FoundLink[];
  noindex: { meta: boolean; header: boolean };
  /** The canonical URL when it names another page than the one fetched. */
  canonicalElsewhere: string | null;
  issues: LinkIssue[];
}

const REL_ISSUES = ['nofollow', 'sponsored', 'ugc'] as const;

/**
 * X-Robots-Tag is `directives` or `useragent: directives`, possibly several header lines joined by
 * commas; a directive for another crawler (e.g. `otherbot: noindex`) does not concern Google.
 */
export function headerNoindex(values: readonly string[]): boolean {
  for (const value of values) {
    let applies = true;
    for (const part of value.toLowerCase().split(',')) {
      let directive = part.trim();
      const colon = /^([a-z0-9_-]+)\s*:\s*(.*)$/.exec(directive);
      if (colon && !['noindex', 'none', 'unavailable_after', 'max-snippet', 'max-image-preview', 'max-video-preview'].includes(colon[1]!)) {
        applies = colon[1] === 'googlebot' || colon[1] === 'all';
        directive = colon[2]!.trim();
      }
      if (applies && (directive === 'noindex' || directive === 'none')) return true;
    }
  }
  return false;
}

const metaNoindex = (contents: readonly string[]) => contents.some((c) => c.split(/[\s,]+/).some((t) => t === 'noindex' || t === 'none'));
const metaNofollow = (contents: readonly string[]) => contents.some((c) => c.split(/[\s,]+/).some((t) => t === 'nofollow' || t === 'none'));

export function assessPage(input: { facts: PageFacts; finalUrl: string; xRobotsTag: readonly string[]; ourContent: string }): PageAssessment {
  const { facts, finalUrl } = input;
  const base = (facts.baseHref && normaliseUrl(facts.baseHref, finalUrl) !== null ? new URL(facts.baseHref, finalUrl).href : finalUrl);
  const target = normaliseUrl(input.ourContent);
  const targetHost = normalisedHost(input.ourContent);
  const links: FoundLink[] = [];
  const sameSiteLinks: FoundLink[] = [];
  for (const l of facts.links) {
    const n = normaliseUrl(l.href, base);
    if (n === null) continue;
    const found = { href: new URL(l.href.trim(), base).href, anchorText: l.text, rel: l.rel };
    if (target !== null && n === target) links.push(found);
    else if (targetHost !== null && normalisedHost(l.href, base) === targetHost) sameSiteLinks.push(found);
  }
  // a page-wide <meta name="robots" content="nofollow"> makes every link on it nofollow
  const pageNofollow = metaNofollow(facts.metaRobots);
  const followed = (l: FoundLink) => !pageNofollow && !REL_ISSUES.some((t) => l.rel.includes(t));
  const link = links.find(followed) ?? links[0] ?? null;
  const noindex = { meta: metaNoindex(facts.metaRobots), header: headerNoindex(input.xRobotsTag) };
  const canonicalUrl = facts.canonical ? normaliseUrl(facts.canonical, base) : null;
  const canonicalElsewhere = canonicalUrl !== null && canonicalUrl !== normaliseUrl(finalUrl) ? new URL(facts.canonical!.trim(), base).href : null;

  const issues: LinkIssue[] = [];
  if (!link) issues.push(sameSiteLinks.length ? 'wrong_target' : 'link_missing');
  else {
    if (pageNofollow && !link.rel.includes('nofollow')) issues.push('nofollow');
    for (const t of REL_ISSUES) if (link.rel.includes(t)) issues.push(t);
  }
  if (noindex.meta || noindex.header) issues.push('noindex');
  if (canonicalElsewhere) issues.push('canonical_elsewhere');
  return { linkFound: link !== null, link, links, sameSiteLinks: link ? [] : sameSiteLinks, noindex, canonicalElsewhere, issues };
}
