import { createServer, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { testImapConnection, testSmtpConnection } from '../../src/ingest/imap/adapters/connection-test.ts';
import type { MailServerConfig } from '../../src/ingest/imap/types.ts';
import { dovecotAvailable, dovecotSkipReason, freePort, startDovecot, type Dovecot } from '../support/dovecot.ts';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected the connection test to fail');
}

/** A TCP server that accepts connections and never says a word: what a firewall black hole or a TLS port looks like. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}


/** A resolver for a name no real DNS knows: its answers in turn (a rebinding name), lookups counted. */
function rebindingResolver(...answers: string[]): { resolve: (host: string) => Promise<Array<{ address: string; family: number }>>; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (host: string) => {
      calls.push(host);
      return [{ address: answers[Math.min(calls.length - 1, answers.length - 1)]!, family: 4 }];
    },
  };
}

describe('SMTP connection test against an in-process smtp-server', () => {
  let plain: SMTPServer;
  let tls: SMTPServer;
  let plainPort: number;
  let tlsPort: number;
  const auth = (user: string, pass: string) => ({ host: '127.0.0.1', user, password: pass });

  beforeAll(async () => {
    const onAuth: ConstructorParameters<typeof SMTPServer>[0] = {
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(a, _session, cb) {
        if (a.username === 'sender' && a.password === 'right') cb(null, { user: a.username });
        else cb(new Error('Invalid username or password'));
      },
      logger: false,
    };
    plain = new SMTPServer({ ...onAuth, allowInsecureAuth: true, disabledCommands: ['STARTTLS'] });
    // secure: true with smtp-server's bundled self-signed certificate.
    tls = new SMTPServer({ ...onAuth, secure: true });
    // The client hanging up on the untrusted certificate is reported by the server as an error event.
    tls.on('error', () => {});
    plain.on('error', () => {});
    plainPort = await freePort();
    tlsPort = await freePort();
    await new Promise<void>((r) => plain.listen(plainPort, '127.0.0.1', r));
    await new Promise<void>((r) => tls.listen(tlsPort, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise<void>((r) => plain.close(() => r()));
    await new Promise<void>((r) => tls.close(() => r()));
  });

  it('resolves with the right credentials', async () => {
    await expect(testSmtpConnection({ ...auth('sender', 'right'), port: plainPort, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: true })).resolves.toBeUndefined();
  });

  it('names a rejected login', async () => {
    const e = await failure(testSmtpConnection({ ...auth('sender', 'wrong'), port: plainPort, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'smtp.password', retryable: false });
    expect(e.message).toMatch(/SMTP login as "sender" .* was rejected/);
  });

  it('names a refused port', async () => {
    const port = await freePort();
    const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), port, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'smtp.port' });
    expect(e.message).toMatch(/refused/);
  });

  it('names a TLS mismatch (TLS expected, plain server)', async () => {
    const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), port: plainPort, secure: true }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'smtp.secure' });
    expect(e.message).toMatch(/TLS/);
  });

  it('names an untrusted (self-signed) certificate as a TLS failure', async () => {
    const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), port: tlsPort, secure: true }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'smtp.secure' });
    expect(e.message).toMatch(/certificate/i);
  });

  it('times out quickly on a server that never greets', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), port: silent.port, secure: false }, { timeoutMs: 500, allowPrivateHosts: true }));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(e).toMatchObject({ code: 'VALIDATION', retryable: false });
      expect(e.message).toMatch(/did not answer/);
    } finally {
      await silent.close();
    }
  });

  it('refuses loopback, private, link-local and unique-local hosts unless ALLOW_PRIVATE_HOSTS, even when a server answers there', async () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::ffff:127.0.0.1]', '::ffff:7f00:1', '10.1.2.3', '169.254.169.254', 'fd00::1', 'fe80::1']) {
      const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), host, port: plainPort, secure: false }, { timeoutMs: 3_000 }));
      expect(e, host).toMatchObject({ code: 'VALIDATION', field: 'smtp.host' });
      if (host === 'localhost') expect(e.message).not.toMatch(/127\.0\.0\.1|::1/); // what a name resolves to stays ours
    }
    await expect(testSmtpConnection({ ...auth('sender', 'right'), port: plainPort, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: true })).resolves.toBeUndefined();
  });

  it('answers a closed port and a silent (filtered-looking) one with the same message, both after the deadline', async () => {
    const silent = await silentServer();
    const closed = await freePort();
    try {
      const timed = async (port: number) => {
        const started = Date.now();
        const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), port, secure: false }, { timeoutMs: 700, allowPrivateHosts: true }));
        return { elapsed: Date.now() - started, code: e.code, field: e.field, message: e.message.replace(`:${port}`, ':PORT') };
      };
      const [a, b] = [await timed(closed), await timed(silent.port)];
      expect({ ...a, elapsed: 0 }).toEqual({ ...b, elapsed: 0 });
      // the refused port answers at once on loopback: the answer waits out the same 700 ms deadline
      expect(a.elapsed).toBeGreaterThanOrEqual(690);
      expect(b.elapsed).toBeGreaterThanOrEqual(690);
    } finally {
      await silent.close();
    }
  });

  it('connects to the address it resolved and checked, never resolving the name again (DNS rebinding)', async () => {
    // the first answer is where the test's server listens; any later one is an unroutable address,
    // and the system resolver does not know the name at all: only the checked address can log in
    const dns = rebindingResolver('127.0.0.1', '10.255.255.1');
    await expect(testSmtpConnection({ ...auth('sender', 'right'), host: 'smtp.rebind.test', port: plainPort, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: true, resolve: dns.resolve })).resolves.toBeUndefined();
    expect(dns.calls).toEqual(['smtp.rebind.test']);
  });

  it('refuses a name with any private answer before connecting', async () => {
    let connections = 0;
    const counting = new SMTPServer({ logger: false, authOptional: true, onConnect: (_s, cb) => { connections++; cb(); } });
    const port = await freePort();
    await new Promise<void>((r) => counting.listen(port, '127.0.0.1', r));
    try {
      const dns = { resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }] };
      const e = await failure(testSmtpConnection({ ...auth('sender', 'right'), host: 'smtp.rebind.test', port, secure: false }, { timeoutMs: 3_000, allowPrivateHosts: false, resolve: dns.resolve }));
      expect(e).toMatchObject({ code: 'VALIDATION', field: 'smtp.host' });
      expect(e.message).not.toMatch(/127\.0\.0\.1|93\.184/);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => counting.close(() => r()));
    }
  });

  it('names a host that does not resolve', async () => {
    const e = await failure(testSmtpConnection({ host: 'no-such-host.invalid', port: 587, secure: false, user: 'x', password: 'y' }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e.field).toBe('smtp.host');
    expect(e.message).toMatch(/could not be (found|resolved)/);
  });
});

describe.skipIf(!dovecotAvailable)(`IMAP connection test against a real Dovecot${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let dovecot: Dovecot;
  let good: MailServerConfig;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: [{ user: 'owner', password: 'right' }] });
    good = { host: dovecot.host, port: dovecot.port, secure: false, user: 'owner', password: 'right' };
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('resolves with the right credentials and an existing folder', async () => {
    await expect(testImapConnection(good, { timeoutMs: 3_000, folder: 'INBOX', allowPrivateHosts: true })).resolves.toBeUndefined();
  });

  it('names a missing folder', async () => {
    const e = await failure(testImapConnection(good, { timeoutMs: 3_000, folder: 'No Such Folder', allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'imap.folders' });
    expect(e.message).toMatch(/No Such Folder/);
  });

  it('names a refused port', async () => {
    const e = await failure(testImapConnection({ ...good, port: await freePort() }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'imap.port' });
    expect(e.message).toMatch(/refused.*993 with TLS or 143 without/);
  });

  it('names a TLS mismatch (TLS expected, plain server)', async () => {
    const e = await failure(testImapConnection({ ...good, secure: true }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'imap.secure' });
    expect(e.message).toMatch(/TLS/);
  });

  it('times out quickly on a server that never greets', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const e = await failure(testImapConnection({ ...good, port: silent.port }, { timeoutMs: 500, allowPrivateHosts: true }));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(e).toMatchObject({ code: 'VALIDATION', retryable: false });
      expect(e.message).toMatch(/did not answer/);
    } finally {
      await silent.close();
    }
  });

  it('connects to the address it resolved and checked, never resolving the name again (DNS rebinding)', async () => {
    const dns = rebindingResolver(dovecot.host, '10.255.255.1');
    await expect(testImapConnection({ ...good, host: 'imap.rebind.test' }, { timeoutMs: 3_000, folder: 'INBOX', allowPrivateHosts: true, resolve: dns.resolve })).resolves.toBeUndefined();
    expect(dns.calls).toEqual(['imap.rebind.test']);
  });

  it('names a host that does not resolve', async () => {
    const e = await failure(testImapConnection({ ...good, host: 'no-such-host.invalid' }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e.field).toBe('imap.host');
    expect(e.message).toMatch(/could not be (found|resolved)/);
  });

  // Last: Dovecot's auth penalty slows every later login from this IP after a failed one.
  it('names a rejected login', async () => {
    const e = await failure(testImapConnection({ ...good, password: 'wrong' }, { timeoutMs: 3_000, allowPrivateHosts: true }));
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'imap.password', retryable: false });
    expect(e.message).toMatch(/IMAP login as "owner" .* was rejected/);
  });
});
