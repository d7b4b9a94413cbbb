/** What the provider fakes answer in the campaign tests: one keyword's SERP, Ahrefs figures, Apollo people. */
export const SERP = [
  { domain: 'www.alpha.example', url: 'https://www.alpha.example/best-remote-tools', title: 'The 12 best remote work tools' },
  { domain: 'alpha.example', url: 'https://alpha.example/another-page', title: 'Another page' },
  { domain: 'en.wikipedia.org', url: 'https://en.wikipedia.org/wiki/Remote_work', title: 'Remote work - Wikipedia' },
  { domain: 'lowdr.example', url: 'https://lowdr.example/tools', title: 'Tools' },
  { domain: 'dnc-serp.example', url: 'https://dnc-serp.example/remote', title: 'Remote' },
  { domain: 'nobody.example', url: 'https://nobody.example/remote', title: 'Working remotely' },
  { domain: 'locked.example', url: 'https://locked.example/remote', title: 'Remote teams' },
  { domain: 'beta.example', url: 'https://beta.example/remote-guide', title: 'A guide to remote work' },
  { domain: 'blog.client.example', url: 'https://blog.client.example/remote', title: 'Our own post' },
];

export const METRICS = {
  'alpha.example': { domain_rating: 55, org_traffic: 12000, org_keywords: 800, refdomains: 900, backlinks: 15000 },
  'en.wikipedia.org': { domain_rating: 98, org_traffic: 1e9 },
  'lowdr.example': { domain_rating: 12, org_traffic: 30 },
  'dnc-serp.example': { domain_rating: 40 },
  'nobody.example': { domain_rating: 35 },
  'locked.example': { domain_rating: 41 },
  'beta.example': { domain_rating: 47, org_traffic: 5000 },
  'blog.client.example': { domain_rating: 30 },
  'linker.example': { domain_rating: 52, org_traffic: 3000, refdomains: 400 },
};

export const PEOPLE = {
  'alpha.example': [
    { id: 'p-alpha-sales', first_name: 'Sal', last_name: 'Seller', title: 'Account Executive', email: 'sal@alpha.example', email_status: 'verified' },
    { id: 'p-alpha-editor', first_name: 'Ada', last_name: 'Editor', title: 'Managing Editor', seniority: 'manager', email: 'ada@alpha.example', email_status: 'verified' },
  ],
  'locked.example': [{ id: 'p-locked', first_name: 'Lou', last_name: 'Locked', title: 'Editor', email: 'lou@locked.example', email_status: 'verified', locked: true }],
  'beta.example': [{ id: 'p-beta', first_name: 'Bea', last_name: 'Blog', title: 'Content Manager', email: 'bea@beta.example', email_status: 'likely to engage' }],
  'lowdr.example': [{ id: 'p-lowdr', first_name: 'Lee', last_name: 'Low', title: 'Editor', email: 'lee@lowdr.example', email_status: 'verified' }],
  'linker.example': [{ id: 'p-linker', first_name: 'Lin', last_name: 'Ker', title: 'Editor in Chief', email: 'lin@linker.example', email_status: 'verified' }],
};

