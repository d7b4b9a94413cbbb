/**
 * Scale-out: one API, three worker processes and two poller processes on one PostgreSQL, with three
 * mailboxes in a real Dovecot receiving mail while they run. No message is ingested or processed twice
 * (one row per Message-ID, unique step events, at most one reply per message), and no mailbox is ever
 * polled by two processes at once (the lease table is sampled throughout, and Dovecot's own log shows
 * at most one IMAP session per mailbox user at any moment).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createTestDb, type TestDb } from '../support/test-db.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';
import { dovecotAvailable, dovecotSkipReason, freePort, startDovecot, type Dovecot } from '../support/dovecot.ts';
import { killAllServices, spawnService, startFastSupervisor, type ServiceProc } from '../support/chaos-procs.ts';
import { httpJson, seedWorkspace } from '../support/chaos-http.ts';
import { duplicateEvents, pendingCount, replyText, sleep, statusCounts } from '../support/chaos-pipeline.ts';
import { waitFor } from '../support/wait-for.ts';

const USERS = ['mb1', 'mb2', 'mb3'];
const ROUNDS = 4;
const PER_ROUND = 15;

/** Overlapping IMAP sessions per user in Dovecot's log (login → disconnect, keyed by session id). */
function maxConcurrentSessions(log: string): Record<string, number> {
  const open = new Map<string, Set<string>>();
  const max: Record<string, number> = {};
  for (const line of log.split('\n')) {
    const login = /imap-login: (?:Info: )?Login: user=<([^>]+)>.*session=<([^>]+)>/.exec(line);
    if (login) {
      const [, user, session] = login as unknown as [string, string, string];
      const set = open.get(user) ?? new Set<string>();
      set.add(session);
      open.set(user, set);
      max[user] = Math.max(max[user] ?? 0, set.size);
      continue;
    }
    const gone = /imap\(([^)]+)\)<\d+><([^>]+)>: (?:Info: )?Disconnected/.exec(line);
    if (gone) open.get(gone[1]!)?.delete(gone[2]!);
  }
  return max;
}

describe.skipIf(!dovecotAvailable)(`three workers and two pollers on one database${dovecotAvailable ? '' : ` (skipped: ${dovecotSkipReason})`}`, () => {
  let t: TestDb;
  let dovecot: Dovecot;
  let smtp: SMTPServer;
  const replies: Array<{ inReplyTo: string }> = [];
  let base = '';
  let env: Record<string, string> = {};
  const procs: ServiceProc[] = [];
  let supervisor: { stop(): Promise<void> } | null = null;

  beforeAll(async () => {
    dovecot = await startDovecot({ users: USERS.map((u) => ({ user: u, password: `pw-${u}` })) });
    smtp = new SMTPServer({
      authOptional: false, allowInsecureAuth: true, disabledCommands: ['STARTTLS'], logger: false,
      onAuth: (_a, _s, cb) => cb(null, { user: 'ok' }),
      onData: (stream, _session, cb) => {
        simpleParser(stream).then((m) => {
          replies.push({ inReplyTo: m.inReplyTo ?? '' });
          cb();
        }, (e: Error) => cb(e));
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    t = await createTestDb('postgres');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { DATABASE_URL: t.url!, ADMIN_TOKEN, SECRET_KEY: 'k'.repeat(40), JOB_HEARTBEAT_SECONDS: '10' };
    const api = spawnService({ name: 'api', role: 'api', env: { ...env, PORT: String(port) } });
    procs.push(api);
    await api.started;
  }, 60_000);

  afterAll(async () => {
    await supervisor?.stop().catch(() => {});
    await killAllServices();
    await t?.drop();
    if (process.env['CHAOS_DOVECOT_LOG']) console.log(dovecot?.readLog().slice(-3000));
    await dovecot?.stop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  }, 60_000);

  it('processes each message once and never lets two pollers hold one mailbox', async () => {
    const s = await seedWorkspace(base, 'Chaos Scale');
    // Nothing is answered automatically here: a reply's copy to Sent is an IMAP session of a worker, and
    // only the pollers' sessions may be counted per mailbox (sends under chaos: kill-worker.test.ts).
    const gates = await httpJson(base, 'PUT', `/v1/link-building/gates?workspaceId=${s.ws}`, { token: s.key, body: { autoReplyIntents: [] } });
    expect(gates.status, JSON.stringify(gates.body)).toBe(200);
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const mailboxes: string[] = [];
    for (const u of USERS) {
      const mb = await httpJson<{ id: string }>(base, 'POST', '/v1/mailboxes', {
        token: s.key,
        body: {
          workspaceId: s.ws, address: `${u}@agency.example`,
          imap: { host: dovecot.host, port: dovecot.port, secure: false, user: u, password: `pw-${u}` },
          smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: u, password: `pw-${u}` },
          folders: { inbox: 'INBOX', sent: 'Sent' },
        },
      });
      expect(mb.status, JSON.stringify(mb.body)).toBe(201);
      mailboxes.push(mb.body.id);
    }
    const logBefore = dovecot.readLog().length;

    // two pollers race for the mailboxes; three workers share the pipeline
    for (let n = 0; n < 2; n++) procs.push(spawnService({ name: `poller-${n}`, role: 'poller', env }));
    for (let n = 0; n < 3; n++) procs.push(spawnService({ name: `worker-${n}`, role: 'worker', env }));
    await Promise.all(procs.map((p) => p.started));
    supervisor = await startFastSupervisor(t.url!);

    // sample the lease table while mail arrives
    const holders = new Map<string, Set<string>>();
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await t.db.query<{ mailbox_id: string; holder_id: string; live: boolean }>('select mailbox_id, holder_id, expires_at > now() as live from mailbox_lease');
        for (const r of rows) {
          if (!r.live) continue;
          const set = holders.get(r.mailbox_id) ?? new Set<string>();
          set.add(r.holder_id.split(':').slice(0, 2).join(':'));
          holders.set(r.mailbox_id, set);
        }
        samples++;
        await sleep(100);
      }
    })();

    const pollerOf = (holderId: string): ServiceProc | undefined => {
      const pid = holderId.split(':')[1] ?? '';
      let group = pid;
      try {
        group = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]!;
      } catch {
        // gone already
      }
      return procs.find((p) => String(p.pid) === group || String(p.pid) === pid);
    };
    const stopLeaseHolder = async (): Promise<string> => {
      const { rows } = await t.db.query<{ holder_id: string }>('select holder_id from mailbox_lease where expires_at > now() limit 1');
      const holder = rows[0] ? pollerOf(rows[0].holder_id) : undefined;
      if (!holder) return 'none';
      await holder.stop();
      return holder.name;
    };
    let handedOverFrom = '';
    const delivered: string[] = [];
    let k = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const u of USERS) {
        for (let j = 0; j < PER_ROUND; j++, k++) {
          const id = `<scale-${k}@site${k}.example>`;
          delivered.push(id);
          const raw = [`From: Editor ${k} <editor${k}@site${k}-scale.example>`, `To: ${u}@agency.example`, 'Subject: Re: Guest post idea', `Message-ID: ${id}`,
            'Content-Type: text/plain; charset=utf-8', '', replyText(k), ''].join('\r\n');
          await dovecot.deliver(u, raw);
        }
      }
      await sleep(1_500);
      if (round === 1) {
        // hand over: the poller holding the leases shuts down (SIGTERM) and the other takes them
        handedOverFrom = await stopLeaseHolder();
      }
    }

    await waitFor(async () => {
      const { rows } = await t.db.query<{ n: number }>('select count(*)::int as n from inbound_messages');
      return rows[0]!.n >= delivered.length;
    }, { timeoutMs: 45_000, intervalMs: 250, what: 'every delivered message to be ingested' });
    const ingested = await t.db.query<{ id: string; message_id: string }>('select id, message_id from inbound_messages');
    const ids = ingested.rows.map((r) => r.id);
    await waitFor(async () => (await pendingCount(t.db, ids)) === 0, { timeoutMs: 45_000, intervalMs: 250, what: 'every message to reach a final status' }).catch(async (e: unknown) => {
      throw new Error(`${(e as Error).message}: ${JSON.stringify(await statusCounts(t.db))}`);
    });
    sampling = false;
    await sampler;

    // each message ingested exactly once
    const perMessageId = new Map<string, number>();
    for (const r of ingested.rows) perMessageId.set(r.message_id, (perMessageId.get(r.message_id) ?? 0) + 1);
    expect([...perMessageId.values()].filter((n) => n > 1)).toEqual([]);
    expect([...perMessageId.keys()].sort()).toEqual([...delivered].sort());
    // processed once: unique step events, at most one reply per message, one send row per auto-reply
    const dups = await duplicateEvents(t.db);
    expect(dups).toEqual([]);
    const perReply = new Map<string, number>();
    for (const r of replies) perReply.set(r.inReplyTo, (perReply.get(r.inReplyTo) ?? 0) + 1);
    expect([...perReply.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const sends = await t.db.query<{ status: string; n: number }>('select status, count(*)::int as n from outbound_sends group by status');
    const sendStatus = Object.fromEntries(sends.rows.map((r) => [r.status, r.n]));
    expect(sendStatus['SENT'] ?? 0).toBe(replies.length);
    expect(handedOverFrom).toMatch(/^poller-/);

    // never two pollers on one mailbox: the lease moved once at most (at the hand-over)...
    const holderCounts = Object.fromEntries(mailboxes.map((m) => [m, holders.get(m)?.size ?? 0]));
    for (const m of mailboxes) expect(holders.get(m)?.size ?? 0).toBeLessThanOrEqual(2);
    // ...and Dovecot never saw two sessions of one mailbox user at once
    const concurrent = maxConcurrentSessions(dovecot.readLog().slice(logBefore));
    for (const u of USERS) expect(concurrent[u] ?? 0, JSON.stringify(concurrent)).toBeLessThanOrEqual(1);
    const owners = [...new Set([...holders.values()].flatMap((h) => [...h]))].map((h) => pollerOf(h)?.name ?? h);
    console.info(
      `[chaos scale-out] workers=3 pollers=2 mailboxes=${USERS.length} delivered=${delivered.length} ingested=${ingested.rows.length} statuses=${JSON.stringify(await statusCounts(t.db))} ` +
        `smtpReplies=${replies.length} sends=${JSON.stringify(sendStatus)} duplicateEvents=${dups.length} leaseSamples=${samples} holdersPerMailbox=${JSON.stringify(holderCounts)} ` +
        `leaseOwners=${JSON.stringify(owners)} handedOverFrom=${handedOverFrom} maxImapSessionsPerUser=${JSON.stringify(concurrent)}`,
    );
  }, 110_000);
});
