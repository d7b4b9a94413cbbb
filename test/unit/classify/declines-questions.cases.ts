/**
 * Polite declines and questions before deciding, in the nine languages (issue 9, fourth pass).
 * Written for these tests from everyday usage — never copied from a corpus, and the dev set's
 * held-out split was not read. Each is read bare and inside a whole email of its language.
 */
import type { Intent } from '../../../src/classify/types.ts';
import type { LanguageCase } from './nine-languages.cases.ts';

export interface DeclineQuestionCase {
  lang: LanguageCase['lang'];
  intent: Extract<Intent, 'NOT_INTERESTED' | 'QUESTION'>;
  text: string;
  /** A refusal before the question: it is a question, but a human reads it first. */
  humanFirst?: boolean;
}

const NI = 'NOT_INTERESTED' as const;
const Q = 'QUESTION' as const;

export const DECLINE_QUESTION_CASES: DeclineQuestionCase[] = [
  // Declines: English
  { lang: 'en', intent: NI, text: "We're not accepting guest posts at the moment." },
  { lang: 'en', intent: NI, text: "Thanks for the pitch, but this isn't a fit for us." },
  { lang: 'en', intent: NI, text: 'We no longer do sponsored content, we stopped last year.' },
  { lang: 'en', intent: NI, text: "Appreciate you reaching out. Our editorial calendar is full through next spring, so we'll have to say no." },
  { lang: 'en', intent: NI, text: "I only write about my own garden and I don't publish anything from other people. Thanks anyway." },
  { lang: 'en', intent: NI, text: "Hi Laura, we're a small nonprofit and we don't do paid links. All the best." },
  { lang: 'en', intent: NI, text: "Nope, we're good. Thanks." },
  { lang: 'en', intent: NI, text: 'We have a strict no-SEO-links policy, sorry.' },
  { lang: 'en', intent: NI, text: "Thank you, but our site doesn't take contributed articles." },
  { lang: 'en', intent: NI, text: "I'll have to pass on this one, we don't link out to commercial sites." },
  // German
  { lang: 'de', intent: NI, text: 'Wir nehmen derzeit keine Gastbeiträge an.' },
  { lang: 'de', intent: NI, text: 'Vielen Dank, aber Kooperationen dieser Art kommen für uns nicht infrage.' },
  { lang: 'de', intent: NI, text: 'Danke für die Anfrage. Gesponserte Artikel veröffentlichen wir grundsätzlich nicht.' },
  { lang: 'de', intent: NI, text: 'Das ist leider nichts für unseren Blog.' },
  { lang: 'de', intent: NI, text: 'Hallo Tom, wir haben uns entschieden, keine externen Links mehr zu setzen. Viele Grüße' },
  // French
  { lang: 'fr', intent: NI, text: "Nous ne publions plus d'articles invités." },
  { lang: 'fr', intent: NI, text: "Merci, mais ce n'est pas le bon moment pour nous." },
  { lang: 'fr', intent: NI, text: 'Bonjour, nous ne travaillons pas avec des agences SEO. Bonne journée.' },
  { lang: 'fr', intent: NI, text: "Désolée, notre blog n'accepte aucun contenu sponsorisé." },
  { lang: 'fr', intent: NI, text: 'Je vous remercie, mais je ne suis pas intéressé par ce type de collaboration.' },
  // Spanish
  { lang: 'es', intent: NI, text: 'No aceptamos artículos de invitados, lo siento.' },
  { lang: 'es', intent: NI, text: 'Gracias, pero ahora mismo no estamos buscando colaboraciones.' },
  { lang: 'es', intent: NI, text: 'Hola, no nos interesa, gracias igualmente.' },
  { lang: 'es', intent: NI, text: 'Te agradezco el mensaje, pero nuestra web no publica contenido patrocinado.' },
  { lang: 'es', intent: NI, text: 'Ya no vendemos enlaces. Un saludo.' },
  // Italian
  { lang: 'it', intent: NI, text: 'Non siamo interessati, grazie.' },
  { lang: 'it', intent: NI, text: 'Ciao Marco, al momento non accettiamo articoli ospiti.' },
  { lang: 'it', intent: NI, text: 'Grazie per la proposta, ma non pubblichiamo contenuti a pagamento.' },
  { lang: 'it', intent: NI, text: 'Ti ringrazio ma preferisco di no.' },
  { lang: 'it', intent: NI, text: 'Non è in linea con il nostro blog, mi spiace.' },
  // Portuguese
  { lang: 'pt', intent: NI, text: 'Não temos interesse, obrigado.' },
  { lang: 'pt', intent: NI, text: 'Olá Ana, agradeço o contato, mas não aceitamos posts patrocinados.' },
  { lang: 'pt', intent: NI, text: 'No momento não estamos abertos a parcerias.' },
  { lang: 'pt', intent: NI, text: 'Obrigada, mas vamos passar desta vez.' },
  { lang: 'pt', intent: NI, text: 'Deixamos de publicar artigos de convidados.' },
  // Dutch
  { lang: 'nl', intent: NI, text: 'We zijn niet geïnteresseerd, bedankt.' },
  { lang: 'nl', intent: NI, text: 'Bedankt voor je mail, maar wij plaatsen geen gastblogs.' },
  { lang: 'nl', intent: NI, text: 'Hoi Pieter, dit past niet bij onze site. Succes ermee!' },
  { lang: 'nl', intent: NI, text: 'Helaas, we werken niet meer met betaalde links.' },
  { lang: 'nl', intent: NI, text: 'Nee dank je, we hebben er geen behoefte aan.' },
  // Polish
  { lang: 'pl', intent: NI, text: 'Nie jesteśmy zainteresowani, dziękuję.' },
  { lang: 'pl', intent: NI, text: 'Dzień dobry, obecnie nie przyjmujemy artykułów gościnnych.' },
  { lang: 'pl', intent: NI, text: 'Dziękuję za propozycję, ale nie publikujemy treści sponsorowanych.' },
  { lang: 'pl', intent: NI, text: 'Niestety to nie dla nas. Pozdrawiam' },
  { lang: 'pl', intent: NI, text: 'Nie współpracujemy z agencjami SEO.' },
  // Swedish
  { lang: 'sv', intent: NI, text: 'Vi är inte intresserade, tack.' },
  { lang: 'sv', intent: NI, text: 'Tack för förfrågan, men vi tar inte emot gästinlägg just nu.' },
  { lang: 'sv', intent: NI, text: 'Hej Emma, vi publicerar inga sponsrade artiklar. Lycka till!' },
  { lang: 'sv', intent: NI, text: 'Det passar tyvärr inte vår blogg.' },
  { lang: 'sv', intent: NI, text: 'Nej tack, vi har slutat med betalda länkar.' },

  // More declines: idioms, house rules, "not something we do", "we can't accept", nine languages
  { lang: 'en', intent: NI, text: 'Thanks, but we\'ll sit this one out.' },
  { lang: 'en', intent: NI, text: 'Kind of you, but I keep this blog personal, no commercial stuff.' },
  { lang: 'en', intent: NI, text: 'We\'re not in a position to take this on right now.' },
  { lang: 'en', intent: NI, text: 'That\'s not something we\'re open to.' },
  { lang: 'en', intent: NI, text: 'We\'ll have to decline this time, but thanks for thinking of us.' },
  { lang: 'en', intent: NI, text: 'Our site is strictly editorial and we never sell links.' },
  { lang: 'en', intent: NI, text: 'I\'m not comfortable adding links for payment.' },
  { lang: 'en', intent: NI, text: 'We\'ve got a policy against this, so it\'s a no.' },
  { lang: 'en', intent: NI, text: 'I appreciate the offer, but I\'m going to say no thanks.' },
  { lang: 'en', intent: NI, text: 'Honestly, it\'s not worth it for us.' },
  { lang: 'en', intent: NI, text: 'We\'re going to give this a pass.' },
  { lang: 'en', intent: NI, text: 'Sorry, can\'t help you with this one.' },
  { lang: 'en', intent: NI, text: 'We don\'t work with link builders.' },
  { lang: 'en', intent: NI, text: 'Our readers wouldn\'t appreciate it, so we\'ll leave it.' },
  { lang: 'en', intent: NI, text: 'We\'re winding down the blog, so not taking anything new.' },
  { lang: 'en', intent: NI, text: 'I don\'t accept this kind of request.' },
  { lang: 'en', intent: NI, text: 'Not something I\'m willing to do, sorry.' },
  { lang: 'en', intent: NI, text: 'No guest posts here, sorry.' },
  { lang: 'en', intent: NI, text: 'We don\'t need any more content, thanks.' },
  { lang: 'en', intent: NI, text: 'I\'m not going to add the link.' },
  { lang: 'de', intent: NI, text: 'Danke, aber wir verzichten.' },
  { lang: 'de', intent: NI, text: 'Dafür haben wir leider keine Kapazitäten.' },
  { lang: 'de', intent: NI, text: 'Nein, das möchten wir nicht.' },
  { lang: 'de', intent: NI, text: 'Wir arbeiten ausschließlich mit eigenen Autoren.' },
  { lang: 'de', intent: NI, text: 'Das kommt für uns leider nicht in Betracht.' },
  { lang: 'de', intent: NI, text: 'Sorry, aber Linkverkauf machen wir nicht.' },
  { lang: 'de', intent: NI, text: 'Ich muss Ihnen leider absagen.' },
  { lang: 'de', intent: NI, text: 'Leider passt das nicht in unser Konzept.' },
  { lang: 'fr', intent: NI, text: 'Merci mais non merci.' },
  { lang: 'fr', intent: NI, text: 'Ça ne nous intéresse pas vraiment.' },
  { lang: 'fr', intent: NI, text: 'Nous préférons rester indépendants, merci.' },
  { lang: 'fr', intent: NI, text: 'Je ne vends pas de liens.' },
  { lang: 'fr', intent: NI, text: 'Ce n\'est pas dans notre ligne éditoriale.' },
  { lang: 'fr', intent: NI, text: 'Malheureusement, nous ne pouvons pas accepter votre proposition.' },
  { lang: 'fr', intent: NI, text: 'Nous ne sommes pas intéressés pour le moment.' },
  { lang: 'es', intent: NI, text: 'No, gracias. No trabajamos con agencias.' },
  { lang: 'es', intent: NI, text: 'Lo siento, pero no es algo que hagamos.' },
  { lang: 'es', intent: NI, text: 'Gracias, pero no vamos a aceptar la propuesta.' },
  { lang: 'es', intent: NI, text: 'Nuestro blog no admite contenido de terceros.' },
  { lang: 'es', intent: NI, text: 'De momento no nos cuadra, gracias.' },
  { lang: 'es', intent: NI, text: 'No estamos interesados en este tipo de colaboraciones.' },
  { lang: 'it', intent: NI, text: 'Grazie, ma non fa per noi.' },
  { lang: 'it', intent: NI, text: 'Non vendiamo link, mi dispiace.' },
  { lang: 'it', intent: NI, text: 'Purtroppo non possiamo accettare la sua proposta.' },
  { lang: 'it', intent: NI, text: 'Non è una cosa che facciamo.' },
  { lang: 'it', intent: NI, text: 'Preferiamo non pubblicare contenuti esterni.' },
  { lang: 'pt', intent: NI, text: 'Obrigado, mas não vai dar.' },
  { lang: 'pt', intent: NI, text: 'Não vendemos links, desculpe.' },
  { lang: 'pt', intent: NI, text: 'Infelizmente não podemos aceitar a sua proposta.' },
  { lang: 'pt', intent: NI, text: 'Não é algo que façamos.' },
  { lang: 'pt', intent: NI, text: 'Preferimos não publicar conteúdo de terceiros.' },
  { lang: 'nl', intent: NI, text: 'Dank je, maar we laten het aan ons voorbijgaan.' },
  { lang: 'nl', intent: NI, text: 'Daar hebben we geen interesse in.' },
  { lang: 'nl', intent: NI, text: 'Helaas kunnen we hier niet op ingaan.' },
  { lang: 'nl', intent: NI, text: 'We verkopen geen links.' },
  { lang: 'nl', intent: NI, text: 'Dat is niet iets wat we doen.' },
  { lang: 'pl', intent: NI, text: 'Dziękuję, ale nie skorzystamy.' },
  { lang: 'pl', intent: NI, text: 'Nie sprzedajemy linków.' },
  { lang: 'pl', intent: NI, text: 'Niestety nie możemy przyjąć Państwa propozycji.' },
  { lang: 'pl', intent: NI, text: 'To nie jest coś, co robimy.' },
  { lang: 'pl', intent: NI, text: 'Nie jesteśmy zainteresowani współpracą tego typu.' },
  { lang: 'sv', intent: NI, text: 'Tack, men vi avböjer.' },
  { lang: 'sv', intent: NI, text: 'Vi säljer inte länkar.' },
  { lang: 'sv', intent: NI, text: 'Tyvärr kan vi inte ta emot ert förslag.' },
  { lang: 'sv', intent: NI, text: 'Det är inget vi gör.' },
  { lang: 'sv', intent: NI, text: 'Nej, det är inte aktuellt för oss.' },

  // Questions before deciding: English
  { lang: 'en', intent: Q, text: "What's the DR of the site you're building links for?" },
  { lang: 'en', intent: Q, text: "Who are you working for? I'd want to know the client before anything else." },
  { lang: 'en', intent: Q, text: 'Is it dofollow?' },
  { lang: 'en', intent: Q, text: 'What topic did you have in mind, and how long would the article be?' },
  { lang: 'en', intent: Q, text: "Can you send a few examples of articles you've placed elsewhere?" },
  { lang: 'en', intent: Q, text: 'How long would the link need to stay up?' },
  { lang: 'en', intent: Q, text: 'Would the post be marked as sponsored? And who writes it?' },
  { lang: 'en', intent: Q, text: 'Which of my pages are you thinking of? I have a few on that subject.' },
  { lang: 'en', intent: Q, text: 'Do you pay for placements, or is this an exchange?' },
  { lang: 'en', intent: Q, text: "Before I say yes or no, what's the anchor text going to be?" },
  // German
  { lang: 'de', intent: Q, text: 'Wer ist der Kunde?' },
  { lang: 'de', intent: Q, text: 'Um welches Thema soll es gehen und wie lang wäre der Text?' },
  { lang: 'de', intent: Q, text: 'Ist der Link dofollow? Und wird der Beitrag als Werbung gekennzeichnet?' },
  { lang: 'de', intent: Q, text: 'Können Sie mir ein paar Beispiele Ihrer bisherigen Artikel schicken?' },
  // French
  { lang: 'fr', intent: Q, text: 'Pour quel client travaillez-vous ?' },
  { lang: 'fr', intent: Q, text: "Quel serait le sujet de l'article, et combien de mots ?" },
  { lang: 'fr', intent: Q, text: 'Le lien serait-il en dofollow ?' },
  { lang: 'fr', intent: Q, text: "Pouvez-vous m'envoyer des exemples d'articles déjà publiés ?" },
  // Spanish
  { lang: 'es', intent: Q, text: '¿Para qué cliente es el enlace?' },
  { lang: 'es', intent: Q, text: '¿Cuánto pagáis por un artículo?' },
  { lang: 'es', intent: Q, text: '¿De qué tema sería el artículo y cuántas palabras tendría?' },
  { lang: 'es', intent: Q, text: '¿El enlace sería dofollow o nofollow?' },
  // Italian
  { lang: 'it', intent: Q, text: 'Quanto pagate?' },
  { lang: 'it', intent: Q, text: "Di che argomento si tratta? E quanto dovrebbe essere lungo l'articolo?" },
  { lang: 'it', intent: Q, text: 'Per quale cliente lavorate?' },
  { lang: 'it', intent: Q, text: 'Il link sarebbe permanente o a tempo?' },
  // Portuguese
  { lang: 'pt', intent: Q, text: 'Quanto vocês pagam por um post?' },
  { lang: 'pt', intent: Q, text: 'Qual é o cliente? E qual seria o tema?' },
  { lang: 'pt', intent: Q, text: 'O link seria dofollow?' },
  { lang: 'pt', intent: Q, text: 'Pode me mandar exemplos de artigos que vocês já publicaram?' },
  // Dutch
  { lang: 'nl', intent: Q, text: 'Voor welke klant is dit?' },
  { lang: 'nl', intent: Q, text: 'Wat is het onderwerp en hoe lang moet het artikel zijn?' },
  { lang: 'nl', intent: Q, text: 'Is de link dofollow?' },
  { lang: 'nl', intent: Q, text: 'Hoeveel betalen jullie voor een artikel?' },
  // Polish
  { lang: 'pl', intent: Q, text: 'Dla jakiego klienta to jest?' },
  { lang: 'pl', intent: Q, text: 'Jaki temat i jak długi miałby być artykuł?' },
  { lang: 'pl', intent: Q, text: 'Czy link będzie dofollow?' },
  { lang: 'pl', intent: Q, text: 'Ile płacicie za publikację?' },
  // Swedish
  { lang: 'sv', intent: Q, text: 'Vem är kunden?' },
  { lang: 'sv', intent: Q, text: 'Vilket ämne gäller det och hur långt ska inlägget vara?' },
  { lang: 'sv', intent: Q, text: 'Är länken dofollow?' },
  { lang: 'sv', intent: Q, text: 'Hur mycket betalar ni för ett inlägg?' },
  // A refusal, then a question: asking, but never answered alone.
  { lang: 'en', intent: Q, text: "We don't normally take guest posts. What would the topic be?", humanFirst: true },
  { lang: 'de', intent: Q, text: 'Eigentlich veröffentlichen wir keine Gastartikel. Um welchen Kunden geht es denn?', humanFirst: true },
  { lang: 'fr', intent: Q, text: "En principe nous n'acceptons pas de liens sponsorisés. C'est pour quel site ?", humanFirst: true },
];
