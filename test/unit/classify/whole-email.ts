/**
 * A reply as it arrives: greeting, the reply, a sign-off, a name, a footer, and our pitch quoted
 * below it (Gmail "On … wrote:" with `>` lines, or an Outlook header block without them), in the
 * reply's language. Written for these tests; the pitches carry the unsubscribe footer our own
 * outreach carries, which must never read as the partner's stop request.
 */
import type { LanguageCase } from './nine-languages.cases.ts';

type Lang = LanguageCase['lang'];

interface Shape {
  hello: string;
  bye: string;
  sentFrom: string;
  gmailHeader: string;
  outlook: [string, string, string, string];
  pitch: string;
  footer: string;
}

const SHAPES: Record<Lang, Shape> = {
  en: {
    hello: 'Hi Laura,', bye: 'Best regards,', sentFrom: 'Sent from my iPhone',
    gmailHeader: 'On Tue, 1 Dec 2026 at 10:02, Laura Mendes <laura@linkcraft-outreach.example> wrote:',
    outlook: ['From: Laura Mendes <laura@linkcraft-outreach.example>', 'Sent: Tuesday, December 1, 2026 10:02 AM', 'To: Editor <editor@partner-blog.example>', 'Subject: Collaboration idea'],
    pitch: 'I loved your article and think our guide would be a helpful resource for your readers. Would you consider adding a link to it?',
    footer: 'Not interested? Reply "unsubscribe" or click here: https://linkcraft-outreach.example/unsubscribe',
  },
  de: {
    hello: 'Hallo Herr Becker,', bye: 'Viele Grüße', sentFrom: 'Von meinem iPhone gesendet',
    gmailHeader: 'Am Di., 1. Dez. 2026 um 10:02 Uhr schrieb Tom Becker <tom.becker@rankwise-media.example>:',
    outlook: ['Von: Tom Becker <tom.becker@rankwise-media.example>', 'Gesendet: Dienstag, 1. Dezember 2026 10:02', 'An: Redaktion <editor@partner-blog.example>', 'Betreff: Kooperationsanfrage'],
    pitch: 'Wir haben einen Ratgeber veröffentlicht, der gut zu Ihrem Artikel passt. Wäre es möglich, ihn zu verlinken?',
    footer: 'Sie möchten keine weiteren E-Mails erhalten? Hier abmelden: https://rankwise-media.example/abmelden',
  },
  fr: {
    hello: 'Bonjour Julien,', bye: 'Cordialement,', sentFrom: 'Envoyé de mon iPhone',
    gmailHeader: 'Le mar. 1 déc. 2026 à 10:02, Julien Moreau <julien.moreau@netlinking-pro.example> a écrit :',
    outlook: ['De : Julien Moreau <julien.moreau@netlinking-pro.example>', 'Envoyé : mardi 1 décembre 2026 10:02', 'À : Rédaction <editor@partner-blog.example>', 'Objet : Proposition de partenariat'],
    pitch: "Nous avons publié un guide complet sur un sujet proche. Serait-il possible d'ajouter un lien vers ce guide dans votre article ?",
    footer: 'Pour ne plus recevoir nos e-mails, cliquez ici : https://netlinking-pro.example/desinscription',
  },
  es: {
    hello: 'Hola Lucía:', bye: 'Un saludo,', sentFrom: 'Enviado desde mi iPhone',
    gmailHeader: 'El mar, 1 dic 2026 a las 10:02, Lucía Ortega (<lucia@enlacesdigitales.example>) escribió:',
    outlook: ['De: Lucía Ortega <lucia@enlacesdigitales.example>', 'Enviado el: martes, 1 de diciembre de 2026 10:02', 'Para: Redacción <editor@partner-blog.example>', 'Asunto: Propuesta de colaboración'],
    pitch: 'Me gustaría proponerte un artículo invitado para tu blog, con un enlace a la web de nuestro cliente. ¿Te interesaría?',
    footer: 'Si no quieres recibir más correos, responde «BAJA».',
  },
  it: {
    hello: 'Ciao Marco,', bye: 'Cordiali saluti,', sentFrom: 'Inviato da iPhone',
    gmailHeader: 'Il giorno mar 1 dic 2026 alle ore 10:02 Marco Bianchi <marco@seoboost-partners.example> ha scritto:',
    outlook: ['Da: Marco Bianchi <marco@seoboost-partners.example>', 'Inviato: martedì 1 dicembre 2026 10:02', 'A: Redazione <editor@partner-blog.example>', 'Oggetto: Proposta di collaborazione'],
    pitch: 'Vorremmo pubblicare un articolo ospite sul tuo blog, con un link al sito del nostro cliente. Quali sono le tue condizioni?',
    footer: 'Per non ricevere più nostre email: https://seoboost-partners.example/disiscriviti',
  },
  pt: {
    hello: 'Olá Ana,', bye: 'Abraço,', sentFrom: 'Enviado do meu iPhone',
    gmailHeader: 'Em ter., 1 de dez. de 2026 às 10:02, Ana Souza <ana.souza@linkhaus.example> escreveu:',
    outlook: ['De: Ana Souza <ana.souza@linkhaus.example>', 'Enviado: terça-feira, 1 de dezembro de 2026 10:02', 'Para: Redação <editor@partner-blog.example>', 'Assunto: Proposta de parceria'],
    pitch: 'Publicamos recentemente um guia completo sobre um tema relacionado. Você consideraria incluir um link para ele no seu artigo?',
    footer: 'Para não receber mais e-mails, clique aqui: https://linkhaus.example/descadastrar',
  },
  nl: {
    hello: 'Hoi Pieter,', bye: 'Met vriendelijke groet,', sentFrom: 'Verstuurd vanaf mijn iPhone',
    gmailHeader: 'Op di 1 dec 2026 om 10:02 schreef Pieter de Vries <pieter@outreachwerk.example>:',
    outlook: ['Van: Pieter de Vries <pieter@outreachwerk.example>', 'Verzonden: dinsdag 1 december 2026 10:02', 'Aan: Redactie <editor@partner-blog.example>', 'Onderwerp: Samenwerkingsvoorstel'],
    pitch: 'Wij hebben onlangs een uitgebreide gids gepubliceerd over een verwant onderwerp. Zou je overwegen om een link toe te voegen?',
    footer: 'Geen mails meer ontvangen? Afmelden: https://outreachwerk.example/afmelden',
  },
  pl: {
    hello: 'Dzień dobry,', bye: 'Pozdrawiam', sentFrom: 'Wysłane z iPhone’a',
    gmailHeader: 'wt., 1 gru 2026 o 10:02 Nina Kowalska <nina.k@growthpr-studio.example> napisał(a):',
    outlook: ['Od: Nina Kowalska <nina.k@growthpr-studio.example>', 'Wysłano: wtorek, 1 grudnia 2026 10:02', 'Do: Redakcja <editor@partner-blog.example>', 'Temat: Propozycja współpracy'],
    pitch: 'Chcielibyśmy opublikować artykuł gościnny na Państwa blogu, z jednym linkiem do strony naszego klienta. Czy byliby Państwo zainteresowani?',
    footer: 'Jeśli nie chcą Państwo otrzymywać od nas wiadomości, prosimy kliknąć: https://growthpr-studio.example/wypisz',
  },
  sv: {
    hello: 'Hej Emma!', bye: 'Med vänliga hälsningar', sentFrom: 'Skickat från min iPhone',
    gmailHeader: 'Den tis 1 dec. 2026 kl 10:02 skrev Emma Lindqvist <emma@contentbridge.example>:',
    outlook: ['Från: Emma Lindqvist <emma@contentbridge.example>', 'Skickat: den 1 december 2026 10:02', 'Till: Redaktionen <editor@partner-blog.example>', 'Ämne: Samarbetsförslag'],
    pitch: 'Vi har nyligen publicerat en guide om ett närliggande ämne. Skulle du kunna tänka dig att lägga till en länk till den i din artikel?',
    footer: 'Vill du inte få fler mejl? Avregistrera dig här: https://contentbridge.example/avregistrera',
  },
};

export type Wrapping = 'gmail' | 'outlook';

/** The reply inside a whole email of its language; `pitch` replaces the default quoted pitch. */
export function wholeEmail(lang: Lang, reply: string, how: Wrapping, pitch?: string): string {
  const s = SHAPES[lang];
  const quoted = [s.hello.replace(/\S+[,:!]?$/, 'Editor,'), '', pitch ?? s.pitch, '', 'Laura', s.footer];
  const head = [s.hello, '', reply, '', s.bye, 'Kim Novak', 'partner-blog.example', '+44 20 7946 0000', '', s.sentFrom, ''];
  if (how === 'gmail') return [...head, s.gmailHeader, ...quoted.map((l) => (l ? `> ${l}` : '>'))].join('\n');
  return [...head, '-----Original Message-----', ...s.outlook, '', ...quoted].join('\n');
}
