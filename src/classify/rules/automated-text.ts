/**
 * Machine-written text with no machine headers: a ticket acknowledgement, an unattended mailbox, a
 * "this is an automatic reply", a challenge to prove you are human. Instantly and some gateways drop
 * the headers, so the text alone has to tell. Nine languages. Read on the new text only.
 */
import { wordRegex } from './word-regex.ts';

const AUTOMATED = wordRegex(
  [
    // en
    '\\b(?:this is an?|an|this) automat(?:ic|ed|ically generated) (?:reply|response|message|e-?mail|notification|acknowledge?ment)',
    '\\bauto-?(?:reply|response|responder)\\b', '\\bautomatically generated\\b', '\\bdo not reply to this (?:e-?mail|message|address)',
    '\\bthis (?:mailbox|inbox|e-?mail address|address|account|e-?mail account) is (?:not monitored|unattended|no longer (?:active|in use|monitored|being monitored)|not being monitored|not checked)',
    '\\b(?:replies|messages|e-?mails) (?:sent )?(?:to this (?:address|mailbox|inbox) )?(?:are|will) not (?:be )?(?:read|monitored|answered|forwarded)',
    '\\bticket (?:id|number|no\\.?|#)', '\\b(?:case|reference|request) (?:number|no\\.?|#|id)\\s*[:#]?\\s*[a-z]{0,5}-?\\d',
    "\\bwe(?:'ve| have) received your (?:message|e-?mail|request|enquiry|inquiry|submission|pitch)",
    "\\b(?:aren't|are not|is not|isn't) able to (?:reply|respond) to (?:every|each|all)",
    '\\byour (?:message|request|e-?mail|enquiry|inquiry) has been (?:received|logged|registered|forwarded to)',
    '\\b(?:verify|confirm) (?:that )?you(?:\'re| are) (?:a )?(?:human|real person|not a robot)', '\\bcomplete the verification', '\\bprotecting (?:myself|me) from (?:receiving )?(?:junk|spam|unwanted)', '\\bchallenge[- ]response\\b',
    // de
    '\\bautomatisch(?:e|er)? (?:antwort|nachricht|benachrichtigung|eingangsbest[äa]tigung|generiert|erstellt|versendet)', '\\bautomatisch generierte', '\\beingangsbest[äa]tigung', '\\b(?:ticket|vorgangs|referenz)nummer', '\\bbitte antworten sie nicht', '\\bdieses (?:postfach|e-?mail-postfach) wird nicht', '\\bdiese (?:adresse|e-?mail-adresse) (?:ist|wird) nicht mehr',
    // fr
    '\\br[ée]ponse automatique', '\\bmessage automatique', '\\bg[ée]n[ée]r[ée] automatiquement', '\\bmerci de ne pas r[ée]pondre', '\\bnous avons bien re[çc]u votre', '\\bnum[ée]ro de (?:ticket|dossier|demande)', "\\bcette (?:adresse|bo[îi]te) (?:n'est plus|n'est pas|ne sera pas)",
    // es
    '\\brespuesta autom[áa]tica', '\\bmensaje autom[áa]tico', '\\bgenerado autom[áa]ticamente', '\\bno responda a este', '\\bhemos recibido (?:su|tu) (?:mensaje|solicitud|correo|consulta)', '\\bn[úu]mero de (?:ticket|caso|solicitud|incidencia)', '\\beste buz[óo]n no', '\\besta (?:direcci[óo]n|cuenta) (?:ya )?no (?:est[áa]|se)',
    // it
    '\\brisposta automatica', '\\bmessaggio automatico', '\\bgenerat[oa] automaticamente', '\\bnon rispondere a questo', '\\babbiamo ricevuto (?:la sua|il suo|la tua|il tuo|la vostra|il vostro)', '\\bcon il numero #?[a-z]{0,5}-?\\d', '\\bnumero (?:di )?(?:ticket|pratica|richiesta)', '\\bquesta casella (?:non|di posta non)',
    // pt
    '\\bresposta autom[áa]tica', '\\bmensagem autom[áa]tica', '\\bgerad[ao] automaticamente', '\\bn[ãa]o responda a (?:este|esta)', '\\brecebemos (?:sua|a sua|seu|o seu) (?:mensagem|e-?mail|pedido|solicita[çc][ãa]o)', '\\bn[úu]mero do (?:ticket|chamado|protocolo)', '\\besta caixa (?:de (?:correio|e-?mail) )?n[ãa]o',
    // nl
    '\\bautomatisch(?:e)? (?:antwoord|bericht|gegenereerd|verzonden|reactie)', '\\bdit is een automatisch', '\\bdeze (?:mailbox|inbox|e-?mailbox|e-?mailadres) wordt niet', '\\breageer niet op (?:deze|dit)', '\\bwe hebben (?:uw|je) (?:bericht|e-?mail|aanvraag|vraag) (?:goed )?ontvangen', '\\bticketnummer',
    // pl
    '\\bautomatyczn[aey] (?:odpowied[źz]|wiadomo[śs][ćc])', '\\bwygenerowan[aey] automatycznie', '\\bautomatycznie wygenerowan', '\\b(?:prosimy|prosz[ęe]) nie odpowiada[ćc]', '\\bnie odpowiadaj na', '\\botrzymali[śs]my (?:twoj[ąa]|pana|pani|pa[ńn]stwa) (?:wiadomo[śs][ćc]|zg[łl]oszenie)', '\\bnumer zg[łl]oszenia', '\\bta skrzynka (?:nie|pocztowa nie)',
    // sv
    '\\bautomatiskt (?:svar|meddelande|genererat)', '\\bautosvar', '\\bsvara inte p[åa] (?:detta|det h[äa]r)', '\\bvi har (?:tagit emot|mottagit) (?:ditt|ert|din)', '\\b[äa]rendenummer', '\\bdenna (?:brevl[åa]da|adress|e-?postadress) (?:l[äa]ses|bevakas|anv[äa]nds) inte',
  ],
);

/** The text reads as written by a machine (an acknowledgement, a ticket, an unattended mailbox). */
export function isAutomatedText(text: string): boolean {
  return AUTOMATED.test(text.slice(0, 8000));
}

const UNATTENDED = wordRegex([
  '\\b(?:this|the) (?:mailbox|inbox|e-?mail address|address|account|e-?mail account) is (?:not monitored|unattended|no longer (?:active|in use|monitored|being monitored)|not being monitored|not checked)',
  '\\b(?:replies|messages|e-?mails) (?:sent )?(?:to this (?:address|mailbox|inbox) )?(?:are|will) not (?:be )?(?:read|monitored|answered)',
  '\\bdieses (?:postfach|e-?mail-postfach) wird nicht', '\\bdiese (?:adresse|e-?mail-adresse) (?:ist|wird) nicht mehr', "\\bcette (?:adresse|bo[îi]te) (?:n'est plus|n'est pas)",
  '\\beste buz[óo]n no', '\\besta (?:direcci[óo]n|cuenta) (?:ya )?no', '\\bquesta casella (?:non|di posta non)', '\\besta caixa (?:de (?:correio|e-?mail) )?n[ãa]o',
  '\\bdeze (?:mailbox|inbox|e-?mailbox|e-?mailadres) wordt niet', '\\bta skrzynka (?:nie|pocztowa nie)', '\\bdenna (?:brevl[åa]da|adress|e-?postadress) (?:l[äa]ses|bevakas|anv[äa]nds) inte',
]);

/** "Not read during my absence": the mailbox waits for its owner, who is away (nine languages). */
const WHILE_AWAY = wordRegex([
  "\\b(?:during|for the duration of) my (?:absence|leave|holidays?|vacation)\\b", "\\bwhile i(?:'m| am) (?:away|out|off)\\b", "\\buntil (?:i (?:return|get back|am back|'m back)|my return)\\b", '\\bin the meantime\\b',
  '\\b(?:w[äa]hrend|in) (?:meiner|dieser) (?:abwesenheit|zeit)\\b', '\\bbis zu meiner r[üu]ckkehr\\b', '\\b(?:pendant|durant) (?:mon|cette) (?:absence|p[ée]riode)\\b', "\\bjusqu['’][àa] mon retour\\b",
  '\\bdurante (?:mi|la mia|a minha|este) (?:ausencia|assenza|aus[êe]ncia|per[íi]odo|periodo)\\b', '\\bhasta mi regreso\\b', '\\bfino al mio rientro\\b', '\\bat[ée] ao meu regresso\\b', '\\bat[ée] (?:o )?meu retorno\\b',
  '\\b(?:tijdens|gedurende) (?:mijn|deze) (?:afwezigheid|periode)\\b', '\\bpodczas (?:mojej )?nieobecno[śs]ci\\b', '\\bdo mojego powrotu\\b', '\\bunder (?:min|denna) (?:fr[åa]nvaro|period|tid)\\b', '\\btills jag [äa]r tillbaka\\b',
]);

/**
 * An unattended or dead mailbox: automatic, but nobody is merely away (not an out-of-office). "Not
 * monitored during my absence" is an absence, not an unattended mailbox.
 */
export function isUnattendedMailbox(text: string): boolean {
  const head = text.slice(0, 8000);
  return UNATTENDED.test(head) && !WHILE_AWAY.test(head);
}
