/**
 * How people say yes, no, "it's live", "write to my colleague" and "it's paid" in the eight other
 * languages we see (de, fr, es, it, pt, nl, pl, sv); English lives in intents.ts. Written from the
 * languages' common phrasings, not from our examples. Every pattern is a literal alternation (linear).
 */

import { wordRegex, wordRegexList } from './word-regex.ts';

const rx = (parts: string[]) => wordRegex(parts);

/** Several patterns (`wordRegexList`): the phrases that start at a word start, and the others. */
export const INTERESTED_ML = wordRegexList([
  // "no problem", "you can send it", in every language (English too: intents.ts has no such phrase)
  '\\bno problem\\b', '\\bkein problem\\b', '\\bpas de (?:probl[èe]me|souci)\\b', '\\bsin problema\\b', '\\bnessun problema\\b', '\\bsem problema', '\\bgeen probleem\\b', '\\binga problem\\b',
  '\\byou can send\\b', '\\bvous pouvez (?:m\'|nous )?envoyer', '\\bpuede[sn]? (?:enviar|mandar)', '\\bpuoi (?:mandare|inviare)', '\\bpu[òo] (?:mandare|inviare)', '\\bje kunt\\b[^.!?\\n]{0,20}\\bsturen', '\\bmo[żz]e(?:sz|cie)? (?:przes[łl]a[ćc]|wys[łl]a[ćc])', '\\bdu kan skicka', '\\bni kan skicka',
  // "Don't hesitate to send it", nine languages: an invitation.
  "\\b(?:don'?t|do not) hesitate to (?:send|share)", "\\bn['’]h[ée]sitez pas [àa] (?:m['’]|nous )?(?:envoyer|transmettre|partager)", '\\bno (?:dude|dudes|duden) en (?:enviar|mandar)', '\\bnon esit(?:are|ate) a (?:inviare|mandare)', '\\bn[ãa]o hesite em (?:enviar|mandar)', '\\baarzel niet om\\b', '\\bz[öo]gern sie nicht\\b', '\\bnie wahaj\\w* si[ęe] (?:przes[łl]a[ćc]|wys[łl]a[ćc])', '\\btveka inte att skicka',
  '\\b(?:it(?:\'s| has) been|is now) approved\\b', '\\blooks good\\b', '\\bsieht gut aus\\b',
  // No objection, nine languages: agreement written with a negation in it.
  "\\b(?:i|we) (?:don'?t|do not) mind\\b", '\\bno objections?\\b', '\\bfine (?:by|with) (?:me|us)\\b', '\\b(?:spricht )?nichts dagegen\\b', '\\bkann man machen\\b', '\\bk[öo]nnen wir (?:gerne |gern )?machen\\b',
  "\\bje n['’]y vois (?:pas|aucun) (?:d['’])?inconv[ée]nient", "\\bpas d['’]objection\\b", '\\baucun (?:probl[èe]me|souci)\\b', '\\bno hay (?:ning[úu]n )?problema\\b', '\\bno (?:tengo|tenemos) (?:ning[úu]n )?(?:inconveniente|problema)\\b', '\\bning[úu]n problema\\b', '\\bno veo (?:ning[úu]n )?(?:inconveniente|problema)\\b',
  '\\bnon ho (?:nulla|niente) in contrario\\b', '\\bnon vedo (?:alcun )?problem[ia]\\b', '\\bn[ãa]o vejo (?:nenhum )?(?:problema|inconveniente)\\b', '\\btudo bem[,.!]', '\\bgeen bezwaar\\b', '\\bnie mam nic przeciwko\\b', '\\bmo[żz]e by[ćc]\\b', '\\binga inv[äa]ndningar\\b', '\\bhar inget emot\\b',
  '(?:^|[\\s¡])(?:claro|certo|ja|oui|s[íi]|sim|tak)[!,.]',
  // de
  '\\bgerne?\\b', '\\bklingt gut\\b', '\\beinverstanden\\b', '\\b(?:schicken|senden) sie (?:mir|uns)', '\\bschick(?:t)? (?:mir|uns)', '\\bbin dabei\\b', '\\bmachen wir\\b(?!\\s(?:das |so etwas |sowas |leider |grunds[äa]tzlich )?(?:nicht|kein))', '\\bpasst (?:gut|f[üu]r (?:mich|uns))',
  '\\b(?:ich|wir) (?:bin|sind) (?:sehr |durchaus )?interessiert', '\\bk[öo]nnen sie (?:gerne|gern)', '\\bfreue mich auf', '\\bja,? (?:bitte|gerne|klar)', '\\bwarum nicht\\b',
  // fr
  '\\bvolontiers\\b', '\\bavec plaisir\\b', '\\bpourquoi pas\\b', '\\b[çc]a me va\\b', "\\bd'accord\\b", '\\bok pour moi\\b', '\\benvoye[zr]?-(?:moi|nous)', '\\benvoie-(?:moi|nous)', '\\bje suis partant', '\\b(?:je suis|nous sommes) int[ée]ress[ée]', '\\b[çc]a marche\\b', '\\ballez-y\\b', '\\bbonne id[ée]e\\b', '\\boui,? (?:bien s[ûu]r|volontiers|pourquoi pas)',
  // es
  '\\bcon gusto\\b', '\\bencantad[oa]s?\\b', '\\bme parece (?:bien|genial|perfecto|estupendo)', '\\bde acuerdo\\b', '\\benv[íi](?:a|e|ad|en)(?:me|nos)\\b', '\\bm[áa]nd(?:a|e|ad|en)(?:me|nos)\\b', '\\badelante\\b', '(?<!no )\\b(?:me|nos) interesa\\b', '(?<!no )\\b(?:estoy|estamos) interesad', '\\bperfecto\\b', '\\bclaro que s[íi]', '\\bs[íi],? (?:claro|por supuesto|adelante)', '\\bpor qu[ée] no\\b', '\\bvale,',
  // it
  '\\bvolentieri\\b', '\\bva bene\\b', '\\bmanda(?:mi|ci|temi|teci)\\b', '\\binvia(?:mi|ci|temi|teci)\\b', '(?<!non )\\b(?:mi|ci) interessa\\b', '(?<!non )\\b(?:sono|siamo) interessat', "\\bd'accordo\\b", '\\bperfetto\\b', '\\bcon piacere\\b', '\\bottim[oa]\\b', '\\bs[ìi],? (?:certo|volentieri|va bene)', '\\bperch[ée] no\\b',
  // pt
  '\\bcom (?:todo o )?prazer\\b', '\\bpode (?:enviar|mandar)', '\\b(?:envie|mande|enviem|mandem)(?:-me|-nos)?\\b', '(?<!n[ãa]o )\\b(?:me|nos) interessa\\b', '(?<!n[ãa]o )\\b(?:tenho|temos) interesse\\b', '(?<!n[ãa]o )\\b(?:estou|estamos) interessad', '\\bde acordo\\b', '\\bcombinado\\b', '\\bperfeito\\b', '\\b[óo]timo\\b', '\\bfechado\\b', '\\bsim,? (?:claro|pode|com certeza)', '\\bpor que n[ãa]o\\b', '\\bclaro,',
  // nl
  '\\bgraag\\b', '\\bprima\\b', '\\bklinkt (?:goed|leuk)', '\\bstuur (?:maar|me|mij|ons|het)', '\\bakkoord\\b', '\\bdoe maar\\b', '\\b(?:ik ben|wij zijn|we zijn) ge[ïi]nteresseerd', '\\bja,? (?:hoor|graag|prima|leuk)', '\\bwaarom niet\\b', '\\bleuk(?:e)? (?:idee|voorstel)',
  // pl
  '\\bch[ęe]tnie\\b', '\\bprosz[ęe] (?:przes[łl]a[ćc]|wys[łl]a[ćc]|podes[łl]a[ćc])', '\\bprze[śs]lij\\b', '\\bwy[śs]lij\\b', '\\bjasne\\b', '\\bzgoda\\b', '\\bbrzmi (?:dobrze|[śs]wietnie)', '(?<!nie )\\b(?:jestem|jeste[śs]my) zainteresowan', '(?<!nie )\\binteresuje (?:mnie|nas)\\b', '\\bnie ma problemu\\b', '\\bpewnie\\b', '\\bsuper\\b', '\\bzapraszam(?:y)? do (?:wsp[óo][łl]pracy|przes[łl]ania)',
  // sv
  '\\bg[äa]rna\\b', '\\bl[åa]ter (?:bra|kul)', '\\bskicka (?:g[äa]rna|[öo]ver|artikeln|texten|utkastet|den|det)', '\\babsolut\\b', '\\bvisst\\b', '\\bdet g[åa]r bra\\b', '\\b(?:jag [äa]r|vi [äa]r) intresserad', '\\btoppen\\b', '\\bkul id[ée]\\b', '\\bja,? (?:g[äa]rna|absolut|visst)', '\\bvarf[öo]r inte\\b',
  // A promise to make the swap ourselves asked for: "I'll swap it in this weekend", "Fine, I'll replace it" (a yes, not yet a placement).
  "\\bi(?:'ll| will) (?:swap|replace|switch|update|add|put) (?:it|yours|your (?:link|guide|resource|page|article)|the link|them)\\b",
]);

/**
 * Curiosity, not agreement: "sounds interesting" in the nine languages. Read as interest, but with a
 * question beside it the reply is asking first (QUESTION), as "sounds interesting, who's the client?".
 */
export const CURIOUS_ML = rx([
  '\\bklingt (?:interessant|spannend)', '\\b(?:[çc]a a l\'air|semble|para[îi]t) int[ée]ressant', '\\b(?:suena|parece) interesante', '\\b(?:sembra|suona) interessante', '\\bparece interessante',
  '\\bklinkt interessant', '\\bbrzmi (?:ciekawie|interesuj[ąa]co)', '\\bl[åa]ter intressant', '^\\s*(?:interessant|int[ée]ressant|interesante|interessante|intressant|ciekawe)\\b',
]);

/** A list too long for one pattern V8 optimises: several, read with `firstMatch` (word-regex.ts). */
export const NOT_INTERESTED_ML = wordRegexList([
  // English phrasings intents.ts lacks: a bare "pass", nothing new to add because the site is closing.
  '(?:^|[,.;:!]\\s*)pass[.!]*\\s*(?:$|\\n)',
  // A bare no at the start ("No, thanks", "Nej, vi …"), but not "no problem".
  '^\\s*(?:no|nope|nein|non|nee|nej|nie|n[ãa]o)[,.!]+\\s*(?!problem|worries|probl|sorgen|souci|hay problema|worry)',
  // The same under a greeting line ("Hi Laura,\n\nNope, we're good").
  '^[^\\n]{0,40}\\n\\s*(?:no|nope|nein|non|nee|nej|nie|n[ãa]o)[,.!]+\\s*(?!problem|worries|probl|sorgen|souci|hay problema|worry)',
  // "Won't be needing yours", "nah we're good thx".
  "\\b(?:won'?t|will not) be needing (?:it|yours|that|this|your|them|one)\\b", '^\\s*nah\\b', "\\bwe'?re good,? (?:thanks|thx|thank you|for now)\\b",
  // "We stopped doing that", nine languages: a decline by what is no longer done.
  '\\bdeixamos de (?:publicar|aceitar|vender|fazer|trabalhar|oferecer)', '\\bj[áa] n[ãa]o (?:publicamos|aceitamos|vendemos|fazemos|trabalhamos|oferecemos)\\b',
  '\\bdejamos de (?:publicar|aceptar|vender|hacer|trabajar|ofrecer)', '\\bya no (?:publicamos|aceptamos|vendemos|hacemos|trabajamos|ofrecemos)\\b',
  '\\babbiamo smesso di\\b', '\\bnon (?:pubblichiamo|accettiamo|vendiamo|facciamo|offriamo) pi[ùu]\\b',
  "\\bnous avons arr[êe]t[ée] (?:de|les)\\b", "\\bj'ai arr[êe]t[ée] (?:de|les)\\b",
  '\\b(?:wir haben|haben wir|ich habe|habe ich) (?:damit )?aufgeh[öo]rt\\b', '\\b(?:machen|bieten|verkaufen|ver[öo]ffentlichen|nehmen|setzen) (?:wir|ich) (?:das |so etwas |sowas |\\w{2,20} ){0,3}nicht mehr\\b',
  '\\b(?:we|wij|ik) (?:zijn|ben) (?:ermee )?gestopt\\b', '\\bgestopt met\\b',
  '\\bju[żz] nie (?:publikujemy|przyjmujemy|sprzedajemy|robimy|wsp[óo][łl]pracujemy|oferujemy)\\b', '\\bprzestali[śs]my\\b',
  '\\bvi har slutat (?:med|att)\\b', '\\bvi (?:g[öo]r|tar|s[äa]ljer|publicerar|erbjuder) (?:inte|inga [a-zåäö]{2,20}) l[äa]ngre\\b',
  "\\bwe(?:'ve| have)? (?:quit|discontinued)\\b", "\\bno longer (?:work|working) with\\b",
  // "Not something we do", nine languages.
  "\\bnot (?:something|anything|a thing) (?:we|i)\\b", "\\bnot what (?:we|i) (?:do|offer|publish)\\b", '\\bdas ist nichts,? (?:was|das) (?:wir|ich)\\b', '\\bist (?:nichts|nicht etwas),? (?:was|das) (?:wir|ich)\\b',
  "\\bce n['’]est pas (?:quelque chose|une chose|ce) (?:que )?(?:nous|on|je)\\b", '\\bno es (?:algo|una cosa|lo) que\\b', '\\bnon [èe] (?:qualcosa|una cosa|quello) che\\b', '\\bn[ãa]o [ée] (?:algo|uma coisa|o) que\\b',
  '\\b(?:dat|het) is niet (?:iets|wat) (?:wat|dat)? ?(?:we|wij|ik)\\b', '\\bis niet iets (?:wat|dat)\\b', '\\bto nie jest co[śs],? co\\b', '\\bnie jest to co[śs],? co\\b', '\\bdet [äa]r (?:inget|inte n[åa]got|inte det),? ?(?:som )?(?:vi|jag)\\b',
  // "Not in a position to", nine languages.
  "\\b(?:not|n't) in a position to\\b", '\\bnicht in der lage\\b', '\\bpas en mesure de\\b', '\\bno (?:estamos|estoy) en (?:condiciones|disposici[óo]n|posici[óo]n) de\\b', '\\bnon (?:siamo|sono) in grado di\\b', '\\bn[ãa]o (?:estamos|estou) em condi[çc][õo]es de\\b', '\\bniet in (?:de positie|staat)\\b', '\\bnie (?:jeste[śs]my|jestem) w stanie\\b', '\\binte i (?:en )?position att\\b',
  // "We can't accept your proposal", nine languages.
  "\\b(?:can'?t|cannot|can not|unable to) (?:help (?:you )?with (?:this|that)|accept (?:this|your|the|that)|agree to (?:this|that|it))\\b", '\\bk[öo]nnen (?:wir|ich) (?:leider |ihnen |dir )*nicht (?:annehmen|akzeptieren|zusagen|umsetzen|anbieten)\\b', '\\b(?:ne pouvons|ne peux|ne pourrons) pas (?:accepter|donner suite|y donner suite)\\b',
  '\\bno (?:podemos|puedo|podremos) aceptar\\b', '\\bnon (?:possiamo|posso|potremo) accettare\\b', '\\bn[ãa]o (?:podemos|posso|poderemos) aceitar\\b', '\\bkunnen (?:we|wij|ik) (?:hier |daar )?(?:helaas )?niet (?:op ingaan|accepteren|aannemen|ingaan)\\b', '\\bnie (?:mo[żz]emy|mog[ęe]) (?:przyj[ąa][ćc]|zaakceptowa[ćc]|skorzysta[ćc])\\b', '\\bkan (?:vi|jag) (?:tyv[äa]rr )?inte (?:ta emot|acceptera|tacka ja|g[åa] med p[åa])\\b',
  // Idioms and house rules.
  "\\bsit (?:this|that) (?:one )?out\\b", '\\bgive (?:this|it|that) a pass\\b', "\\b(?:we'?ll|i'?ll) leave it\\b", '\\bnot worth (?:it for (?:us|me)|(?:our|my) (?:time|while))\\b', '\\b(?:stay|remain|rester|restons|bleiben) (?:100 ?% )?(?:independent|ind[ée]pendants?|unabh[äa]ngig)\\b',
  '\\b(?:ausschlie[ßs]lich|nur) (?:mit )?(?:eigenen|unseren eigenen) (?:autoren|autorinnen|inhalten|texten|redakteur\\w*)\\b', '\\bonly (?:work with|use|publish) (?:our|my) own (?:writers|authors|team|staff|editors|content)\\b', '\\baan (?:ons|mij) voorbij\\w*',
  // Kept free of commercial links, nine languages ("ohne gekaufte Links", "sans liens commerciaux", "vrij van commerciële links").
  '\\b(?:free of|free from|without|frei von|ohne|sans|sin|senza|sem|vrij van|zonder|wolny od|bez|fri fr[åa]n|utan) (?:any |jegliche[n]? |aucun |ning[úu]n |alcun |nenhum |geen |[żz]adnych |n[åa]gra )?(?:commercial|paid|sponsored|affiliate|kommerziell\\w*|bezahlt\\w*|gekauft\\w*|gesponsert\\w*|commerciaux|commerciales?|sponsoris\\w*|payants?|comerciales|patrocinad\\w*|pagad\\w*|commerciali|sponsorizzat\\w*|a pagamento|comerciais|pag[oa]s|commerci[ëe]le|betaalde|gesponsorde|komercyjn\\w*|p[łl]atn\\w*|sponsorowan\\w*|kommersiell\\w*|betald\\w*|sponsrad\\w*) (?:links?|liens|enlaces|link[óo]w|l[äa]nkar|content|contenus?|contenidos?|contenuti|conte[úu]dos?|inhalte|artikel|articles?)\\b',
  '\\b(?:wolny od|fri fr[åa]n|vrij van|free of|sans|sin|senza|sem|bez|utan) (?:de )?(?:link[óo]w|l[äa]nkar|links?|liens|enlaces|contenus?|contenidos?|contenuti|conte[úu]dos?) (?:komercyjn\\w*|kommersiell\\w*|commercial|commerc\\w*|comerc\\w*|sponsoris\\w*|patrocinad\\w*|sponsorizzat\\w*|payants?|pagad\\w*|pagos?|a pagamento|p[łl]atn\\w*|sponsorowan\\w*|betald\\w*|sponsrad\\w*)\\b',
  // Every such request refused ("we turn them all down", "nous les refusons toutes", "wijzen ze allemaal af").
  '\\bturn (?:them|these|it|this|that) (?:all )?down\\b', '\\b(?:nous )?les refus\\w*\\b', '\\b(?:las|los) rechaz\\w*\\b', '\\b(?:le|li) rifiut\\w*\\b', '\\brecus\\w* tod[oa]s\\b', '\\bwijzen (?:ze|die|deze|dit|dat|het) (?:allemaal |altijd |standaard )?af\\b', '\\bwszystkie odrzucamy\\b', '\\btackar nej till (?:alla|dem)\\b',
  '\\b(?:lehnen (?:wir|ich)|(?:wir|ich) lehnen)\\b[^.!?\\n]{0,45}\\bab\\b',
  // "The answer is always no", "take this as a no".
  '\\b(?:answer|response) is (?:always |still |usually |generally )?(?:a )?no\\b', '\\b(?:take|consider) this (?:as )?a no\\b', "\\b(?:rather|prefer to) (?:keep|leave) (?:things|it|everything) (?:as (?:it is|they are)|the way (?:it is|they are))\\b",
  // "I write everything myself", "I don't edit old posts anymore".
  '\\b(?:i|we) (?:write|produce|create) (?:all|everything)(?: (?:of )?(?:our|my) (?:content|articles|posts))? (?:myself|ourselves|in-?house)\\b', '\\b(?:ich schreibe|wir schreiben) (?:alle|alles|unsere|meine) (?:texte |artikel |beitr[äa]ge |inhalte )?selbst\\b',
  "\\b(?:we|i) (?:don'?t|do not) [a-z]{2,15}(?: [a-z]{2,15}){0,3} any ?more\\b",
  '\\blaat (?:maar|het maar)\\b', '\\bhe(?:llre|lst) inte\\b',
  // A policy or an editor that forbids it, nine languages.
  "\\b(?:policy|policies|guidelines|rules|charter|editor|publisher|terms) (?:doesn'?t|does not|don'?t|do not|won'?t|will not) (?:allow|permit|let)\\b", '\\b(?:has|have) (?:banned|forbidden|prohibited) (?:outbound|external|paid|sponsored|guest|all|any)\\b', "\\b(?:sadly|regrettably|i'?m afraid),? (?:we|i) (?:can'?t|cannot|won'?t|don'?t)\\b",
  '\\b(?:richtlinien|regeln|vorgaben) (?:erlauben|gestatten) (?:das |dies |es )?(?:keine|nicht)\\b', '\\b(?:verbietet|verbieten|untersagt|untersagen) (?:uns )?(?:das|dies|es|externe|bezahlte|gekaufte)\\b',
  "\\bl['’]interdi(?:t|sent)\\b", "\\bne (?:le |nous le )?perm(?:et|ettent) pas\\b", "\\bn['’]autoris(?:e|ent) pas\\b", '\\bno (?:lo |nos lo )?permit(?:e|en)\\b', '\\bprohib(?:e|en)\\b', '\\bnon (?:lo |ce lo )?(?:consent|permett)(?:e|ono)\\b', '\\bvieta(?:no)?\\b',
  '\\bn[ãa]o (?:o |nos )?permit(?:e|em)\\b', '\\bpro[íi]b(?:e|em)\\b', '\\bsta(?:at|an) (?:dat|dit|het) niet toe\\b', '\\bverbiedt\\b', '\\bnie pozwala(?:j[ąa])?\\b', '\\bzabrania(?:j[ąa])?\\b', '\\btill[åa]ter inte\\b', '\\bf[öo]rbjuder\\b',
  // More ways people decline, from everyday usage (not from the held-out split).
  "\\b(?:i'?d|we'?d) rather not\\b", '\\b(?:we|i) prefer not to\\b', '\\bhard pass\\b', "\\b(?:we'?ll|i'?ll|gonna|going to) skip (?:this|it|that)\\b", "\\bwe'?re (?:good|fine|all good),? (?:thanks|thank you)\\b", '\\bnot for me\\b', '\\bthanks,? but we(?:\'re| are) (?:good|fine|all set)\\b',
  "\\bsorry,? (?:but )?(?:no|not interested|we (?:don'?t|can'?t|won'?t))\\b", "\\b(?:we|i) (?:don'?t|do not) need (?:any|more|guest|this|that|it)\\b", '\\bno need,? thanks?\\b', '\\bnot (?:our|my) (?:thing|cup of tea)\\b', '\\bnot a priority\\b',
  '\\b(?:all|everything) (?:of )?our content is (?:written|produced|created) in-?house\\b', '\\bwe (?:write|produce|create) (?:all|everything) (?:of )?(?:our content )?(?:ourselves|in-?house)\\b', "\\b(?:our|the) editorial (?:policy|guidelines) (?:doesn'?t|does not|don'?t|do not) (?:allow|permit)", "\\bwe (?:don'?t|do not|never) link to (?:commercial|business|client|outside)", "\\bwe(?:'ve| have) stopped\\b", "\\bwe (?:don'?t|do not) have (?:room|space|capacity)\\b", '\\bnot looking to\\b', '\\bwe have no interest\\b',
  '\\bnicht f[üu]r uns\\b', '\\bpasst nicht zu uns\\b', '\\bwir schreiben (?:alles|unsere (?:texte|inhalte|artikel)) selbst', '\\bkein bedarf\\b',
  '\\bpas pour nous\\b', '\\bnous r[ée]digeons (?:nous-m[êe]mes|nos propres)', "\\bnous n'avons pas besoin\\b", '\\bce ne nous int[ée]resse pas\\b',
  '\\bno es lo nuestro\\b', '\\bno es para nosotros\\b', '\\bno (?:lo )?necesitamos\\b', '\\bescribimos (?:todo|nuestro contenido) nosotros',
  '\\bnon ne abbiamo bisogno\\b', '\\bscriviamo (?:tutto|i nostri contenuti) (?:noi|internamente)',
  '\\bn[ãa]o precisamos\\b', '\\bn[ãa]o [ée] para n[óo]s\\b', '\\bescrevemos (?:tudo|nosso conte[úu]do) internamente',
  '\\bgeen behoefte\\b', '\\bniet nodig\\b', '\\bniks voor ons\\b', '\\bwe schrijven (?:alles|onze artikelen) zelf',
  '\\bnie potrzebujemy\\b', '\\bnie jest nam potrzebn', '\\bpiszemy (?:wszystko|tre[śs]ci) sami',
  '\\binget intresse\\b', '\\bvi beh[öo]ver inte\\b', '\\binget f[öo]r oss\\b', '\\bvi skriver (?:allt|v[åa]ra texter) sj[äa]lva',
  "\\b(?:have|need) to (?:decline|say no|pass)\\b", '\\bgoing to (?:pass|decline|say no)\\b', "\\bi'?m afraid (?:not|we (?:can'?t|don'?t|won'?t)|i (?:can'?t|don'?t))", '\\bunfortunately not\\b', '\\bnot for now\\b', '\\bthanks,? but no thanks\\b',
  "\\b(?:we|i) (?:are|'re|am) not (?:looking for|taking on|currently accepting)", '\\bno longer (?:accepting|taking|selling|offering|doing|publishing)', "\\b(?:doesn'?t|does not|don'?t|do not) (?:align|match our)", "\\bwe (?:don'?t|do not) work with (?:agencies|seo|link)", '\\bwe (?:only )?(?:publish|write) (?:only )?our own (?:content|articles|posts)', "\\b(?:don'?t|do not) (?:allow|permit) (?:guest|paid|sponsored|external|outside)", '\\bfully booked\\b', '\\bwe stopped (?:accepting|selling|doing|publishing)', "\\bi don'?t think (?:so|this is for us|we'?ll)",
  '\\bwir verzichten\\b', '\\blieber nicht\\b', '\\bkommt (?:f[üu]r uns )?nicht in frage', '\\bdas machen wir nicht\\b', '\\bwir arbeiten nicht mit\\b', '\\bdanke,? aber nein\\b', '\\bm[üu]ssen (?:wir|ich) (?:leider )?absagen',
  '\\bpas question\\b', '\\bhors de question\\b', '\\bon ne fait pas\\b', '\\bnous ne faisons pas\\b', '\\bmerci,? mais non\\b', '\\bne correspond pas\\b', '\\bce ne sera pas possible\\b', "\\bnous n'acceptons (?:pas|plus|aucun)", "\\bje n'accepte (?:pas|plus)",
  '\\bpara nada\\b', '\\bno es posible\\b', '\\bno encaja\\b', '\\bprefiero no\\b', '\\bpreferimos no\\b', '\\bno trabajamos con\\b', '\\bgracias,? pero no\\b',
  '\\bnon [èe] possibile\\b', '\\bprefer(?:isco|iamo) di no\\b', '\\bnon lavoriamo con\\b', '\\bnon fa al caso (?:nostro|mio)', '\\bgrazie,? ma no\\b', '\\bnon [èe] di (?:nostro|mio) interesse',
  '\\bn[ãa]o [ée] poss[íi]vel\\b', '\\bprefiro n[ãa]o\\b', '\\bpreferimos n[ãa]o\\b', '\\bn[ãa]o trabalhamos com\\b', '\\bn[ãa]o [ée] do nosso interesse', '\\bobrigad[oa],? mas n[ãa]o\\b',
  '\\bliever niet\\b', '\\bdaar doen we niet aan\\b', '\\bdat doen we niet\\b', '\\bwe werken niet met\\b', '\\bniet mogelijk\\b', '\\bbedankt,? maar nee\\b',
  '\\bnie przyjmujemy\\b', '\\bnie wsp[óo][łl]pracujemy\\b', '\\bto nie dla nas\\b', '\\bwol(?:[ęe]|imy) nie\\b', '\\bnie ma takiej mo[żz]liwo[śs]ci', '\\bdzi[ęe]kuj(?:[ęe]|emy),? ale nie\\b',
  '\\bvi avst[åa]r\\b', '\\binte aktuellt\\b', '\\bvi (?:jobbar|samarbetar) inte med\\b', '\\btack,? men nej\\b', '\\bpassar oss inte\\b', '\\bno point (?:in )?(?:adding|publishing|doing)', '\\b(?:closing|shutting down|retiring|selling|winding down) (?:the|my|our|this) (?:blog|site|website)',
  // Refusal verbs and "not now", nine languages (everyday usage, written for issue 9's unseen replies).
  "\\b(?:won'?t|wouldn'?t|doesn'?t|does not|will not|would not|don'?t think (?:this|it|that) (?:would|will)) (?:really |quite )?(?:work|fit|suit) (?:for|with) (?:us|me|our|what)", "\\b(?:doesn'?t|does not|don'?t|do not) (?:really |quite )?(?:fit|suit|match) (?:with )?(?:us|our|what we)", "\\bdecided (?:not to|against)\\b", '\\b(?:say|saying) no\\b', '\\bturn(?:ing)? (?:this|it|that) down\\b', '\\bnot this time\\b',
  '\\b(?:sehen|nehmen) (?:wir|ich) (?:davon )?abstand\\b', '\\bdavon absehen\\b', '\\blehnen (?:wir|ich) (?:das |dies |es )?(?:dankend |leider )?ab\\b', '\\babzulehnen\\b', '\\b(?:m[üu]ssen|muss) (?:wir|ich) (?:leider )?ablehnen', '\\b(?:im moment|derzeit|aktuell|momentan|zurzeit) nicht\\b(?!\\s(?:im|in|da|erreichbar|verf[üu]gbar|anwesend|am))',
  '\\bd[ée]clin(?:er|ons|e|erai|erons)\\b', '\\bne pas donner suite\\b', '\\bpas (?:pour l\'instant|maintenant|cette fois)', '\\bpas preneurs?\\b', '\\bnous (?:allons|devons) refuser\\b',
  '\\bdeclin(?:ar|amos|o)\\b', '\\brechaz(?:ar|amos|o)\\b', '\\bpor ahora no\\b', '\\besta vez no\\b', '\\bno vamos a (?:participar|colaborar|publicar|aceptar)',
  '\\bdeclinare\\b', '\\brifiut(?:are|iamo|o)\\b', '\\bnon procedere\\b', '\\b(?:per (?:il momento|ora|adesso)|stavolta|questa volta) (?:passo|no)\\b', '^\\s*passo\\b',
  '\\brecus(?:ar|amos|o)\\b', '\\bpor (?:enquanto|agora) n[ãa]o\\b', '\\bdesta vez n[ãa]o\\b',
  '\\bafwijzen\\b', '\\bslaan (?:we|wij|ik) (?:dit |het )?over\\b', '\\b(?:voorlopig|nu even|op dit moment|momenteel) niet\\b(?!\\s(?:aanwezig|bereikbaar|beschikbaar|op|in))', '\\bgaan (?:we|wij) (?:hier )?niet op in\\b',
  '\\bodm[óo]wi(?:[ćc]|my|[ęe])\\b', '\\bodrzuc(?:amy|am|i[ćc])\\b', '\\bna (?:razie|ten moment) nie\\b', '\\bw tej chwili nie\\b',
  '\\bavb[öo]j(?:er|a)\\b', '\\binte (?:just )?nu\\b(?!\\s(?:p[åa]|i|n[åa]bar|tillg[äa]nglig))', '\\binte f[öo]r tillf[äa]llet\\b', '\\btackar (?:v[äa]nligen )?nej\\b',
  "\\b(?:have|had|going|got|gonna|must) to pass\\b", "\\bi'?ll have to pass\\b", '\\b(?:against|contrary to) (?:our|my) (?:policy|policies|guidelines|editorial)', '\\bonly (?:write|publish|post) (?:about )?(?:our|my) own\\b', '\\bno-?guest-?posts?\\b',
  '\\bkeine[nm]? (?:bedarf|interesse)\\b', '\\b(?:gegen|widerspricht) unsere[rn]? (?:richtlinien|grunds[äa]tze)', '\\bpasse (?:mon|notre) tour\\b', '\\bpassons (?:notre|mon) tour\\b', '\\bcontraire [àa] (?:notre|nos) (?:politique|ligne)',
  '\\bva (?:en )?contra (?:de )?nuestra pol[íi]tica', '\\blasci(?:amo|o) perdere\\b', '\\bcontro la nostra (?:politica|linea)', '\\b(?:vou|vamos) passar\\b', '\\bcontra a nossa pol[íi]tica',
  '\\bbeginnen (?:we|wij) niet aan\\b', '\\btegen (?:ons|onze) (?:beleid|richtlijnen)', '\\bnie skorzyst\\w*', '\\brezygnujemy\\b', '\\bpodzi[ęe]kuj[ęe]my\\b', '\\bstrider mot (?:v[åa]r|v[åa]ra)',
  '\\b(?:nicht|pas|no es|non [èe]|n[ãa]o [ée]|niet|inte) (?:relevant|pertinent|relevante|rilevante)\\b',
  "\\bnot a (?:good |great )?match\\b", '\\bhold(?:ing)? off\\b', "\\b(?:we'?ll|i'?ll|we will|i will) (?:keep|hold on to) (?:your|the) (?:details|e-?mail|info\\w*|contact) (?:on file|for (?:later|the future))", "\\bnot (?:pursuing|going to pursue)\\b", "\\b(?:don'?t|do not) have (?:the )?(?:bandwidth|capacity|resources)\\b", '\\bpaus(?:e|ed|ing) (?:all )?(?:collaborations|partnerships|guest|sponsored|outreach|link)',
  '\\bkeine kapazit[äa]t', '\\bpas (?:la )?capacit[ée]\\b', '\\bne donner(?:ons|ai|a)? pas suite\\b', '\\bno tenemos (?:capacidad|tiempo)\\b', '\\bno vamos a seguir\\b', '\\bnon abbiamo (?:tempo|capacit[àa])\\b', '\\bn[ãa]o temos (?:capacidade|tempo)\\b', '\\bgeen capaciteit\\b', '\\bgaan (?:we|wij) (?:er|hier) niet op in\\b', '\\bnie mamy (?:czasu|mocy|mo[żz]liwo[śs]ci)\\b', '\\bhar inte (?:tid|kapacitet)\\b', '\\boutside (?:of )?(?:our|my) (?:niche|scope|focus|remit|area|topics?)\\b', '\\boff-?topic for (?:us|our)',
  '\\bpasst\\b[^.!?\\n]{0,25}\\bnicht\\b', '\\bpast\\b[^.!?\\n]{0,25}\\bniet\\b', '\\bpassar\\b[^.!?\\n]{0,25}\\binte\\b', '\\bne (?:colle|convient|correspond) pas\\b', '\\bno (?:cuadra|encaja)\\b', '\\bnon (?:rientra|si adatta|[èe] in linea)\\b', '\\bn[ãa]o se (?:enquadra|encaixa)\\b', '\\bnie pasuje\\b',
  // "No" as the answer, "nothing for us", and declines that say what the site keeps to (issue 9, third pass).
  "\\b(?:the |our |my )?(?:answer|response) (?:is|would be|will be|has to be) (?:a )?no\\b", "\\b(?:it'?s|that'?s|this is) a (?:hard |firm |polite |definite )?no\\b", '\\ba no from (?:us|me)\\b', "\\bgive (?:it|this|that) a miss\\b", '\\b(?:respectfully |politely )?declin(?:e|ing)\\b', '\\bon (?:a )?hiatus\\b', '\\bno longer (?:active|updated|maintained|running)\\b',
  "\\b(?:keep|keeps|kept) (?:our|the|my) (?:content|site|blog|pages?|articles?) (?:100 ?% |purely |strictly |entirely )?(?:editorial|independent|ad-?free|free of)", '\\bfree of (?:paid|sponsored|affiliate) (?:links|content|posts)\\b', "\\bonly (?:publish|run|post|accept) (?:content|articles|posts|pieces) (?:written |produced |created )?by (?:our|my) own\\b", "\\b(?:not|isn'?t|aren'?t|am not|'m not|are not) (?:really |entirely )?(?:comfortable|willing)\\b",
  "\\b(?:can'?t|cannot|won'?t|unable to) take on (?:any|anything|new|more|this|that|such)\\b", "\\b(?:not|no longer) (?:taking on|accepting|looking for) (?:any |new |more )?(?:partners|partnerships|clients|sponsors|collaborators|contributors|writers|pitches)\\b", '\\b(?:decided|chosen) to stop\\b', '\\bstop(?:ped)? (?:doing|accepting|publishing|selling|running) (?:sponsored|paid|guest|link|outside|external)',
  '\\b(?:leider|helaas|tyv[äa]rr|niestety|purtroppo|malheureusement|lamentablemente|desafortunadamente|infelizmente|raczej|eher) (?:nein|nee|nej|nie|no|non|n[ãa]o|nicht)\\b', '\\bnee hoor\\b', '\\bnichts f[üu]r (?:uns|mich)\\b', '\\bniets voor (?:ons|mij)\\b', '\\b(?:rien|pas) pour (?:nous|moi)\\b', '\\bla r[ée]ponse est non\\b', '\\bdie antwort (?:ist|lautet) nein\\b', '\\bla respuesta es no\\b', '\\bla risposta [èe] no\\b', '\\ba resposta [ée] n[ãa]o\\b', '\\bhet antwoord is nee\\b', '\\bodpowied[źz] brzmi nie\\b', '\\bsvaret [äa]r nej\\b',
  '\\b(?:lehnen (?:wir|ich)|(?:wir|ich) lehnen)\\b[^.!?\\n]{0,25}\\bab\\b', '\\b(?:absagen|ablehnen)\\b', '\\b(?:dagegen|daf[üu]r nicht) entschieden\\b', '\\bkomm\\w{0,3}\\b[^.!?\\n]{0,30}\\bnicht in frage\\b', '\\bverzichten\\b',
  '\\bpasser (?:notre|mon) tour\\b', "\\b(?:d[ée]cid[ée]|choisi) de ne (?:plus|pas)\\b", '\\bne (?:publions|publie|acceptons|accepte|faisons|fais) que\\b',
  '\\b(?:no|ya no) nos cuadra\\b', '\\bno (?:nos )?(?:encaja|cuadra|convence)\\b', '\\bhemos decidido no\\b',
  '\\b(?:grazie|ti ringrazio|vi ringrazio),? ma passo\\b', '\\bnon [èe] (?:il )?(?:nostro|mio) genere\\b', '\\babbiamo deciso di non\\b',
  '\\b(?:vou|vamos|prefiro|preferimos) passar\\b', '\\bn[ãa]o faz sentido para (?:n[óo]s|o nosso|a nossa)', '\\bdecidimos n[ãa]o\\b',
  '\\b(?:(?:zien|zie) (?:we|wij|ik)|(?:we|wij|ik) (?:zien|zie)) (?:hier |daar |er )?(?:vanaf|van af)\\b', '\\b(?:slaan (?:we|wij|ik)|(?:we|wij|ik) slaan)\\b[^.!?\\n]{0,15}\\bover\\b', '\\bbesloten (?:om )?(?:niet|geen)\\b',
  '\\bzdecydowali[śs]my si[ęe] nie\\b', '\\bnie skorzystam\\w*',
  '\\bvi (?:har )?(?:valt|best[äa]mt) (?:att )?(?:inte|att inte)\\b', '\\bblir inte aktuellt\\b', '\\binget f[öo]r (?:oss|mig)\\b', '\\bvi avst[åa]r\\b',
  // de
  '\\bnein,? danke\\b', '\\bkein (?:interesse|bedarf)\\b', '\\bnicht interessiert\\b', '\\bleider (?:nicht|kein)', '\\b(?:bieten|verkaufen|ver[öo]ffentlichen|akzeptieren|nehmen|machen) (?:wir|ich) (?:keine|nicht|grunds[äa]tzlich (?:keine|nicht))',
  '\\b(?:wir|ich) (?:bieten|verkaufen|ver[öo]ffentlichen|akzeptieren|nehmen|machen) (?:keine|nicht|grunds[äa]tzlich keine)', '\\bkeine (?:gastbeitr[äa]ge|bezahlten|gekauften|sponsored)', '\\bpasst (?:leider )?nicht\\b', '\\bm[öo]chten (?:wir|ich) nicht\\b', '\\babsage\\b',
  // fr
  '\\bnon,? merci\\b', '\\bpas int[ée]ress[ée]', "\\bne (?:nous|m'|me) int[ée]resse pas", "\\bn'est pas (?:pour nous|int[ée]ressant)", '\\b(?:ne sommes|ne suis) pas int[ée]ress', '\\bnous ne (?:publions|acceptons|faisons|vendons|proposons|travaillons) (?:pas|plus|aucun)', '\\bje ne (?:publie|accepte|fais|vends|propose) (?:pas|plus)', "\\bce n'est pas pour nous\\b", '\\bje d[ée]cline\\b', '\\bpas pour le moment\\b', '\\bpas de (?:liens|articles) (?:sponsoris|payants)',
  // es
  '\\bno,? gracias\\b', '\\bno (?:me|nos) interesa\\b', '\\bno (?:estoy|estamos) interesad', '\\bno (?:publicamos|aceptamos|hacemos|vendemos|ofrecemos|trabajamos)\\b', '\\bno (?:publico|acepto|hago|vendo|ofrezco)\\b', '\\bde momento no\\b', '\\bno es para nosotros\\b', '\\bpaso,',
  // it
  '\\bno,? grazie\\b', '\\bnon (?:mi|ci) interessa\\b', '\\bnon (?:sono|siamo) interessat', '\\bnon (?:pubblichiamo|accettiamo|facciamo|vendiamo|offriamo|lavoriamo)\\b', '\\bnon (?:pubblico|accetto|faccio|vendo|offro)\\b', '\\bpurtroppo no\\b', '\\bal momento no\\b', '\\bnon fa per (?:noi|me)\\b', '\\bdeclin(?:o|iamo)\\b',
  // pt
  '\\bn[ãa]o,? obrigad[oa]\\b', '\\bn[ãa]o (?:tenho|temos) interesse\\b', '\\bn[ãa]o (?:estou|estamos) interessad', '\\bn[ãa]o (?:publicamos|aceitamos|fazemos|vendemos|trabalhamos|oferecemos)\\b', '\\bn[ãa]o (?:publico|aceito|fa[çc]o|vendo)\\b', '\\binfelizmente n[ãa]o\\b', '\\bno momento n[ãa]o\\b', '\\bdispenso\\b',
  // nl
  '\\bnee,? (?:dank|bedankt)', '\\bgeen interesse\\b', '\\bniet ge[ïi]nteresseerd\\b', '\\b(?:we|wij) doen niet aan\\b', '\\b(?:we|wij|ik) (?:publiceren|publiceer|accepteren|accepteer|doen|doe|verkopen|verkoop|plaatsen|plaats) (?:geen|niet)', '\\bhelaas niet\\b', '\\bniet voor ons\\b', '\\bpast (?:helaas )?niet\\b',
  // pl
  '\\bnie,? dzi[ęe]kuj[ęe]', '\\bnie (?:jestem|jeste[śs]my) zainteresowan', '\\bnie interesuje (?:mnie|nas)', '\\bnie (?:publikujemy|przyjmujemy|sprzedajemy|robimy|prowadzimy|oferujemy)\\b', '\\bniestety nie\\b', '\\brezygnuj[ęe]\\b', '\\bodmawiam\\b',
  // sv
  '\\bnej,? tack\\b', '\\binte intresserad', '\\bvi (?:publicerar|tar|s[äa]ljer|accepterar|g[öo]r|erbjuder) inte\\b', '\\bvi (?:publicerar|tar emot|s[äa]ljer|accepterar) inga\\b', '\\btyv[äa]rr (?:inte|inga)\\b', '\\bpassar (?:tyv[äa]rr )?inte\\b', '\\btackar nej\\b',
]);

const HEDGE = [
  'possibly|maybe|perhaps|probably|in principle|in theory|potentially',
  'vielleicht|eventuell|grunds[äa]tzlich|im prinzip|wahrscheinlich',
  'peut-[êe]tre|en principe|probablement|a priori',
  'quiz[áa]s?|tal vez|en principio|probablemente',
  'forse|in linea di (?:massima|principio)|in teoria|probabilmente',
  'talvez|em princ[íi]pio|provavelmente',
  'misschien|in principe|waarschijnlijk|eventueel',
  'mo[żz]e|w zasadzie|prawdopodobnie|raczej',
  'kanske|i princip|troligen|eventuellt',
].join('|');

/**
 * "Why not", "maybe", nine languages: agreement too weak to outweigh a question beside it ("Pourquoi
 * pas, mais quel est le sujet ?" asks before deciding). Global: blanked out before strength is read.
 */
export const MAYBE_ML = wordRegex([
  '\\bwhy not\\b', '\\bwarum nicht\\b', '\\bpourquoi pas\\b', '\\bpor qu[ée] no\\b', '\\bperch[ée] no\\b', '\\bpor que n[ãa]o\\b', '\\bwaarom niet\\b', '\\bvarf[öo]r inte\\b',
  '\\bmo[żz]e by[ćc]\\b', '\\bkann man machen\\b',
  // A hedged yes: "yes, possibly", "ok maybe", "in principle yes, but …", nine languages.
  `\\b(?:${HEDGE})\\s{0,3},?\\s{0,3}(?:yes|yeah|ok|okay|sure|ja|oui|s[íìi]|sim|wel|tak)\\b`, `\\b(?:yes|yeah|ok|okay|sure|ja|oui|s[íìi]|sim|tak)\\b,?\\s{0,3}(?:${HEDGE})\\b`,
  '\\b(?:yes|yeah|ok|okay|ja|oui|s[íìi]|sim|wel|tak),?\\s{0,3}(?:but|aber|mais|pero|ma|mas|maar|ale|men)\\b',
], 'gi');

/** "It is live / I added it / here it is" in the eight languages. */
export const LINK_PLACED_ML = rx([
  // de
  '\\b(?:ist|sind) (?:jetzt |nun |bereits |schon )?(?:online|live|drin|eingebaut|eingef[üu]gt|ver[öo]ffentlicht|erschienen)\\b', '\\b(?:habe|haben) (?:den |ihren |euren |deinen )?(?:link|ihn|artikel|beitrag)\\b[^.!?\\n]{0,30}\\b(?:eingef[üu]gt|eingebaut|gesetzt|erg[äa]nzt|ver[öo]ffentlicht|hinzugef[üu]gt)', '\\blink (?:ist |wurde )?(?:gesetzt|eingef[üu]gt|eingebaut)',
  // fr
  '\\b(?:est|sont) (?:maintenant |d[ée]sormais |bien )?(?:en ligne|publi[ée]e?s?|ajout[ée]e?s?|int[ée]gr[ée]e?s?)\\b', "\\bj'ai (?:bien )?(?:ajout[ée]|int[ée]gr[ée]|ins[ée]r[ée]|publi[ée]|mis)\\b", '\\blien (?:ajout[ée]|ins[ée]r[ée]|int[ée]gr[ée])',
  // es
  '\\b(?:ya )?est[áa] (?:ya )?(?:publicad[oa]|online|en l[íi]nea|puest[oa]|a[ñn]adid[oa]|activ[oa])\\b', '\\b(?:he|hemos) (?:a[ñn]adido|insertado|publicado|puesto|incluido)\\b', '\\b(?:ha sido|fue) (?:publicad|a[ñn]adid|insertad)', '\\benlace (?:a[ñn]adido|insertado|publicado|puesto)\\b',
  // it
  '\\b[èe] (?:ora |gi[àa] )?(?:online|pubblicat[oa]|attiv[oa]|stat[oa] (?:pubblicat|inserit|aggiunt))', '\\b(?:ho|abbiamo) (?:inserito|aggiunto|pubblicato|messo)\\b', '\\blink (?:inserito|aggiunto|pubblicato)\\b', '\\b(?:articolo|post) (?:pubblicato|online)\\b',
  // pt
  '\\b(?:j[áa] )?est[áa] (?:j[áa] )?(?:no ar|publicad[oa]|online|ativ[oa])\\b', '\\b(?:adicionei|inseri|publiquei|coloquei|inclu[íi])\\b', '\\b(?:foi|j[áa] foi) (?:publicad|adicionad|inserid)', '\\blink (?:adicionado|inserido|publicado)\\b',
  // nl
  '\\bstaat (?:nu |inmiddels |al )?(?:erin|online|live|erop)\\b', '\\b(?:is|zijn) (?:nu |inmiddels |al )?(?:geplaatst|gepubliceerd|toegevoegd|online|live)\\b', '\\b(?:ik heb|we hebben|wij hebben) (?:de |je |uw )?(?:link|artikel)\\b[^.!?\\n]{0,30}\\b(?:toegevoegd|geplaatst|gepubliceerd)',
  // "The link is now in the article", nine languages; "swapped it out", "replaced the link", a bare "added".
  "\\b(?:link|url)\\b[^.!?\\n]{0,60}\\bis now (?:in|on|under|part of)\\b", "\\b(?:swapped|replaced|switched) (?:it|them|yours|the (?:old |dead |broken )?links?|your link)\\b", "(?:^|\\n)\\s*(?:added|link added|all added|added it|it'?s added)\\s*[.!]*\\s*(?:$|\\n)",
  '\\blink\\b[^.!?\\n]{0,40}\\b(?:ist|steht) (?:jetzt |nun |bereits )?(?:im|in der|auf der)\\b', '\\blien\\b[^.!?\\n]{0,40}\\best (?:maintenant |d[ée]sormais |bien )?(?:dans|sur)\\b',
  '\\benlace\\b[^.!?\\n]{0,40}\\b(?:ya )?est[áa] (?:ya )?(?:en|dentro)\\b', '\\blink\\b[^.!?\\n]{0,40}\\b[èe] (?:ora |gi[àa] )?(?:nel|nella|sul|sulla|dentro)\\b',
  '\\blink\\b[^.!?\\n]{0,40}\\b(?:j[áa] )?est[áa] (?:j[áa] )?(?:no|na|dentro)\\b', '\\blink\\b[^.!?\\n]{0,40}\\bstaat (?:nu |inmiddels |al )?(?:in|op)\\b',
  '\\blink\\b[^.!?\\n]{0,20}\\b(?:ju[żz] )?jest (?:ju[żz] )?(?:na stronie|w artykule|w tek[śs]cie|we wpisie|online)\\b', '\\bl[äa]nken\\b[^.!?\\n]{0,40}\\b(?:finns|[äa]r|ligger) (?:nu |redan )?(?:i|p[åa])\\b',
  // pl
  '\\b(?:jest|zosta[łl](?:a|o)?) (?:ju[żz] )?(?:opublikowan|dodan|umieszczon|online)', '\\b(?:doda[łl]em|doda[łl]am|dodali[śs]my|umie[śs]ci[łl]em|umie[śs]ci[łl]am|opublikowa[łl]em|opublikowa[łl]am|wstawi[łl]em|wstawi[łl]am)\\b', '\\blink (?:jest )?(?:dodany|aktywny|opublikowany)\\b',
  // sv
  '\\b(?:[äa]r|har) (?:nu |redan )?(?:publicerad|publicerat|uppe|live|online|inlagd|inlagt|lagts (?:in|till)|lagt (?:in|till))\\b', '\\b(?:jag|vi) har (?:nu |redan )?(?:lagt (?:in|till)|publicerat|infogat)\\b', '\\bl[äa]nken (?:[äa]r )?(?:inlagd|p[åa] plats|tillagd)',
]);

/** A promise or a condition before the "it's live" phrase makes it not (yet) a placement. */
export const FUTURE_OR_CONDITION_ML = rx([
  '\\b(?:sobald|wenn|falls|werde|wird|werden|nach (?:eingang|zahlung)|geplant)\\b',
  "\\b(?:d[èe]s que|quand|lorsque|si|sera|serai|apr[èe]s (?:r[ée]ception|paiement)|pr[ée]vu)\\b",
  '\\b(?:cuando|en cuanto|si|ser[áa]|estar[áa]|tras (?:el pago|recibir)|programad)',
  '\\b(?:quando|appena|non appena|se|sar[àa]|dopo (?:il pagamento|aver ricevuto)|programmat)',
  '\\b(?:assim que|quando|se|ser[áa]|estar[áa]|ap[óo]s (?:o pagamento|receber)|agendad)',
  '\\b(?:zodra|als|wanneer|zal|wordt|na (?:betaling|ontvangst)|gepland|ingepland)\\b',
  '\\b(?:gdy|kiedy|jak tylko|je[śs]li|b[ęe]dzie|po (?:p[łl]atno[śs]ci|otrzymaniu)|zaplanowan)',
  '\\b(?:n[äa]r|s[åa] snart|om|kommer att|efter (?:betalning|att)|planerad|schemalagd)\\b',
]);

/** Words that point to another person ("write to my colleague"), to pair with an address in the text. */
export const REFERRAL_WORDS_ML = rx([
  '\\b(?:schreiben sie (?:an|bitte an)|wenden sie sich (?:an|bitte an)|zust[äa]ndig|kolleg(?:e|in)|ansprechpartner|ansprechpartnerin|kontaktieren sie|meld(?:en sie sich|e dich) (?:bei|an))',
  '\\b(?:[ée]crivez [àa]|[ée]crire [àa]|contactez|coll[èe]gue|responsable|adressez-vous [àa]|vous adresser [àa]|s\'occupe|[ée]quipe|service)',
  '\\b(?:escr[íi]b(?:a|e|ele|eme) a|contact(?:e|a|en) (?:con|a)|compa[ñn]er[oa]|encargad[oa]|responsable|se encarga|dir[íi]jase a)',
  '\\b(?:scriv(?:i|ete|a) a|contatt(?:a|ate|i)|collega|responsabile|si occupa|rivolg(?:iti|etevi|ersi) a)',
  '\\b(?:escreva (?:para|a)|fale com|entre em contato com|colega|respons[áa]vel|cuida d)',
  '\\b(?:schrijf (?:naar|aan)|mail (?:\\w+ )?(?:naar|met)|mailen naar|stuur (?:\\w+ ){0,3}naar|neem contact op met|collega|verantwoordelijk|gaat over|afdeling|regelt)',
  '\\b(?:napisz(?:cie)? do|prosz[ęe] pisa[ćc] do|napisa[ćc] do|pisa[ćc] do|dzia[łl]\\w*|kontakt(?:uj|ujcie)? (?:z|si[ęe] z)|koleg[aię]|kole[żz]anka|odpowiedzialn|zajmuje si[ęe])',
  '\\b(?:skriv till|maila|mejla|kontakta|kollega|ansvarig|sk[öo]ter)',
]);

/** Paid terms with or without a number: "sponsored only", "it's paid", "price on request". */
export const PAID_TERMS = rx([
  '\\b(?:sponsored|paid) (?:posts?|content|articles?|links?) only\\b', '\\bonly (?:accept|do|offer|publish) (?:sponsored|paid)', '\\b(?:we|i) charge (?:a |for )', '\\bthere(?:\'s| is) a (?:fee|charge)\\b', '\\b(?:our|my) (?:rate|fee|price)s? (?:is|are|for|start)', '\\b(?:rate card|price list|media kit)\\b', '\\bfor a fee\\b', '\\bit(?:\'s| is) (?:a )?paid\\b',
  '\\b(?:a |the |our )?fees? appl(?:y|ies)\\b', '\\bthere(?:\'s| is) a (?:small )?(?:fee|charge|cost)\\b', '\\bcharge a (?:small )?fee\\b', '\\bnot free\\b',
  // A number beside a price word, without a currency ("we charge 200 per article", "kostet 120").
  '\\b(?:charges?|costs?|price is|rate is|fee is|kostet|kosten|co[ûu]te|cuesta|cuestan|costa|costano|custa|custam|kost|kosztuje|kostar)\\b[^.!?\\n\\d]{0,20}\\d{2,6}(?![\\d%])(?!\\s?(?:words?|w[öo]rter|mots|palabras|parole|palavras|woorden|s[łl][óo]w|ord|hours?|days?|%|percent|minutes?))',
  '\\b\\d{2,5} (?:for|per|pro|par|por|voor|za|f[öo]r) (?:an? |one |each |un |una |ein |eine |einen |een |jeden )?(?:guest ?posts?|posts?|articles?|links?|insertions?|artikel|beitrag|articolo|artigo|art[íi]culo|artyku[łl]|inl[äa]gg|enlace|lien|publicaci[óo]n)\\b',
  '\\b(?:price|rate|fee|preis|prix|tarif|precio|tarifa|prezzo|pre[çc]o|prijs|cena|pris)\\s?:\\s?\\d{2,6}\\b',
  '\\bkostenpflichtig', '\\bgegen (?:bezahlung|geb[üu]hr|entgelt)', '\\bnur (?:bezahlte|gesponserte)', '\\bpreisliste\\b',
  '\\bpayant', '\\bcontre r[ée]mun[ée]ration', '\\buniquement (?:sponsoris|payant)', '\\bnos tarifs\\b', '\\bgrille tarifaire',
  '\\bde pago\\b', '\\bsolo (?:patrocinad|de pago|pagad)', '\\bnuestras tarifas\\b', '\\btiene un coste',
  '\\ba pagamento\\b', '\\bsolo (?:sponsorizzat|a pagamento)', '\\bil nostro listino\\b', '\\ble nostre tariffe',
  '\\bs[óo] (?:patrocinad|pag)', '\\b(?:[ée] )?pago\\b', '\\bnossa tabela de pre[çc]os', '\\btem um custo',
  '\\btegen betaling\\b', '\\balleen (?:betaalde|gesponsorde)', '\\bbetaalde (?:plaatsing|samenwerking)', '\\bonze tarieven',
  '\\bp[łl]atn[aey]\\b', '\\bodp[łl]atn', '\\bcennik\\b', '\\btylko (?:p[łl]atn|sponsorowan)',
  '\\bmot (?:betalning|ers[äa]ttning)', '\\bendast (?:betald|sponsrad)', '\\bv[åa]r prislista', '\\bkostar\\b',
]);

/** "I'm currently not in / away", typed by a person, with the adverbs people put in between. */
export const PERSONAL_ABSENCE_ML = rx([
  "\\b(?:i am|i'm|i will be|i'll be) (?:currently |presently |now )?(?:out of (?:the )?office|on (?:vacation|holiday|leave)|away|travell?ing|off|out of town|unavailable)\\b",
  '\\bich bin (?:derzeit |zurzeit |momentan |aktuell |gerade )?(?:nicht im b[üu]ro|abwesend|im urlaub|au[ßs]er haus|nicht erreichbar|unterwegs)',
  '\\bje (?:suis|serai) (?:actuellement |en ce moment )?(?:absente?|en (?:cong[ée]s?|vacances|d[ée]placement))',
  '\\b(?:estoy|estar[ée]) (?:actualmente |ahora )?(?:de vacaciones|fuera|ausente)',
  '\\b(?:sono|sar[òo]) (?:attualmente |al momento )?(?:in ferie|fuori ufficio|assente|in vacanza)',
  '\\b(?:estou|estarei) (?:atualmente |no momento )?(?:de f[ée]rias|fora|ausente)',
  '\\bik ben (?:momenteel |op dit moment |tijdelijk |nu )?(?:afwezig|met vakantie|op vakantie|niet aanwezig|niet op kantoor|niet bereikbaar)',
  '\\b(?:jestem|b[ęe]d[ęe]) (?:obecnie |teraz )?(?:na urlopie|nieobecn|poza biurem)',
  '\\bjag [äa]r (?:f[öo]r n[äa]rvarande |just nu )?(?:p[åa] semester|ledig|borta|fr[åa]nvarande|tj[äa]nstledig|f[öo]r[äa]ldraledig)',
]);
