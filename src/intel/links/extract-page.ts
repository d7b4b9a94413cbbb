/**
 * What an HTML page says about links and indexing, read with htmlparser2 (a streaming parser that
 * copes with the broken markup real pages have; regular expressions do not). Pure: HTML in, facts out.
 */
import { Parser } from 'htmlparser2';

export interface PageLink {
  /** The href as written. */
  href: string;
  /** Visible text inside the <a>, whitespace collapsed (an image's alt text when it has no text). */
  text: string;
  /** `rel` tokens, lower case. */
  rel: string[];
}

export interface PageFacts {
  links: PageLink[];
  /** `content` of <meta name="robots"> and <meta name="googlebot">, lower case. */
  metaRobots: string[];
  /** href of the first <link rel="canonical">, as written. */
  canonical: string | null;
  /** href of <base href>, as written. */
  baseHref: string | null;
}

const tokens = (v: string | undefined): string[] => (v ?? '').toLowerCase().split(/\s+/).filter(Boolean);

export function extractPage(html: string): PageFacts {
  const facts: PageFacts = { links: [], metaRobots: [], canonical: null, baseHref: null };
  // <a> may not nest in valid HTML, but a broken page can: the innermost open link receives the text
  const open: { link: PageLink; parts: string[]; alts: string[] }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'a' && typeof attrs['href'] === 'string') {
          open.push({ link: { href: attrs['href'], text: '', rel: tokens(attrs['rel']) }, parts: [], alts: [] });
        } else if (name === 'img' && open.length && attrs['alt']) {
          open[open.length - 1]!.alts.push(attrs['alt']);
        } else if (name === 'meta') {
          const metaName = (attrs['name'] ?? '').toLowerCase().trim();
          if ((metaName === 'robots' || metaName === 'googlebot') && attrs['content']) facts.metaRobots.push(attrs['content'].toLowerCase());
        } else if (name === 'link' && tokens(attrs['rel']).includes('canonical') && attrs['href'] && facts.canonical === null) {
          facts.canonical = attrs['href'];
        } else if (name === 'base' && attrs['href'] && facts.baseHref === null) {
          facts.baseHref = attrs['href'];
        }
      },
      ontext(text) {
        for (const o of open) o.parts.push(text);
      },
      onclosetag(name) {
        if (name !== 'a' || !open.length) return;
        const o = open.pop()!;
        const text = o.parts.join('').replace(/\s+/g, ' ').trim();
        facts.links.push({ ...o.link, text: text || o.alts.join(' ').replace(/\s+/g, ' ').trim() });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return facts;
}
