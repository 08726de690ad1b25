import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/cqrs/index.js';
import type { DomainEvent } from '../../src/index.js';
import { migrate, PostgresOutbox, type SqlClient } from '../../src/postgres/index.js';
import { waitFor } from '../support/brokers.js';
import { events } from './eventsTableSuite.js';
import { asEntries, freshSchema } from './fixtures.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PostgresOutbox's `notify` option: LISTEN/NOTIFY wakes relays right after a commit, on any backend. */
export function outboxNotifySuite(client: () => SqlClient): void {
  describe('PostgresOutbox notifications', () => {
    const schema = freshSchema();
    const other = freshSchema();
    beforeAll(async () => {
      await migrate(client(), { schema });
      await migrate(client(), { schema: other });
    });
    afterAll(async () => {
      for (const name of [schema, other]) await client().query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    });
    const outbox = (notify: boolean, on = schema) => new PostgresOutbox({ client: client(), schema: on, notify });

    /** A relay that only polls once a minute, so that what it publishes soon was woken by a notification. */
    async function sleepyRelay(target: PostgresOutbox) {
      const delivered: DomainEvent[] = [];
      const relay = new OutboxRelay({
        outbox: target,
        publisher: {
          publish: async (event: DomainEvent) => {
            delivered.push(event);
          },
        },
        pollIntervalMs: 60_000,
      });
      relay.start();
      await sleep(100); // its first round, and the LISTEN
      return { relay, delivered };
    }

    it('wakes a relay right after each commit, long before its next poll', async () => {
      const { relay, delivered } = await sleepyRelay(outbox(true));
      try {
        const first = events('notify-plain', 2);
        await outbox(true).add(client(), asEntries(first));
        await waitFor(() => delivered.length === 2, 5000);
        // In a unit of work: the notification goes out with the commit.
        const second = events('notify-uow', 3);
        await client().transaction((tx) => outbox(true).add(tx, asEntries(second)));
        await waitFor(() => delivered.length === 5, 5000);
        expect(delivered.map((event) => event.id)).toEqual([...first, ...second].map((event) => event.id));
      } finally {
        await relay.stop();
      }
    });

    it('without notify, the same relay waits for its next poll', async () => {
      const { relay, delivered } = await sleepyRelay(outbox(false));
      try {
        await outbox(false).add(client(), asEntries(events('no-notify', 2)));
        await sleep(500);
        expect(delivered).toEqual([]);
      } finally {
        await relay.stop();
      }
      // The rows are still there, for the next relay.
      expect(await new OutboxRelay({ outbox: outbox(false), publisher: { publish: async () => {} } }).drain()).toBe(2);
    });

    it('calls the watcher only after the commit, and only for its own schema', async () => {
      let calls = 0;
      const unwatch = outbox(true).watch(() => {
        calls++;
      });
      try {
        await sleep(100);
        await outbox(true, other).add(client(), asEntries(events('other-schema', 1)));
        await sleep(200);
        expect(calls).toBe(0);
        const committed = client().transaction(async (tx) => {
          await outbox(true).add(tx, asEntries(events('before-commit', 1)));
          await sleep(200);
          expect(calls).toBe(0);
        });
        await committed;
        await waitFor(() => calls === 1, 5000);
        // A unit of work that rolls back notifies nobody.
        await expect(
          client().transaction(async (tx) => {
            await outbox(true).add(tx, asEntries(events('rolled-back', 1)));
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        await sleep(200);
        expect(calls).toBe(1);
      } finally {
        unwatch();
      }
      await sleep(50);
      await outbox(true).add(client(), asEntries(events('after-unwatch', 1)));
      await sleep(200);
      expect(calls).toBe(1);
    });

    it('rejects a notify that is not a boolean, and a watch its client cannot listen for, with ValidationError', async () => {
      expect(() => new PostgresOutbox({ client: client(), schema, notify: 'yes' as unknown as boolean })).toThrow(
        expect.objectContaining({ name: 'ValidationError', field: 'notify', rule: 'invalid_type' }),
      );
      // A client without listen (a transaction's, say) still sends: a watcher elsewhere hears it.
      const deaf: SqlClient = { query: client().query, transaction: client().transaction };
      let calls = 0;
      const unwatch = outbox(true).watch(() => {
        calls++;
      });
      try {
        await sleep(100);
        const sender = new PostgresOutbox({ client: deaf, schema, notify: true });
        await sender.add(client(), asEntries(events('deaf-sender', 1)));
        await waitFor(() => calls === 1, 5000);
        expect(() => sender.watch(() => undefined)).toThrow(
          expect.objectContaining({ name: 'ValidationError', field: 'client', rule: 'listen_unsupported' }),
        );
      } finally {
        unwatch();
      }
      // Without notify, any client does; its watch never calls back.
      expect(new PostgresOutbox({ client: deaf, schema }).watch(() => expect.unreachable())).toBeTypeOf('function');
    });
  });
}
