/**
 * Platforms nobody pitches for a link (SPEC section 8 step 3): encyclopaedias, video and social
 * networks, marketplaces, forums and Q&A sites, search engines, app stores. Nobody there decides to
 * add a link to our content, and what users can post there is nofollow/ugc anyway.
 *
 * Decided and why (what is *not* here matters as much):
 * - medium.com is excluded (and its subdomains): an editorially unowned platform; a Medium
 *   publication on its own custom domain is a normal site and is kept.
 * - github.com is excluded (repositories are not pitched); github.io sites are people's own sites and
 *   are kept — so are blogspot.com / wordpress.com / substack.com blogs, which have an owner to ask.
 * - news sites, directories and review sites with an editor are kept: they are pitchable, the DR and
 *   DNC filters decide.
 * Matching is on the domain or any subdomain (en.wikipedia.org, m.facebook.com); brands with country
 * domains (amazon.de, google.co.uk, ebay.fr) match on the brand label with any TLD.
 */

/** Exact domains, matched with their subdomains. */
export const PLATFORM_DOMAINS: readonly string[] = [
  'wikipedia.org',
  'wikimedia.org',
  'wikihow.com',
  'wiktionary.org',
  'britannica.com',
  'youtube.com',
  'youtu.be',
  'vimeo.com',
  'dailymotion.com',
  'twitch.tv',
  'reddit.com',
  'quora.com',
  'stackoverflow.com',
  'stackexchange.com',
  'facebook.com',
  'fb.com',
  'messenger.com',
  'instagram.com',
  'threads.net',
  'twitter.com',
  'x.com',
  't.co',
  'linkedin.com',
  'lnkd.in',
  'pinterest.com',
  'tiktok.com',
  'snapchat.com',
  'tumblr.com',
  'medium.com',
  'github.com',
  'gitlab.com',
  'bsky.app',
  'mastodon.social',
  'discord.com',
  'telegram.org',
  't.me',
  'whatsapp.com',
  'apple.com',
  'microsoft.com',
  'bing.com',
  'yahoo.com',
  'duckduckgo.com',
  'baidu.com',
  'yandex.ru',
  'walmart.com',
  'etsy.com',
  'aliexpress.com',
  'alibaba.com',
  'yelp.com',
  'tripadvisor.com',
  'trustpilot.com',
  'glassdoor.com',
  'indeed.com',
  'imdb.com',
  'archive.org',
  'scribd.com',
  'slideshare.net',
  'issuu.com',
  'docs.google.com',
];

/** Brands whose country sites are all platforms: amazon.com, amazon.co.uk, amazon.com.au, ... */
export const PLATFORM_BRANDS: readonly string[] = ['amazon', 'google', 'ebay', 'pinterest', 'facebook', 'youtube', 'wikipedia', 'tiktok'];

const COUNTRY_TLD = /^(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2}|org\.[a-z]{2}|ne\.[a-z]{2})$/;

/** The platform a normalised domain belongs to, or null when it is an ordinary site. */
export function platformOf(domain: string): string | null {
  const d = domain.toLowerCase();
  for (const platform of PLATFORM_DOMAINS) {
    if (d === platform || d.endsWith(`.${platform}`)) return platform;
  }
  const labels = d.split('.');
  for (let i = 0; i < labels.length - 1; i += 1) {
    const label = labels[i] ?? '';
    if (PLATFORM_BRANDS.includes(label) && COUNTRY_TLD.test(labels.slice(i + 1).join('.'))) return labels.slice(i).join('.');
  }
  return null;
}
