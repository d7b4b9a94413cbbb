/**
 * The new text of a reply: quoted history, forwarded blocks and signatures removed. Works on plain
 * text (HTML goes through html-to-text first, which marks quotes with "> ").
 */

// A line that starts quoted history. Multi-language "On … wrote:" forms and client separators.
const QUOTE_HEADER_LINE = [
  /^-{2,}\s*(original message|forwarded message|original nachricht|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande|alkuperäinen viesti|opprinnelig melding|oprindelig meddelelse|mensagem original|исходное сообщение)\s*-{2,}/i,
  /^_{10,}\s*$/,
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)\s*:/i,
  /^(on|le|am|el|il|op|em|på|den|dne|w dniu|в)\s.{0,200}(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|skrev|kirjoitti|napsal|napisał|написал\(а\)|написал|написала)\s*:\s*$/i,
  /^.{0,200}\s(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|skrev|kirjoitti|написал)\s*:\s*$/i,
  /^-{3,}\s*(reply above this line|please reply above)/i,
  // German, French, Spanish, Italian and Dutch clients put the name after the verb.
  /^(am|le|el|il|op)\s.{0,120}\s(schrieb|a écrit|escribió|ha scritto|schreef)\s.{0,160}:\s*$/i,
];

// "From: x" followed within a few lines by "Sent:"/"Date:"/"To:"/"Subject:" is an Outlook-style header block.
const FROM_LINE = /^\*?(from|von|de|da|van|från|fra|od|от|lähettäjä)\s*:\*?\s*\S/i;
const HEADER_FOLLOW = /^\*?(sent|date|to|subject|gesendet|datum|an|betreff|envoyé|date|à|objet|enviado|fecha|para|asunto|inviato|data|oggetto|verzonden|aan|onderwerp|skickat|till|ämne|sendt|emne|отправлено|кому|тема|cc)\s*:/i;

const SIGNATURE_START = [
  /^--\s*$/,
  /^(sent from|get outlook for|envoyé de mon|gesendet von meinem|enviado desde mi|inviato da|verzonden vanaf mijn|sent via|sent with|sent using)\b/i,
  /^(best|kind|warm|many)?\s*(regards|wishes|greetings|cheers|sincerely|best|respectfully|yours truly|yours)\s*[,.!]?\s*$/i,
  // "Thanks!" can be a sentence of the reply; "Thanks," followed by a name is a sign-off.
  /^(many |with )?(thanks|thank you)( again| so much)?\s*,\s*$/i,
  /^(mit freundlichen grüßen|viele grüße|beste grüße|liebe grüße|gruß|cordialement|bien à vous|bien cordialement|saludos|un saludo|atentamente|cordiali saluti|saluti|distinti saluti|met vriendelijke groet|groeten|med vänliga hälsningar|hälsningar|mvh|pozdrawiam|с уважением)\s*[,.!]?\s*$/i,
];

export interface StrippedText {
  /** The new text the sender wrote. */
  text: string;
  /** True when quoted history was found and removed. */
  hadQuote: boolean;
  /** The signature block, kept apart: it is read for sensitive details but not for intent. */
  signature: string;
  /**
   * The message this one answers (ours, in an outreach thread): its one-level `>` lines, or the
   * unquoted block under the quote header up to the next, older header. Read for amounts we
   * offered, so "€80 works for me" is no price of theirs.
   */
  repliedTo: string;
}

const MAX_REPLIED_TO_LINES = 400;

function repliedToText(lines: string[], end: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < MAX_REPLIED_TO_LINES; i++) {
    const l = lines[i]!;
    if (/^\s*>/.test(l)) {
      if (!/^\s*>\s?>/.test(l)) out.push(l.replace(/^\s*>\s?/, ''));
      continue;
    }
    if (i <= end) continue;
    const t = l.trim();
    // An older message quoted inside the one we answer: stop there.
    if (QUOTE_HEADER_LINE.some((re) => re.test(t))) break;
    if (i > end + 5 && FROM_LINE.test(t) && lines.slice(i + 1, i + 5).some((n) => HEADER_FOLLOW.test(n.trim()))) break;
    out.push(l);
  }
  return out.join('\n');
}

export function stripQuoted(raw: string): StrippedText {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (QUOTE_HEADER_LINE.some((re) => re.test(line))) {
      end = i;
      break;
    }
    // "On Tue, 3 Mar 2025 at 10:00, Jane Doe <jane@x.com>" / "wrote:" split over two lines.
    if (/^(on|le|am|el|il|op)\s.{5,}/i.test(line) && i + 1 < lines.length && /^.{0,120}(wrote|a écrit|schrieb|escribió|ha scritto|schreef)\s*:\s*$/i.test(lines[i + 1]!.trim())) {
      end = i;
      break;
    }
    if (FROM_LINE.test(line)) {
      const next = lines.slice(i + 1, i + 5).map((l) => l.trim());
      if (next.some((l) => HEADER_FOLLOW.test(l))) {
        end = i;
        break;
      }
    }
  }
  const hadQuoteHeader = end < lines.length;
  const body: string[] = [];
  let hadQuote = hadQuoteHeader;
  for (const l of lines.slice(0, end)) {
    if (/^\s*>/.test(l)) {
      hadQuote = true;
      continue;
    }
    body.push(l);
  }
  // Signature: the first delimiter after some content; everything after it is set aside.
  let sigAt = body.length;
  let hasContent = false;
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!.trim();
    if (hasContent && SIGNATURE_START.some((re) => re.test(t))) {
      sigAt = i;
      break;
    }
    if (t) hasContent = true;
  }
  return {
    text: body.slice(0, sigAt).join('\n').replace(/\n{3,}/g, '\n\n').trim(),
    hadQuote,
    signature: body.slice(sigAt).join('\n').trim(),
    repliedTo: repliedToText(lines, end),
  };
}
