/**
 * Wiring for IMAP tests: a mailbox config pointing at the test Dovecot and a poller with short,
 * test-friendly timings, plus an event recorder.
 */
import { ImapPoller, type ImapPollerOptions, type PollerEvent } from '../../src/ingest/imap/adapters/imap-poller.ts';
import type { MailboxConfig } from '../../src/ingest/imap/types.ts';
import type { Dovecot } from './dovecot.ts';

export function mailboxFor(dovecot: Dovecot, user: string, password: string, id = `mbx_${user}`): MailboxConfig {
  return {
    id,
    address: `${user}@agency.example`,
    imap: { host: dovecot.host, port: dovecot.port, secure: false, user, password },
    folders: { inbox: 'INBOX', sent: 'Sent' },
  };
}

export interface RecordedPoller {
  poller: ImapPoller;
  events: PollerEvent[];
  count(type: PollerEvent['type']): number;
}

type TestPollerOptions = Omit<ImapPollerOptions, 'holderId'> & { holderId?: string };

export function testPoller(opts: TestPollerOptions): RecordedPoller {
  const events: PollerEvent[] = [];
  const poller = new ImapPoller({
    holderId: 'holder-1',
    pollIntervalMs: 60_000,
    leaseTtlMs: 3_000,
    leaseRetryMs: 100,
    backoff: { baseMs: 100, maxMs: 1_000, factor: 2 },
    initialSync: 'all',
    connectTimeoutMs: 3_000,
    stopTimeoutMs: 3_000,
    // The test Dovecot listens on loopback (ALLOW_PRIVATE_HOSTS, as the test services set it).
    hosts: { allowPrivateHosts: true },
    ...opts,
    onEvent: (e) => {
      events.push(e);
      opts.onEvent?.(e);
    },
  });
  return { poller, events, count: (type) => events.filter((e) => e.type === type).length };
}
