/**
 * Mailbox providers whose domain says nothing about the partner: a reply from jane@gmail.com must
 * not make "gmail.com" a partner account shared by every agency.
 */
const FREEMAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'ymail.com', 'outlook.com', 'hotmail.com',
  'hotmail.co.uk', 'hotmail.fr', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com',
  'pm.me', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.com', 'yandex.ru', 'zoho.com', 'zohomail.com',
  'fastmail.com', 'hey.com', 'tutanota.com', 'qq.com', '163.com', '126.com', 'naver.com', 'libero.it', 'orange.fr', 'free.fr',
  'laposte.net', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'rediffmail.com',
]);

export function isFreemailDomain(domain: string): boolean {
  return FREEMAIL.has(domain.toLowerCase());
}
