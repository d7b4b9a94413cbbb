/** `https://WWW.Example.com/blog?x` → `example.com`. Returns null when nothing domain-like is left. */
export function normalizeDomain(input: string): string | null {
  let d = input.trim().toLowerCase();
  d = d.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  d = d.replace(/^[^@/]*@/, ''); // user@ in a URL, or an email address
  d = d.split(/[/?#]/)[0] ?? '';
  d = d.replace(/:\d+$/, '');
  d = d.replace(/\.$/, '');
  while (d.startsWith('www.')) d = d.slice(4);
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(d)) {
    // internationalised names arrive as punycode from email headers; raw unicode is accepted as-is
    if (!/^(?=.{1,253}$)[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u.test(d)) return null;
  }
  return d;
}

export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at < 0 ? null : normalizeDomain(email.slice(at + 1));
}
