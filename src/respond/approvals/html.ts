/** HTML escaping for the server-rendered approval page and emails. Every interpolated value goes through `esc`. */
export const esc = (s: string | number | null | undefined): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Preformatted untrusted text: escaped, line breaks kept by CSS (`white-space: pre-wrap`). */
export const pre = (s: string | null | undefined, max = 20_000): string => {
  const t = (s ?? '').trim();
  return esc(t.length > max ? `${t.slice(0, max - 1)}…` : t);
};
