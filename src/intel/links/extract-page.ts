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
  /** How many <script> elements the page has. */
  scripts: number;
  /** Characters of visible text (outside script, style, noscript and template), whitespace collapsed. */
  textLength: number;
  /** An app's empty mount point (<div id="root|app|__next|__nuxt|svelte">, nothing inside). */
  emptyMountPoint: boolean;
}

const MOUNT_IDS = new Set(['root', 'app', '__next', '__nuxt', 'svelte', '___gatsby']);
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template']);

const tokens = (v: string | undefined): string[] => (v ?? '').toLowerCase().split(/\s+/).filter(Boolean);

export function extractPage(html: string): PageFacts {
  const facts: PageFacts = { links: [], metaRobots: [], canonical: null, baseHref: null, scripts: 0, textLength: 0, emptyMountPoint: false };
  let invisible = 0;
  let text = '';
  // an open mount point: the element depth it opened at and whether anything appeared inside it
  let mount: { depth: number; filled: boolean } | null = null;
  let depth = 0;
  // <a> may not nest in valid HTML, but a broken page can: the innermost open link receives the text
  const open: { link: PageLink; parts: string[]; alts: string[] }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        if (mount && depth > mount.depth) mount.filled = true;
        if (INVISIBLE.has(name)) invisible++;
        if (name === 'script') facts.scripts++;
        if (!mount && !facts.emptyMountPoint && MOUNT_IDS.has((attrs['id'] ?? '').trim())) mount = { depth, filled: false };
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
      ontext(chunk) {
        for (const o of open) o.parts.push(chunk);
        if (invisible === 0 && text.length < 10_000) text += chunk;
        if (mount && chunk.trim()) mount.filled = true;
      },
      onclosetag(name) {
        if (INVISIBLE.has(name) && invisible > 0) invisible--;
        if (mount && depth === mount.depth) {
          if (!mount.filled) facts.emptyMountPoint = true;
          mount = null;
        }
        depth--;
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
  facts.textLength = text.replace(/\s+/g, ' ').trim().length;
  return facts;
}
