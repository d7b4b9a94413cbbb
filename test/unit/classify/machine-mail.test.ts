/**
 * Machine mail read by the rules (issue 9): delay notices are never hard bounces, Amazon SES
 * notifications are bounces of the right kind for the right recipient, a person's own auto-reply is
 * an out-of-office with its return date, an organisation's acknowledgement or a challenge stays
 * AUTO_REPLY. Every text here is written for these tests.
 */
import { describe, it, expect } from 'vitest';
import { classifyWithRules } from '../../../src/classify/rules/classify-rules.ts';
import { readSesNotification } from '../../../src/classify/rules/ses-notification.ts';
import { declaresAutomatic, isAcknowledgement, isChallengeResponse, isPersonalAutoReply, readAutoReplyHeaders } from '../../../src/classify/rules/auto-reply.ts';
import { decideSeverity, onlyTransientReplies } from '../../../src/classify/rules/bounce-reason.ts';
import { saysDelay, originalMarkerIndex, paragraphAbout } from '../../../src/classify/rules/bounce-text.ts';
import { mentionsAbsence, isShortAbsenceNote } from '../../../src/classify/rules/out-of-office.ts';
import { email, dsn, daemon, NOW } from './helpers.ts';
import type { ParsedEmail } from '../../../src/ingest/types.ts';

const classify = (e: ParsedEmail, sent?: string[]) => classifyWithRules({ email: e, now: NOW, sentRecipients: sent });

const EXIM_DELAY = [
  'This message was created automatically by mail delivery software.',
  'A message that you sent has not yet been delivered to one or more of its',
  'recipients after more than 24 hours on the queue on mx.ourseoagency.com.',
  '',
  'The address to which the message has not yet been delivered is:',
  '',
  '  ed@blog.example',
  '    host mx.blog.example [192.0.2.7]',
  '    Delay reason: SMTP error from remote mail server after RCPT TO:<ed@blog.example>:',
  '    450 <ed@blog.example>: Recipient address rejected: User unknown in local recipient table',
  '',
  'No action is required on your part. Delivery attempts will continue for',
  'some time, and this warning may be repeated at intervals if the message',
  'remains undelivered. Eventually the mail delivery software will give up,',
  'and when that happens, the message will be returned to you.',
].join('\n');

const SENDMAIL_WARNING = [
  '    **********************************************',
  '    **      THIS IS A WARNING MESSAGE ONLY      **',
  '    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **',
  '    **********************************************',
  '',
  '   ----- Transcript of session follows -----',
  '<ed@blog.example>... Deferred: 450 mailbox unavailable, user unknown',
  'Warning: message still undelivered after 4 hours',
  'Will keep trying until message is 5 days old',
].join('\n');

describe('delay notices are never hard bounces', () => {
  it.each([
    ['Exim "delayed 24 hours" quoting 450 user unknown', email({ from: daemon, subject: 'Warning: message 1tXyZa-0004Qm-8C delayed 24 hours', headers: { 'auto-submitted': 'auto-replied' }, text: EXIM_DELAY })],
    ['Sendmail warning', email({ from: daemon, subject: 'Warning: could not send message for past 4 hours', text: SENDMAIL_WARNING })],
    ['Action: delayed with a 5.1.1 diagnostic', email({ from: daemon, subject: 'Delivery Status Notification (Delay)', reportParts: [dsn([{ rcpt: 'ed@blog.example', action: 'delayed', status: '4.4.7', diag: '550 5.1.1 user unknown' }])] })],
    ['inline Action: delayed', email({ from: daemon, subject: 'Delivery Status Notification (Delay)', text: 'THIS IS A WARNING MESSAGE ONLY.\n\nFinal-Recipient: rfc822;ed@blog.example\nAction: delayed\nStatus: 5.1.1\n' })],
    ['a delay subject whose text quotes a permanent-looking line', email({ from: daemon, subject: 'Delivery delayed: Collaboration idea', text: 'Your message could not be delivered to ed@blog.example yet.\n\n550 5.1.1 <ed@blog.example>: user unknown' })],
  ])('%s', (_name, e) => {
    const r = classify(e);
    expect(r.facts.bounce?.kind).toBe('soft');
    expect(r.facts.bounces?.some((b) => b.kind === 'hard') ?? false).toBe(false);
  });

  it('a final notice with only a 450 reply is a soft bounce', () => {
    const text = "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<ed@blog.example>: host mx.blog.example said: 450 <ed@blog.example>: User unknown (in reply to RCPT TO command)";
    const r = classify(email({ from: daemon, subject: 'Undelivered Mail Returned to Sender', text }));
    expect(r.intent).toBe('BOUNCE');
    expect(r.facts.bounce).toMatchObject({ kind: 'soft', reason: 'transient', recipient: 'ed@blog.example' });
  });

  it('"Returned mail: Deferred" returned the message: it is a bounce, read on its merits', () => {
    const text = '   ----- Transcript of session follows -----\n>>> RCPT To:<ed@blog.example>\n<<< 550 <ed@blog.example>, User Unknown\n550 <ed@blog.example>... User unknown\n421 blog.example (smtp)... Deferred: Connection timed out';
    const r = classify(email({ from: daemon, subject: 'Returned mail: Deferred: Connection timed out with blog.example', text }));
    expect(r.intent).toBe('BOUNCE');
    expect(r.facts.bounce).toMatchObject({ kind: 'hard', recipient: 'ed@blog.example' });
  });

  it.each([
    ['Warning: message 1abc delayed 48 hours', true],
    ['Delivery Status Notification (Delay)', true],
    ['Delayed Mail (still being retried)', true],
    ['Returned mail: Warning: could not send message for past 4 hours', true],
    ['Returned mail: Deferred: Host Name Lookup Failure', false],
    ['Undelivered Mail Returned to Sender', false],
    ['Re: the delay on our side', true],
  ])('saysDelay(%s) = %s', (subject, expected) => {
    expect(saysDelay(subject)).toBe(expected);
  });

  it.each([
    ['450 4.2.0 greylisted', null, null, true],
    ['450 user unknown; 550 user unknown', null, null, false],
    [null, 'host said: 421 try later', null, true],
    [null, null, '451', true],
    [null, null, null, false],
  ] as const)('onlyTransientReplies(%s, %s, %s) = %s', (diagnostic, body, code, expected) => {
    expect(onlyTransientReplies(diagnostic, body, code)).toBe(expected);
  });

  it('a specific 5.1.1 status still wins over a quoted 4xx reply', () => {
    expect(decideSeverity({ status: '5.1.1', diagnostic: '450 4.1.1 mailbox unknown', bodyText: null, replyCode: null })).toEqual({ kind: 'hard', reason: 'address' });
  });
});

const sesBounce = (bounceType: string, subType: string, status: string, diagnosticCode: string, address = 'ed@blog.example') =>
  JSON.stringify({
    notificationType: 'Bounce',
    bounce: { bounceType, bounceSubType: subType, bouncedRecipients: [{ emailAddress: address, action: 'failed', status, diagnosticCode }], timestamp: '2026-11-30T10:00:00.000Z', reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com' },
    mail: { timestamp: '2026-11-30T09:59:58.000Z', source: 'outreach@ourseoagency.com', destination: [address] },
  });

/** The SNS envelope as e-mailed: the notification is a JSON string, long lines folded as "!\n ". */
function snsEmail(message: string): string {
  const envelope = JSON.stringify({ Type: 'Notification', MessageId: 'a1b2', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:bounces', Message: message, UnsubscribeURL: 'https://sns.example/?Action=Unsubscribe' }, null, 2);
  const folded = envelope.replace(/(.{70})(?=.)/g, '$1!\n ');
  return `${folded}\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.example/unsubscribe\n`;
}

describe('Amazon SES notifications', () => {
  const from = { address: 'no-reply@sns.amazonaws.com', name: 'AWS Notifications' };
  it.each([
    ['Permanent / General, 5.1.1', sesBounce('Permanent', 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown'), 'hard', 'address'],
    ['Permanent / NoEmail without a diagnostic', sesBounce('Permanent', 'NoEmail', '5.0.0', ''), 'hard', 'address'],
    ['Permanent / Suppressed', sesBounce('Permanent', 'Suppressed', '5.1.1', 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'), 'hard', 'address'],
    ['Permanent but blocked as spam', sesBounce('Permanent', 'General', '5.7.1', 'smtp; 554 5.7.1 Message rejected as spam'), 'soft', 'policy'],
    ['Transient / MailboxFull', sesBounce('Transient', 'MailboxFull', '5.2.2', 'smtp; 552 5.2.2 Mailbox full'), 'soft', 'transient'],
    ['Transient / General quoting user unknown', sesBounce('Transient', 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown'), 'soft', 'transient'],
    ['Transient / MessageTooLarge', sesBounce('Transient', 'MessageTooLarge', '5.3.4', 'smtp; 552 5.3.4 Message too big'), 'soft', 'policy'],
    ['Undetermined', sesBounce('Undetermined', 'Undetermined', '5.1.1', 'smtp; 550 5.1.1 user unknown'), 'soft', 'unknown'],
  ])('%s, in the SNS envelope', (_name, message, kind, reason) => {
    const r = classify(email({ from, subject: 'AWS Notification Message', text: snsEmail(message) }));
    expect(r.intent).toBe('BOUNCE');
    expect(r.facts.bounce).toMatchObject({ kind, reason, recipient: 'ed@blog.example' });
  });

  it('a bare (raw message delivery) bounce notification reads the same', () => {
    const r = classify(email({ from, subject: 'Amazon SES Bounce', text: sesBounce('Permanent', 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown') }));
    expect(r.intent).toBe('BOUNCE');
    expect(r.facts.bounce).toMatchObject({ kind: 'hard', status: '5.1.1', recipient: 'ed@blog.example' });
  });

  it('is never read as the sender asking to unsubscribe (the SNS footer says "unsubscribe")', () => {
    const r = classify(email({ from, subject: 'AWS Notification Message', text: snsEmail(sesBounce('Transient', 'General', '4.4.7', 'smtp; 421 4.4.7 timeout')) }));
    expect(r.intent).toBe('BOUNCE');
    expect(r.intents.map((i) => i.intent)).not.toContain('UNSUBSCRIBE');
  });

  it('keeps only the recipient we wrote to', () => {
    const message = JSON.stringify({
      notificationType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'other@x.example', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 no such user' }, { emailAddress: 'Ed@Blog.example', status: '5.7.1', diagnosticCode: 'smtp; 550 5.7.1 blocked by policy' }] },
    });
    const n = readSesNotification(snsEmail(message), ['ed@blog.example']);
    expect(n?.recipients).toEqual([expect.objectContaining({ recipient: 'ed@blog.example', kind: 'soft', reason: 'policy' })]);
  });

  it('a mangled notification is still read field by field', () => {
    const cut = snsEmail(sesBounce('Permanent', 'General', '5.1.1', 'smtp; 550 5.1.1 user unknown')).slice(0, 600);
    expect(readSesNotification(cut)?.recipients[0]).toMatchObject({ kind: 'hard', recipient: 'ed@blog.example' });
  });

  it('a complaint notification stays a complaint, a delivery notification is no bounce', () => {
    const complaint = JSON.stringify({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'ed@blog.example' }], complaintFeedbackType: 'abuse' } });
    expect(classify(email({ from, subject: 'AWS Notification Message', text: snsEmail(complaint) })).intent).toBe('COMPLAINT');
    const delivery = JSON.stringify({ notificationType: 'Delivery', delivery: { recipients: ['ed@blog.example'], smtpResponse: '250 2.6.0 ok' } });
    expect(classify(email({ from, subject: 'AWS Notification Message', text: snsEmail(delivery) })).intent).not.toBe('BOUNCE');
  });
});

describe('out-of-office replies and other automatic answers', () => {
  it.each([
    // [case, headers, subject, text, intent, returnDate]
    ['Sieve vacation with a German date', { 'auto-submitted': 'auto-replied (vacation)' }, 'Abwesenheitsnotiz: Kooperation', 'Ich bin bis zum 3. Januar nicht im Büro und ab dem 4.1. wieder erreichbar.', 'OUT_OF_OFFICE', '2026-01-04'],
    ['auto-replied with nothing but a personal line', { 'auto-submitted': 'auto-replied' }, 'Auto reply: Collaboration idea', "I'm only sleeping.", 'OUT_OF_OFFICE', null],
    ['Polish automatic reply, any text', { precedence: 'junk' }, '[Automatyczna odpowiedź] Propozycja', 'Lorem ipsum dolor sit amet.', 'OUT_OF_OFFICE', null],
    ['an unused mailbox naming its address', { 'auto-submitted': 'auto-replied', precedence: 'bulk' }, 'AutoResponse: Collaboration idea', 'This email inbox ed@blog.example is no longer in use. Please visit our website.', 'OUT_OF_OFFICE', null],
    ['French auto-reply', { 'x-autoreply': 'yes' }, 'Réponse automatique : Proposition', 'Je suis en congés jusqu’au 8 juin.', 'OUT_OF_OFFICE', '2025-06-08'],
    ['Spanish auto-reply', { 'auto-submitted': 'auto-replied' }, 'Respuesta automática: Propuesta', 'Estoy fuera de la oficina. Volveré el 10 de junio.', 'OUT_OF_OFFICE', '2025-06-10'],
    ['Italian auto-reply', { 'auto-submitted': 'auto-replied' }, 'Risposta automatica: Proposta', 'Sono in ferie fino al 6 luglio.', 'OUT_OF_OFFICE', '2025-07-06'],
    ['Portuguese auto-reply', { 'auto-submitted': 'auto-replied' }, 'Resposta automática: Proposta', 'Estou de férias até 15/06 com acesso limitado ao e-mail.', 'OUT_OF_OFFICE', '2025-06-15'],
    ['Dutch auto-reply', { 'auto-submitted': 'auto-replied' }, 'Automatisch antwoord: Samenwerking', 'Ik ben met vakantie tot en met 11 juni.', 'OUT_OF_OFFICE', '2025-06-11'],
    ['Swedish auto-reply', { 'auto-submitted': 'auto-replied' }, 'Autosvar: Samarbete', 'Jag är på semester och tillbaka den 3 juli.', 'OUT_OF_OFFICE', '2025-07-03'],
    ['Lotus Notes AUTO: subject', {}, 'AUTO: Kim Lee is out of the office (returning 18/06/2025)', 'I am out of the office until 18/06/2025.', 'OUT_OF_OFFICE', '2025-06-18'],
    ['a ticket acknowledgement', { 'auto-submitted': 'auto-replied' }, 'Auto-Reply: Collaboration idea', 'We have received your message. Your ticket number is 4821.', 'AUTO_REPLY', null],
    ['an unattended mailbox of an organisation', { 'auto-submitted': 'auto-replied' }, 'Automatic reply: Collaboration idea', 'Your email has been received. This mailbox is not monitored; please use the contact form.', 'AUTO_REPLY', null],
    ['a German acknowledgement', { 'auto-submitted': 'auto-replied' }, 'Automatische Antwort: Kooperation', 'Vielen Dank für Ihre Nachricht. Wir melden uns in Kürze.', 'AUTO_REPLY', null],
    ['a generated notice is no reply at all', { 'auto-submitted': 'auto-generated' }, 'Your weekly summary', 'Here is what happened on your account this week.', 'AUTO_REPLY', null],
  ])('%s → %s', (_name, headers, subject, text, intent, returnDate) => {
    const r = classify(email({ headers, subject, text }));
    expect(r.intent).toBe(intent);
    expect(r.facts.returnDate).toBe(returnDate);
  });

  it('challenge-response stays AUTO_REPLY', () => {
    const text = 'Hi, I use a spam filter. Your message is being held until you verify that you are a real person. Please click the link below to be added to my approved senders list. Protected by SenderCheck challenge-response.';
    expect(classify(email({ headers: { 'auto-submitted': 'auto-replied' }, subject: 'Auto reply: please verify', text })).intent).toBe('AUTO_REPLY');
  });

  it.each([
    ['auto-replied header', { 'auto-submitted': 'auto-replied' }, 'Re: hello', 'Back soon.', true],
    ['X-Autorespond header', { 'x-autorespond': 'yes' }, 'Re: hello', 'Back soon.', true],
    ['automatic reply subject only', {}, 'Automatisch antwoord: hallo', 'Tot snel.', true],
    ['auto-generated only', { 'auto-submitted': 'auto-generated' }, 'Re: hello', 'Back soon.', false],
    ['an acknowledgement', { 'auto-submitted': 'auto-replied' }, 'Re: hello', 'Nous avons bien reçu votre message.', false],
    ['a ticket subject', { 'auto-submitted': 'auto-replied' }, '[Ticket #123] hello', 'Soon.', false],
  ])('isPersonalAutoReply: %s → %s', (_name, headers, subject, text, expected) => {
    const e = email({ headers, subject, text });
    expect(isPersonalAutoReply(readAutoReplyHeaders(e), subject, text)).toBe(expected);
  });

  it.each([
    ['Hemos recibido tu mensaje.', true],
    ['Abbiamo ricevuto la sua richiesta.', true],
    ['Recebemos sua mensagem!', true],
    ['Wij hebben uw bericht ontvangen.', true],
    ['Otrzymaliśmy Twoją wiadomość.', true],
    ['Vi har tagit emot ditt meddelande.', true],
    ['I am on holiday.', false],
  ])('isAcknowledgement(%s) = %s', (text, expected) => {
    expect(isAcknowledgement('Re: hello', text)).toBe(expected);
  });

  it.each([
    ['I am out of the office.', true],
    ['Ich bin im Urlaub.', true],
    ['Je suis absente du bureau.', true],
    ['Estoy de vacaciones.', true],
    ['Sono in ferie.', true],
    ['Estou de férias.', true],
    ['Ik ben met vakantie.', true],
    ['Jestem na urlopie.', true],
    ['Jag är på semester.', true],
    ['Sounds great, send the draft.', false],
  ])('mentionsAbsence and isShortAbsenceNote(%s) = %s', (text, expected) => {
    expect(mentionsAbsence(text)).toBe(expected);
    expect(isShortAbsenceNote(text)).toBe(expected);
  });
});

describe('automatic answers without auto-reply headers', () => {
  it.each([
    ['This mailbox is not monitored. Replies to this address are not read.', true],
    ['Dit is een automatisch antwoord. Deze mailbox wordt niet gelezen.', true],
    ['Ceci est une réponse automatique. Merci de ne pas répondre.', true],
    ['Questa è una risposta automatica: la sua richiesta è stata registrata.', true],
    ['Esta é uma resposta automática.', true],
    ['Este es un correo automático, por favor no respondas.', true],
    ['Dies ist eine automatisch generierte Eingangsbestätigung.', true],
    ['To jest automatyczna odpowiedź.', true],
    ['Detta är ett automatiskt svar.', true],
    ["We've received your message. Ticket ID: OKP-33917.", true],
    ["We receive many pitches and aren't able to reply to every one individually.", true],
    ["Thanks, we've received your message and will discuss it internally.", false],
    ['Sounds good, what would the article be about?', false],
  ])('declaresAutomatic(%s) = %s', (text, expected) => {
    expect(declaresAutomatic(text)).toBe(expected);
  });

  it('a self-declared automatic answer is AUTO_REPLY, one with an absence an OUT_OF_OFFICE', () => {
    expect(classify(email({ text: 'This is an automated message. This email address is no longer active.' })).intent).toBe('AUTO_REPLY');
    const ooo = classify(email({ subject: 'Re: Proposta', text: 'Questa è una risposta automatica: sono fuori ufficio, rientro previsto il 9 giugno.' }));
    expect(ooo.intent).toBe('OUT_OF_OFFICE');
    expect(ooo.facts.returnDate).toBe('2025-06-09');
  });

  it('a challenge that speaks of junk mail and a verification process is recognised', () => {
    const text = "Hi, I'm protecting myself from receiving junk mail. Please click the link below to complete the verification process. If you do not verify within 72 hours, your original message will be deleted.";
    expect(isChallengeResponse(text)).toBe(true);
    expect(classify(email({ text })).intent).toBe('AUTO_REPLY');
  });

  it('a challenge that asks senders to verify themselves past a spam filter, with no headers, is recognised', () => {
    const text = 'Hello,\n\nMy inbox sits behind a junk filter that asks new senders to verify themselves. For your email to be delivered, click the link below once:\n\nhttps://verify.mailguard.example/c/88f1\n\nThanks.';
    expect(isChallengeResponse(text)).toBe(true);
    expect(classify(email({ subject: 'Action needed: confirm your address', text })).intent).toBe('AUTO_REPLY');
  });

  it('a short first-person absence note in Dutch carries its return date', () => {
    const r = classify(email({ text: 'Bedankt voor je bericht. Ik ben momenteel niet aanwezig. Vanaf maandag 9 juni ben ik weer bereikbaar.' }));
    expect(r.intent).toBe('OUT_OF_OFFICE');
    expect(r.facts.returnDate).toBe('2025-06-09');
  });
});

describe('several recipients in one paragraph', () => {
  const region = 'The following addresses failed:\n  ann@a.example: 550 5.1.1 <ann@a.example>... User unknown\n  bob@b.example: 552 5.2.2 <bob@b.example>... Mailbox full\n\nEnd.';
  it('each recipient is read up to the line that names the next one', () => {
    expect(paragraphAbout(region, 'ann@a.example', ['ann@a.example', 'bob@b.example'])).toBe('ann@a.example: 550 5.1.1 <ann@a.example>... User unknown');
    expect(paragraphAbout(region, 'bob@b.example', ['ann@a.example', 'bob@b.example'])).toBe('bob@b.example: 552 5.2.2 <bob@b.example>... Mailbox full');
  });

  it('each recipient gets its own severity', () => {
    const r = classify(email({ from: daemon, subject: 'Undelivered Mail Returned to Sender', text: region }), ['bob@b.example']);
    expect(r.facts.bounce).toMatchObject({ recipient: 'bob@b.example', kind: 'soft', reason: 'transient' });
  });
});

describe('where the copy of the original message starts', () => {
  it.each([
    ['notice\n------ This is a copy of the message, including all the headers. ------\nFrom: us', 7],
    ['notice\n--- Below this line is a copy of the message.\n', 7],
    ['notice\n> -----Original Message-----\n', 7],
    ['notice\nReceived: from mx.example.org by x\n', 7],
    ['Received: from mx.example.org by x\nnothing after', -1],
    ['no marker at all', -1],
  ])('%j → %s', (text, index) => {
    expect(originalMarkerIndex(text)).toBe(index);
  });
});
