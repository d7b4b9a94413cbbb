/**
 * The embedded database runs each statement in this thread and resolves at once, so a chain of awaited
 * statements used to run as one stretch of microtasks: no timer fired, no socket was read, and
 * `/healthz` waited for the whole transaction. The adapter lets the event loop turn before each
 * statement (src/db/pglite.ts). Asserted by order, not by time: a timer due before a long transaction
 * fires while it runs, and an HTTP request sent meanwhile is answered before it commits.
 */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/pglite.ts';

describe('PGlite adapter: the event loop turns between statements', () => {
  let db: Awaited<ReturnType<typeof createPgliteDb>>;
  beforeAll(async () => {
    db = await createPgliteDb(undefined);
    await db.exec('create table turns (id serial primary key, v text)');
  });
  afterAll(() => db.close());

  it('a timer due before a 200-statement transaction fires before the transaction ends', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await db.transaction(async (tx) => {
      for (let i = 0; i < 200; i++) await tx.query('insert into turns (v) values ($1)', [`row ${i}`]);
      order.push('last statement');
    });
    expect(order).toEqual(['timer', 'last statement']);
  });

  it('an HTTP request that arrives during a long transaction is answered before it commits', async () => {
    const order: string[] = [];
    const server = createServer((_req, res) => {
      order.push('answered');
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      let requested = false;
      let n = 0;
      const answer = new Promise<void>((resolve, reject) => {
        // The request leaves once the transaction has started; the server must read it while the transaction runs.
        const go = () => get(`http://127.0.0.1:${port}/healthz`, { agent: false }, (res) => res.resume().on('end', resolve)).on('error', reject);
        setImmediate(() => {
          requested = true;
          go();
        });
      });
      await db.transaction(async (tx) => {
        for (; n < 2_000 && !order.includes('answered'); n++) await tx.query('select count(*) from turns');
        order.push(requested ? 'transaction done' : 'transaction done before the request left');
      });
      await answer;
      expect(order).toEqual(['answered', 'transaction done']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
