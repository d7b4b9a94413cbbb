import { describe, expect, it } from 'vitest';
import { PollerSupervisor, type ManagedPoller } from '../../../src/ingest/imap/poller-supervisor.ts';
import type { MailboxConfig } from '../../../src/ingest/imap/types.ts';

class FakePoller implements ManagedPoller {
  state: 'new' | 'running' | 'stopped' = 'new';
  constructor(readonly mailbox: MailboxConfig) {}
  start(): void {
    this.state = 'running';
  }
  async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.state = 'stopped';
  }
}

const mailbox = (id: string, password = 'pw'): MailboxConfig => ({
  id,
  address: `${id}@agency.example`,
  imap: { host: 'imap.example', port: 993, secure: true, user: id, password },
  folders: { inbox: 'INBOX', sent: 'Sent' },
});

describe('PollerSupervisor', () => {
  it('starts new, stops removed and restarts changed mailboxes', async () => {
    const created: FakePoller[] = [];
    const sup = new PollerSupervisor((m) => {
      const p = new FakePoller(m);
      created.push(p);
      return p;
    });
    expect(await sup.reconcile([mailbox('a'), mailbox('b')])).toEqual({ started: ['a', 'b'], stopped: [], restarted: [] });
    expect(sup.ids()).toEqual(['a', 'b']);

    const oldA = sup.get('a');
    expect(await sup.reconcile([mailbox('a', 'new-password'), mailbox('c')])).toEqual({ started: ['c'], stopped: ['b'], restarted: ['a'] });
    expect(oldA?.state).toBe('stopped');
    expect(sup.get('a')).not.toBe(oldA);
    expect(sup.get('a')?.state).toBe('running');
    expect(created.find((p) => p.mailbox.id === 'b')?.state).toBe('stopped');

    expect(await sup.reconcile([mailbox('a', 'new-password'), mailbox('c')])).toEqual({ started: [], stopped: [], restarted: [] });
    expect(created).toHaveLength(4);
  });

  it('serialises overlapping reconciles: one poller per mailbox', async () => {
    let creates = 0;
    const sup = new PollerSupervisor((m) => {
      creates++;
      return new FakePoller(m);
    });
    await Promise.all([sup.reconcile([mailbox('a')]), sup.reconcile([mailbox('a')]), sup.reconcile([mailbox('a')])]);
    expect(creates).toBe(1);
  });

  it('stopAll stops everything', async () => {
    const sup = new PollerSupervisor((m) => new FakePoller(m));
    await sup.reconcile([mailbox('a'), mailbox('b')]);
    const pollers = [sup.get('a'), sup.get('b')];
    await sup.stopAll();
    expect(pollers.map((p) => p?.state)).toEqual(['stopped', 'stopped']);
    expect(sup.ids()).toEqual([]);
  });
});
