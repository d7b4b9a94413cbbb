/**
 * Replies written for these tests (not taken from any corpus, and never from the held-out split):
 * how people decline, ask to be removed, say they are away and when they are back, refer us on,
 * quote a price, ask before deciding, or agree, in the nine languages. Dates are read against
 * 1 December 2026 (the dev set's receive date). Also used as extra training rows for the trained
 * tie-breaker (scripts/eval/linear-model.ts).
 */
import type { Intent, Offer } from '../../../src/classify/types.ts';

export interface LanguageCase {
  lang: 'en' | 'de' | 'fr' | 'es' | 'it' | 'pt' | 'nl' | 'pl' | 'sv';
  intent: Intent;
  text: string;
  subject?: string;
  /** Auto-reply headers: an absence note sent by a mail client. */
  auto?: boolean;
  returnDate?: string | null;
  referralEmail?: string;
  prices?: Pick<Offer, 'type' | 'amount' | 'currency'>[];
}

const NI: Intent = 'NOT_INTERESTED';
const UN: Intent = 'UNSUBSCRIBE';

export const LANGUAGE_CASES: LanguageCase[] = [
  // Declines
  { lang: 'en', intent: NI, text: "Thanks for reaching out, but this isn't something we'd be interested in." },
  { lang: 'en', intent: NI, text: "Appreciate the offer, but we'll have to say no this time." },
  { lang: 'en', intent: NI, text: "We keep the site ad-free and don't run sponsored content, sorry." },
  { lang: 'en', intent: NI, text: "I don't think this would work for us. Good luck with the campaign though." },
  { lang: 'en', intent: NI, text: "Thanks, but we're not doing link exchanges or paid placements." },
  { lang: 'en', intent: NI, text: "We only link to sources we've vetted ourselves, so I'll pass on this one." },
  { lang: 'en', intent: NI, text: "Sorry, this doesn't really fit with what we publish." },
  { lang: 'en', intent: NI, text: "We're not currently open to guest contributions." },
  { lang: 'en', intent: NI, text: "We've decided not to take any outside content this year. Best of luck." },
  { lang: 'en', intent: NI, text: "Hi Sam, kind of you to think of us, but we won't be adding external links to that page." },
  { lang: 'de', intent: NI, text: 'Danke für die Nachricht, aber das ist nichts für uns.' },
  { lang: 'de', intent: NI, text: 'Wir nehmen derzeit keine externen Artikel an.' },
  { lang: 'de', intent: NI, text: 'Leider müssen wir Ihnen eine Absage erteilen.' },
  { lang: 'de', intent: NI, text: 'Bezahlte Links bieten wir nicht an, tut mir leid.' },
  { lang: 'de', intent: NI, text: 'Vielen Dank für das Angebot, wir möchten aber davon absehen.' },
  { lang: 'de', intent: NI, text: 'Hallo, danke, aber wir arbeiten nicht mit Agenturen zusammen.' },
  { lang: 'fr', intent: NI, text: 'Merci pour votre proposition, mais nous ne sommes pas preneurs.' },
  { lang: 'fr', intent: NI, text: 'Ce type de partenariat ne nous intéresse pas pour le moment.' },
  { lang: 'fr', intent: NI, text: 'Nous préférons ne pas donner suite. Bonne continuation.' },
  { lang: 'fr', intent: NI, text: "Désolé, nous n'acceptons pas les articles invités." },
  { lang: 'fr', intent: NI, text: 'Je vais décliner, merci quand même.' },
  { lang: 'es', intent: NI, text: 'Gracias por escribir, pero no nos interesa este tipo de colaboración.' },
  { lang: 'es', intent: NI, text: 'Lo siento, no aceptamos artículos patrocinados.' },
  { lang: 'es', intent: NI, text: 'Preferimos no participar, gracias.' },
  { lang: 'es', intent: NI, text: 'Por ahora no, gracias.' },
  { lang: 'es', intent: NI, text: 'Te agradezco el interés, pero vamos a declinar la propuesta.' },
  { lang: 'it', intent: NI, text: 'Grazie, ma non siamo interessati a collaborazioni di questo tipo.' },
  { lang: 'it', intent: NI, text: 'Non accettiamo articoli sponsorizzati, mi dispiace.' },
  { lang: 'it', intent: NI, text: 'Preferiamo non procedere, grazie comunque.' },
  { lang: 'it', intent: NI, text: 'Per il momento passo, grazie.' },
  { lang: 'it', intent: NI, text: 'Ti ringrazio, ma non è il genere di contenuti che pubblichiamo.' },
  { lang: 'pt', intent: NI, text: 'Obrigado pelo contato, mas não temos interesse nesse tipo de parceria.' },
  { lang: 'pt', intent: NI, text: 'Não aceitamos artigos patrocinados, desculpe.' },
  { lang: 'pt', intent: NI, text: 'Vamos recusar desta vez, obrigado.' },
  { lang: 'pt', intent: NI, text: 'Por enquanto não, obrigada.' },
  { lang: 'nl', intent: NI, text: 'Bedankt voor je mail, maar hier hebben we geen interesse in.' },
  { lang: 'nl', intent: NI, text: 'Wij plaatsen geen gesponsorde artikelen, sorry.' },
  { lang: 'nl', intent: NI, text: 'Voorlopig niet, dank je.' },
  { lang: 'nl', intent: NI, text: 'Dit past niet bij onze site, maar bedankt voor het aanbod.' },
  { lang: 'pl', intent: NI, text: 'Dziękuję za wiadomość, ale nie jesteśmy zainteresowani taką współpracą.' },
  { lang: 'pl', intent: NI, text: 'Nie publikujemy artykułów sponsorowanych, przepraszam.' },
  { lang: 'pl', intent: NI, text: 'Na razie nie, dziękuję.' },
  { lang: 'pl', intent: NI, text: 'Musimy odmówić, dziękujemy za propozycję.' },
  { lang: 'sv', intent: NI, text: 'Tack för mejlet, men vi är inte intresserade av den typen av samarbete.' },
  { lang: 'sv', intent: NI, text: 'Vi tar inte emot sponsrade inlägg, tyvärr.' },
  { lang: 'sv', intent: NI, text: 'Inte just nu, tack.' },
  { lang: 'sv', intent: NI, text: 'Vi avböjer den här gången.' },

  // Stop requests
  { lang: 'en', intent: UN, text: 'Please stop sending me these emails.' },
  { lang: 'en', intent: UN, text: 'Kindly remove this address from your outreach list.' },
  { lang: 'en', intent: UN, text: "I'd like to be taken off your list, thanks." },
  { lang: 'en', intent: UN, text: 'Unsubscribe me please.' },
  { lang: 'en', intent: UN, text: "Not interested. Don't email me again." },
  { lang: 'de', intent: UN, text: 'Bitte nehmen Sie mich aus Ihrem Verteiler.' },
  { lang: 'de', intent: UN, text: 'Ich möchte keine weiteren E-Mails von Ihnen erhalten.' },
  { lang: 'de', intent: UN, text: 'Bitte streichen Sie meine Adresse aus Ihrer Liste.' },
  { lang: 'fr', intent: UN, text: "Merci de ne plus m'écrire." },
  { lang: 'fr', intent: UN, text: "Retirez mon adresse de votre liste, s'il vous plaît." },
  { lang: 'fr', intent: UN, text: 'Je ne souhaite plus recevoir vos e-mails.' },
  { lang: 'es', intent: UN, text: 'Por favor, no me escriban más.' },
  { lang: 'es', intent: UN, text: 'Quiero que borren mi correo de su lista.' },
  { lang: 'es', intent: UN, text: 'No deseo recibir más correos de ustedes.' },
  { lang: 'it', intent: UN, text: 'Vi prego di non scrivermi più.' },
  { lang: 'it', intent: UN, text: 'Toglietemi dalla vostra lista, grazie.' },
  { lang: 'it', intent: UN, text: 'Non desidero ricevere altre email da voi.' },
  { lang: 'pt', intent: UN, text: 'Por favor, não me enviem mais e-mails.' },
  { lang: 'pt', intent: UN, text: 'Retirem o meu endereço da vossa lista.' },
  { lang: 'pt', intent: UN, text: 'Não quero receber mais mensagens vossas.' },
  { lang: 'nl', intent: UN, text: 'Haal mij alsjeblieft van jullie lijst.' },
  { lang: 'nl', intent: UN, text: 'Ik wil geen e-mails meer van jullie ontvangen.' },
  { lang: 'nl', intent: UN, text: 'Graag mijn adres uit jullie bestand verwijderen.' },
  { lang: 'pl', intent: UN, text: 'Proszę usunąć mój adres z listy.' },
  { lang: 'pl', intent: UN, text: 'Nie chcę otrzymywać więcej wiadomości od Państwa.' },
  { lang: 'pl', intent: UN, text: 'Proszę do mnie więcej nie pisać.' },
  { lang: 'sv', intent: UN, text: 'Ta bort mig från er lista, tack.' },
  { lang: 'sv', intent: UN, text: 'Jag vill inte få fler mejl från er.' },
  { lang: 'sv', intent: UN, text: 'Sluta skicka mejl till mig.' },

  // Away, and back on a date
  { lang: 'en', intent: 'OUT_OF_OFFICE', subject: 'Automatic reply: Guest post', auto: true, text: "I'm out of the office until Monday, December 14, with limited access to email.", returnDate: '2026-12-14' },
  { lang: 'en', intent: 'OUT_OF_OFFICE', subject: 'Out of Office: Collaboration idea', text: 'I am currently on leave and will return on 4 January 2027.', returnDate: '2027-01-04' },
  { lang: 'en', intent: 'OUT_OF_OFFICE', subject: 'Re: Collaboration idea', text: "Hi, I'm away until 12/10 and will respond when I'm back.\n\nMegan", returnDate: '2026-12-10' },
  { lang: 'en', intent: 'OUT_OF_OFFICE', subject: 'Automatic reply: Link suggestion', auto: true, text: "I'm on leave until 10 December. For anything urgent, please contact anna@partner-blog.example.", returnDate: '2026-12-10' },
  { lang: 'de', intent: 'OUT_OF_OFFICE', subject: 'Abwesenheitsnotiz: Kooperation', auto: true, text: 'Ich bin vom 1. bis 11. Dezember im Urlaub. Ab dem 14.12. bin ich wieder für Sie da.', returnDate: '2026-12-14' },
  { lang: 'de', intent: 'OUT_OF_OFFICE', subject: 'Automatische Antwort: Kooperation', auto: true, text: 'Ich befinde mich bis einschließlich 8. Dezember im Urlaub.', returnDate: '2026-12-08' },
  { lang: 'de', intent: 'OUT_OF_OFFICE', subject: 'Abwesend', auto: true, text: 'Ab Montag, den 7. Dezember, bin ich wieder im Büro.', returnDate: '2026-12-07' },
  { lang: 'fr', intent: 'OUT_OF_OFFICE', subject: 'Réponse automatique : Partenariat', auto: true, text: "Je suis en congés jusqu'au 4 janvier inclus.", returnDate: '2027-01-04' },
  { lang: 'fr', intent: 'OUT_OF_OFFICE', subject: "Absence du bureau", auto: true, text: 'Absent du bureau, je serai de retour le lundi 7 décembre.', returnDate: '2026-12-07' },
  { lang: 'fr', intent: 'OUT_OF_OFFICE', subject: 'Réponse automatique', auto: true, text: "Je serai absent jusqu'au 11/12, sans accès à mes e-mails.", returnDate: '2026-12-11' },
  { lang: 'es', intent: 'OUT_OF_OFFICE', subject: 'Respuesta automática: Colaboración', auto: true, text: 'Estoy de vacaciones hasta el 7 de enero.', returnDate: '2027-01-07' },
  { lang: 'es', intent: 'OUT_OF_OFFICE', subject: 'Fuera de la oficina', auto: true, text: 'Estoy fuera de la oficina. Me reincorporo el 9 de diciembre.', returnDate: '2026-12-09' },
  { lang: 'es', intent: 'OUT_OF_OFFICE', subject: 'Respuesta automática', auto: true, text: 'Estaré fuera hasta el 15/12 sin acceso al correo.', returnDate: '2026-12-15' },
  { lang: 'it', intent: 'OUT_OF_OFFICE', subject: 'Risposta automatica: Collaborazione', auto: true, text: "Sarò assente dall'ufficio fino all'8 gennaio.", returnDate: '2027-01-08' },
  { lang: 'it', intent: 'OUT_OF_OFFICE', subject: 'Fuori sede', auto: true, text: 'Sono in trasferta, rientrerò in ufficio lunedì 7 dicembre.', returnDate: '2026-12-07' },
  { lang: 'pt', intent: 'OUT_OF_OFFICE', subject: 'Resposta automática: Parceria', auto: true, text: 'Estarei ausente até o dia 10 de dezembro.', returnDate: '2026-12-10' },
  { lang: 'pt', intent: 'OUT_OF_OFFICE', subject: 'Ausência', auto: true, text: 'Estou fora do escritório. Regresso a 4 de janeiro.', returnDate: '2027-01-04' },
  { lang: 'nl', intent: 'OUT_OF_OFFICE', subject: 'Automatisch antwoord: Samenwerking', auto: true, text: 'Ik ben met vakantie tot en met 11 december.', returnDate: '2026-12-11' },
  { lang: 'nl', intent: 'OUT_OF_OFFICE', subject: 'Afwezig', auto: true, text: 'Ik ben afwezig. Vanaf 4 januari ben ik weer op kantoor.', returnDate: '2027-01-04' },
  { lang: 'pl', intent: 'OUT_OF_OFFICE', subject: 'Automatyczna odpowiedź: Współpraca', auto: true, text: 'Jestem poza biurem do 14 grudnia.', returnDate: '2026-12-14' },
  { lang: 'pl', intent: 'OUT_OF_OFFICE', subject: 'Nieobecność', auto: true, text: 'Jestem na urlopie. Wracam 7 stycznia.', returnDate: '2027-01-07' },
  { lang: 'sv', intent: 'OUT_OF_OFFICE', subject: 'Autosvar: Samarbete', auto: true, text: 'Jag är på semester till den 4 januari.', returnDate: '2027-01-04' },
  { lang: 'sv', intent: 'OUT_OF_OFFICE', subject: 'Frånvaro', auto: true, text: 'Jag är tillbaka på kontoret måndag 7 december.', returnDate: '2026-12-07' },

  // Referrals
  { lang: 'en', intent: 'REFERRAL', text: 'Please contact Mark at mark@partner-blog.example, he looks after partnerships.', referralEmail: 'mark@partner-blog.example' },
  { lang: 'en', intent: 'REFERRAL', text: "I'm not the right person for this. Try submissions@partner-blog.example instead.", referralEmail: 'submissions@partner-blog.example' },
  { lang: 'en', intent: 'REFERRAL', text: 'Our marketing manager, tom.baker@other-media.example, deals with all sponsored content.', referralEmail: 'tom.baker@other-media.example' },
  { lang: 'de', intent: 'REFERRAL', text: 'Bitte wenden Sie sich an unsere Marketingabteilung: marketing@partner-blog.example', referralEmail: 'marketing@partner-blog.example' },
  { lang: 'de', intent: 'REFERRAL', text: 'Dafür ist mein Kollege Jan zuständig, schreiben Sie ihm an jan@partner-blog.example.', referralEmail: 'jan@partner-blog.example' },
  { lang: 'fr', intent: 'REFERRAL', text: "Je ne m'occupe pas de ça, écrivez plutôt à julie@partner-blog.example.", referralEmail: 'julie@partner-blog.example' },
  { lang: 'fr', intent: 'REFERRAL', text: 'Merci de vous adresser à partenariats@media-group.example.', referralEmail: 'partenariats@media-group.example' },
  { lang: 'es', intent: 'REFERRAL', text: 'Escríbele a nuestra responsable de marketing, ana@partner-blog.example.', referralEmail: 'ana@partner-blog.example' },
  { lang: 'es', intent: 'REFERRAL', text: 'El encargado de esto es Pablo: pablo@media-group.example', referralEmail: 'pablo@media-group.example' },
  { lang: 'it', intent: 'REFERRAL', text: 'Se ne occupa il mio collega Luca, puoi scrivergli a luca@partner-blog.example.', referralEmail: 'luca@partner-blog.example' },
  { lang: 'pt', intent: 'REFERRAL', text: 'Fale com a nossa equipa de marketing: marketing@media-group.example', referralEmail: 'marketing@media-group.example' },
  { lang: 'pt', intent: 'REFERRAL', text: 'Quem trata disso é o João, joao@partner-blog.example.', referralEmail: 'joao@partner-blog.example' },
  { lang: 'nl', intent: 'REFERRAL', text: 'Mail hiervoor naar redactie@media-group.example.', referralEmail: 'redactie@media-group.example' },
  { lang: 'nl', intent: 'REFERRAL', text: 'Mijn collega Sanne regelt dit: sanne@partner-blog.example', referralEmail: 'sanne@partner-blog.example' },
  { lang: 'pl', intent: 'REFERRAL', text: 'Proszę napisać do naszego działu marketingu: marketing@media-group.example', referralEmail: 'marketing@media-group.example' },
  { lang: 'pl', intent: 'REFERRAL', text: 'Tym zajmuje się mój kolega Jan, jan@partner-blog.example.', referralEmail: 'jan@partner-blog.example' },
  { lang: 'sv', intent: 'REFERRAL', text: 'Kontakta vår marknadsavdelning på marknad@media-group.example.', referralEmail: 'marknad@media-group.example' },
  { lang: 'sv', intent: 'REFERRAL', text: 'Det är min kollega Erik som sköter det, erik@partner-blog.example.', referralEmail: 'erik@partner-blog.example' },

  // Prices
  { lang: 'en', intent: 'PRICE_QUOTE', text: 'Our rate for a guest post is $180, including one dofollow link.', prices: [{ type: 'GUEST_POST', amount: 180, currency: 'USD' }] },
  { lang: 'en', intent: 'PRICE_QUOTE', text: 'A link insertion in an existing article is £95 + VAT.', prices: [{ type: 'LINK_INSERTION', amount: 95, currency: 'GBP' }] },
  { lang: 'en', intent: 'PRICE_QUOTE', text: 'You offered $50, but our minimum for a link insertion is $120.', prices: [{ type: 'LINK_INSERTION', amount: 120, currency: 'USD' }] },
  { lang: 'de', intent: 'PRICE_QUOTE', text: 'Ein Gastartikel kostet bei uns 250 € zzgl. MwSt.', prices: [{ type: 'GUEST_POST', amount: 250, currency: 'EUR' }] },
  { lang: 'fr', intent: 'PRICE_QUOTE', text: 'Pour un article sponsorisé, notre tarif est de 300 € HT.', prices: [{ type: 'GUEST_POST', amount: 300, currency: 'EUR' }] },
  { lang: 'es', intent: 'PRICE_QUOTE', text: 'El precio por artículo patrocinado es de 150 euros.', prices: [{ type: 'GUEST_POST', amount: 150, currency: 'EUR' }] },
  { lang: 'it', intent: 'PRICE_QUOTE', text: 'Per un articolo sponsorizzato chiediamo 200 €.', prices: [{ type: 'GUEST_POST', amount: 200, currency: 'EUR' }] },
  { lang: 'pt', intent: 'PRICE_QUOTE', text: 'O valor para um artigo patrocinado é R$ 400.', prices: [{ type: 'GUEST_POST', amount: 400, currency: 'BRL' }] },
  { lang: 'nl', intent: 'PRICE_QUOTE', text: 'Een gesponsord artikel kost 175 euro excl. btw.', prices: [{ type: 'GUEST_POST', amount: 175, currency: 'EUR' }] },
  { lang: 'pl', intent: 'PRICE_QUOTE', text: 'Koszt artykułu sponsorowanego to 1 200 zł netto.', prices: [{ type: 'GUEST_POST', amount: 1200, currency: 'PLN' }] },
  { lang: 'sv', intent: 'PRICE_QUOTE', text: 'Ett sponsrat inlägg kostar 2 500 kr exkl. moms.', prices: [{ type: 'GUEST_POST', amount: 2500, currency: 'SEK' }] },

  // Questions before deciding
  { lang: 'en', intent: 'QUESTION', text: 'Which page did you want the link on?' },
  { lang: 'en', intent: 'QUESTION', text: 'Could be interesting. What would the article be about, and who is the client?' },
  { lang: 'de', intent: 'QUESTION', text: 'Um welchen Kunden geht es denn?' },
  { lang: 'fr', intent: 'QUESTION', text: "De quel article parlez-vous exactement ?" },
  { lang: 'es', intent: 'QUESTION', text: '¿Qué tipo de enlace sería, dofollow o nofollow?' },
  { lang: 'it', intent: 'QUESTION', text: 'Di quale articolo si tratta?' },
  { lang: 'pt', intent: 'QUESTION', text: 'Qual seria o tema do artigo?' },
  { lang: 'nl', intent: 'QUESTION', text: 'Over welk artikel gaat het precies?' },
  { lang: 'pl', intent: 'QUESTION', text: 'O jaki artykuł chodzi?' },
  { lang: 'sv', intent: 'QUESTION', text: 'Vilken artikel gäller det?' },

  // Agreement
  { lang: 'en', intent: 'INTERESTED', text: 'Yes, happy to take a look. Send it over.' },
  { lang: 'en', intent: 'INTERESTED', text: 'Sounds good! What is the deadline for the draft?' },
  { lang: 'en', intent: 'INTERESTED', text: 'That works for me, please send the article when ready.' },
  { lang: 'de', intent: 'INTERESTED', text: 'Gerne, schicken Sie mir den Text.' },
  { lang: 'fr', intent: 'INTERESTED', text: "Avec plaisir, envoyez-moi l'article." },
  { lang: 'es', intent: 'INTERESTED', text: 'Sí, claro, mándame el texto.' },
  { lang: 'it', intent: 'INTERESTED', text: "Certo, inviami pure l'articolo." },
  { lang: 'pt', intent: 'INTERESTED', text: 'Sim, pode mandar o texto.' },
  { lang: 'nl', intent: 'INTERESTED', text: 'Ja hoor, stuur het artikel maar.' },
  { lang: 'pl', intent: 'INTERESTED', text: 'Tak, proszę przesłać artykuł.' },
  { lang: 'sv', intent: 'INTERESTED', text: 'Ja, skicka gärna artikeln.' },

  // Nothing decided
  { lang: 'en', intent: 'OTHER', text: 'Thanks for your email.' },
  { lang: 'de', intent: 'OTHER', text: 'Danke für die Info, ich leite das an die Redaktion weiter.' },
  { lang: 'fr', intent: 'OTHER', text: "Bien reçu, merci." },
  { lang: 'sv', intent: 'OTHER', text: 'Fel person, jag jobbar inte med bloggen längre.' },
];
