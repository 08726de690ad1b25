import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Inbox, type InboxOutcome, ValidationError } from '../../src/index.js';
import { caught } from '../support/caught.js';

/** An inbox under test, with a way for handlers to write something and to read it back. */
export interface InboxFixture<TTransaction> {
  readonly inbox: Inbox<TTransaction> & Required<Pick<Inbox<TTransaction>, 'handleBatch'>>;
  /** Writes `value` in the handler's transaction. */
  write(tx: TTransaction, value: string): Promise<void>;
  /** Every value written by a committed handler, in commit order. */
  written(): Promise<readonly string[]>;
}

let unique = 0;
/** A consumer name no other test of the suite uses, so fixtures can share one inbox table. */
const consumerName = (): string => `consumer-${++unique}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * What every inbox's `handleBatch` does, on any implementation: the same outcomes and the same
 * recorded writes as `handleOnce` called for each message in turn, in one commit.
 */
export function inboxSuite<TTransaction>(name: string, fixture: () => Promise<InboxFixture<TTransaction>>): void {
  describe(`${name}.handleBatch`, () => {
    it('handles the messages in order, skips stored duplicates, and commits the writes', async () => {
      const { inbox, write, written } = await fixture();
      const consumer = consumerName();
      expect(await inbox.handleOnce(consumer, 'm2', (tx) => write(tx, 'm2 first'))).toBe(true);
      const outcomes = await inbox.handleBatch(
        consumer,
        ['m1', 'm2', 'm3'].map((id) => ({ messageId: id, handler: (tx: TTransaction) => write(tx, id) })),
      );
      expect(outcomes).toEqual([{ status: 'handled' }, { status: 'duplicate' }, { status: 'handled' }]);
      expect(await written()).toEqual(['m2 first', 'm1', 'm3']);
      expect(await inbox.handleOnce(consumer, 'm3', (tx) => write(tx, 'again'))).toBe(false);
    });

    it('undoes a failing handler (writes and inbox row) without failing its neighbours', async () => {
      const { inbox, write, written } = await fixture();
      const consumer = consumerName();
      const boom = new Error('handler failed');
      const outcomes = await inbox.handleBatch(consumer, [
        { messageId: 'a', handler: (tx) => write(tx, 'a') },
        {
          messageId: 'b',
          handler: async (tx) => {
            await write(tx, 'b (rolled back)');
            throw boom;
          },
        },
        { messageId: 'c', handler: (tx) => write(tx, 'c') },
      ]);
      expect(outcomes).toEqual([{ status: 'handled' }, { status: 'failed', error: boom }, { status: 'handled' }]);
      expect(await written()).toEqual(['a', 'c']);
      // Not recorded: a redelivery runs it again.
      expect(await inbox.handleOnce(consumer, 'b', (tx) => write(tx, 'b'))).toBe(true);
      expect(await written()).toEqual(['a', 'c', 'b']);
    });

    it('handles an id given twice once; the second copy shares the first one’s fate', async () => {
      const { inbox, write, written } = await fixture();
      const consumer = consumerName();
      const boom = new Error('no');
      const outcomes = await inbox.handleBatch(consumer, [
        { messageId: 'x', handler: (tx) => write(tx, 'x') },
        { messageId: 'x', handler: (tx) => write(tx, 'x again') },
        {
          messageId: 'y',
          handler: async () => {
            throw boom;
          },
        },
        { messageId: 'y', handler: (tx) => write(tx, 'y') },
      ]);
      expect(outcomes).toEqual([
        { status: 'handled' },
        { status: 'duplicate' },
        { status: 'failed', error: boom },
        { status: 'failed', error: boom },
      ]);
      expect(await written()).toEqual(['x']);
    });

    it('rejects an empty consumer or message id with a ValidationError naming it, and handles nothing', async () => {
      const { inbox, write, written } = await fixture();
      const error = await caught(() =>
        inbox.handleBatch(consumerName(), [
          { messageId: 'ok', handler: (tx) => write(tx, 'ok') },
          { messageId: '', handler: (tx) => write(tx, 'empty') },
        ]),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'messages.1.messageId', rule: 'invalid_id' });
      const noConsumer = await caught(() => inbox.handleBatch('', [{ messageId: 'ok', handler: async () => {} }]));
      expect(noConsumer).toMatchObject({ field: 'consumer', rule: 'invalid_id' });
      expect(await written()).toEqual([]);
      expect(await inbox.handleBatch(consumerName(), [])).toEqual([]);
    });

    it('refuses ids an inbox cannot record faithfully (lone surrogates, U+0000, too long) before any write', async () => {
      const { inbox, write, written } = await fixture();
      const cases: readonly [string, string, string][] = [
        ['m-\uD800', 'messages.1.messageId', 'unsupported_character'],
        ['m-\uDC00x', 'messages.1.messageId', 'unsupported_character'],
        ['m-\u0000', 'messages.1.messageId', 'unsupported_character'],
        ['m'.repeat(513), 'messages.1.messageId', 'too_long'],
      ];
      for (const [messageId, field, rule] of cases) {
        const batch = caught(() =>
          inbox.handleBatch(consumerName(), [
            { messageId: 'ok', handler: (tx) => write(tx, 'ok') },
            { messageId, handler: (tx) => write(tx, 'bad') },
          ]),
        );
        expect(await batch).toMatchObject({ name: 'ValidationError', field, rule });
        const once = await caught(() => inbox.handleOnce(consumerName(), messageId, (tx) => write(tx, 'bad')));
        expect(once).toMatchObject({ name: 'ValidationError', field: 'messageId', rule });
      }
      const longConsumer = await caught(() => inbox.handleOnce('c'.repeat(257), 'ok', (tx) => write(tx, 'bad')));
      expect(longConsumer).toMatchObject({ field: 'consumer', rule: 'too_long' });
      expect(await written()).toEqual([]);
      // A well-formed astral character (a surrogate pair) is fine, and the longest ids are recorded.
      expect(await inbox.handleOnce(consumerName(), 'm-\u{1F600}', (tx) => write(tx, 'pair'))).toBe(true);
      expect(await inbox.handleOnce('c'.repeat(256), 'm'.repeat(512), (tx) => write(tx, 'long'))).toBe(true);
      expect(await written()).toEqual(['pair', 'long']);
    });

    it('gives the outcomes and writes of handleOnce called for each message in turn', async () => {
      const messages = fc.array(
        fc.record({ id: fc.constantFrom('p', 'q', 'r', 's'), fails: fc.boolean(), stored: fc.boolean() }),
        { maxLength: 8 },
      );
      await fc.assert(
        fc.asyncProperty(messages, async (batch) => {
          const one = await fixture();
          const other = await fixture();
          const [batched, sequential] = [consumerName(), consumerName()];
          // Some ids handled before the batch, by both.
          for (const { id } of batch.filter((m) => m.stored)) {
            await one.inbox.handleOnce(batched, id, (tx) => one.write(tx, `${batched}:${id}:before`));
            await other.inbox.handleOnce(sequential, id, (tx) => other.write(tx, `${sequential}:${id}:before`));
          }
          const handler =
            (f: InboxFixture<TTransaction>, consumer: string, m: (typeof batch)[number], n: number) =>
            async (tx: TTransaction) => {
              await f.write(tx, `${consumer}:${m.id}:${n}`);
              if (m.fails) throw new Error(`${m.id} fails`);
            };
          const outcomes = await one.inbox.handleBatch(
            batched,
            batch.map((m, n) => ({ messageId: m.id, handler: handler(one, batched, m, n) })),
          );
          const expected: InboxOutcome['status'][] = [];
          const firstFailed = new Set<string>();
          const seen = new Set<string>();
          for (const [n, m] of batch.entries()) {
            // A later copy of an id in the same batch shares the first copy's fate.
            if (seen.has(m.id)) {
              expected.push(firstFailed.has(m.id) ? 'failed' : 'duplicate');
              continue;
            }
            seen.add(m.id);
            try {
              const ran = await other.inbox.handleOnce(sequential, m.id, handler(other, sequential, m, n));
              expected.push(ran ? 'handled' : 'duplicate');
            } catch {
              firstFailed.add(m.id);
              expected.push('failed');
            }
          }
          expect(outcomes.map((o) => o.status)).toEqual(expected);
          const mine = (await one.written()).filter((w) => w.startsWith(`${batched}:`));
          const theirs = (await other.written()).filter((w) => w.startsWith(`${sequential}:`));
          expect(mine.map((w) => w.slice(batched.length))).toEqual(theirs.map((w) => w.slice(sequential.length)));
        }),
        { numRuns: 25 },
      );
    });
  });
}
