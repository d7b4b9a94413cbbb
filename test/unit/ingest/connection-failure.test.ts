import { describe, it, expect } from 'vitest';
import { classifyConnectionFailure, connectionFailureError, errorFacts, type ConnectionFailureKind } from '../../../src/ingest/imap/connection-failure.ts';

const err = (message: string, props: Record<string, unknown> = {}) => Object.assign(new Error(message), props);

describe('classifyConnectionFailure', () => {
  const table: Array<[string, unknown, ConnectionFailureKind]> = [
    ['imapflow auth failure', err('Authentication failed', { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' }), 'auth'],
    ['nodemailer EAUTH', err('Invalid login: 535 5.7.8', { code: 'EAUTH', responseCode: 535 }), 'auth'],
    ['SMTP 535 without a code', err('535 Authentication credentials invalid', { responseCode: 535 }), 'auth'],
    ['Node DNS failure', err('getaddrinfo ENOTFOUND mail.example.invalid', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), 'dns'],
    ['nodemailer EDNS wrapping ENOTFOUND', err('getaddrinfo ENOTFOUND x.invalid', { code: 'EDNS' }), 'dns'],
    ['temporary DNS failure', err('getaddrinfo EAI_AGAIN mail.example.com', { code: 'EAI_AGAIN' }), 'dns-temporary'],
    ['refused (imapflow passes Node errors through)', err('connect ECONNREFUSED 127.0.0.1:143', { code: 'ECONNREFUSED' }), 'refused'],
    ['refused (nodemailer ESOCKET + originalCode)', err('connect ECONNREFUSED 127.0.0.1:1', { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }), 'refused'],
    ['refused, found in the cause chain', err('connection failed', { cause: err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) }), 'refused'],
    ['refused, found in imapflow _err', err('connection failed', { _err: err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }) }), 'refused'],
    ['host unreachable', err('connect EHOSTUNREACH', { code: 'EHOSTUNREACH' }), 'unreachable'],
    ['OpenSSL wrong version (TLS against a plain port)', err('ssl3_get_record:wrong version number', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 'tls'],
    ['self-signed certificate', err('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls'],
    ['hostname mismatch', err("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls'],
    ['nodemailer ETLS', err('STARTTLS failed', { code: 'ETLS' }), 'tls'],
    ['imapflow tlsFailed', err('TLS upgrade failed', { tlsFailed: true }), 'tls'],
    ['imapflow greeting timeout (its "Maybe should use TLS?" is only a hint)', err('Failed to receive greeting from server in required time. Maybe should use TLS?', { code: 'GREETING_TIMEOUT' }), 'timeout'],
    ['imapflow connect timeout', err('Connection timed out', { code: 'CONNECT_TIMEOUT' }), 'timeout'],
    ['nodemailer ETIMEDOUT', err('Greeting never received', { code: 'ETIMEDOUT' }), 'timeout'],
    ['reset', err('read ECONNRESET', { code: 'ECONNRESET' }), 'closed'],
    ['imapflow unexpected close', err('Unexpected close', { code: 'ClosedAfterConnectText' }), 'closed'],
    ['missing folder', err('Mailbox does not exist', { mailboxMissing: true }), 'mailbox-missing'],
    ['anything else', err('something odd'), 'other'],
    ['a thrown string', 'boom', 'other'],
  ];
  it.each(table)('%s', (_name, e, expected) => {
    expect(classifyConnectionFailure(errorFacts(e))).toBe(expected);
  });

  it('survives a cyclic cause chain', () => {
    const a = err('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(classifyConnectionFailure(errorFacts(a))).toBe('other');
  });
});

describe('connectionFailureError', () => {
  const target = { host: 'imap.example.com', port: 143, secure: false, user: 'me@example.com' };
  it('makes user-fixable problems VALIDATION with the field, transient ones UPSTREAM and retryable', () => {
    const auth = connectionFailureError('IMAP', target, err('x', { authenticationFailed: true }), 5_000);
    expect(auth).toMatchObject({ code: 'VALIDATION', field: 'imap.password', retryable: false });
    const refused = connectionFailureError('SMTP', { ...target, port: 25 }, err('x', { code: 'ECONNREFUSED' }), 5_000);
    expect(refused).toMatchObject({ code: 'VALIDATION', field: 'smtp.port' });
    expect(refused.message).toContain('465 with TLS or 587 with STARTTLS');
    const timeout = connectionFailureError('IMAP', target, err('x', { code: 'GREETING_TIMEOUT' }), 5_000);
    expect(timeout).toMatchObject({ code: 'VALIDATION', field: 'imap.port' });
    expect(timeout.message).toMatch(/did not answer within 5 s.*993 wants it on/);
  });
  it('answers a closed, a filtered and a silent port alike (no port-scanning oracle)', () => {
    const same = ['ECONNREFUSED', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'ECONNRESET'].map((code) => {
      const e = connectionFailureError('IMAP', target, err(`${code} details`, { code }), 5_000);
      return { code: e.code, field: e.field, status: e.retryable, message: e.message };
    });
    for (const s of same) expect(s).toEqual(same[0]);
  });
  it('keeps the original error as the cause', () => {
    const original = err('x', { code: 'ENOTFOUND' });
    expect(connectionFailureError('IMAP', target, original, 1_000).cause).toBe(original);
  });
});
