import { describe, expect, it } from 'vitest';
import { EventBus, EventDeliveryError, type SubscriberFailure } from '../../src/cqrs/index.js';
import type { DomainEvent } from '../../src/index.js';
import { Account, Deposited } from '../core/accountFixtures.js';
import { caught } from '../support/caught.js';

const deposits = (count: number): DomainEvent[] => {
  const account = Account.open();
  for (let i = 1; i <= count; i++) account.deposit(i);
  return [...account.pullEvents()];
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('EventBus', () => {
  it('delivers by creator or type name to several subscribers, in subscription order, then to subscribeAll', async () => {
    const bus = new EventBus<Deposited>();
    const trail: string[] = [];
    bus.subscribeAll((event) => void trail.push(`all:${event.payload.amount}`));
    bus.subscribe(Deposited, (event) => void trail.push(`creator:${event.payload.amount}`));
    bus.subscribe('Deposited', async (event) => {
      await tick();
      trail.push(`name:${event.payload.amount}`);
    });
    await bus.publishAll(deposits(2));
    expect(trail).toEqual(['creator:1', 'name:1', 'all:1', 'creator:2', 'name:2', 'all:2']);
  });

  it('sequential delivery awaits each subscriber before the next', async () => {
    const bus = new EventBus();
    const trail: string[] = [];
    bus.subscribe('Deposited', async () => {
      trail.push('a>');
      await tick();
      trail.push('<a');
    });
    bus.subscribe('Deposited', () => void trail.push('b'));
    await bus.publish(deposits(1)[0] as DomainEvent);
    expect(trail).toEqual(['a>', '<a', 'b']);
  });

  it('concurrent delivery starts every subscriber at once and waits for all', async () => {
    const bus = new EventBus({ delivery: 'concurrent' });
    const trail: string[] = [];
    bus.subscribe('Deposited', async () => {
      trail.push('a>');
      await tick();
      trail.push('<a');
    });
    bus.subscribe('Deposited', () => void trail.push('b'));
    await bus.publish(deposits(1)[0] as DomainEvent);
    expect(trail).toEqual(['a>', 'b', '<a']);
  });

  it.each(['sequential', 'concurrent'] as const)(
    '%s: a failing subscriber does not stop the others, and publish reports every failure',
    async (delivery) => {
      const bus = new EventBus({ delivery });
      const reached: string[] = [];
      const boom = new Error('projection down');
      bus.subscribe(
        'Deposited',
        () => {
          throw boom;
        },
        { name: 'orderView' },
      );
      bus.subscribe('Deposited', async function mailer() {
        reached.push('mailer');
      });
      bus.subscribe('Deposited', async () => Promise.reject(new TypeError('bad')));
      const event = deposits(1)[0] as DomainEvent;
      const error = await caught(() => bus.publish(event));
      expect(reached).toEqual(['mailer']);
      expect(error).toBeInstanceOf(EventDeliveryError);
      const delivery_ = error as EventDeliveryError;
      expect(delivery_.code).toBe('cqrs.event_delivery');
      expect(delivery_.event).toBe(event);
      expect(delivery_.failures.map((f) => [f.subscriber, f.error])).toEqual([
        ['orderView', boom],
        ['Deposited#3', new TypeError('bad')],
      ]);
      expect(delivery_.cause).toBe(boom);
    },
  );

  it('hands failures to onError instead, and resolves', async () => {
    const failures: SubscriberFailure[] = [];
    const bus = new EventBus({ onError: (failure) => void failures.push(failure) });
    let after = 0;
    bus.subscribe('Deposited', () => {
      throw new Error('x');
    });
    bus.subscribe('Deposited', () => {
      after++;
    });
    await bus.publishAll(deposits(2));
    expect(after).toBe(2);
    expect(failures.map((f) => (f.event.payload as { amount: number }).amount)).toEqual([1, 2]);
  });

  it('rejects with what onError throws (never swallowed)', async () => {
    const bus = new EventBus({
      onError: () => {
        throw new Error('alerting failed too');
      },
    });
    bus.subscribe('Deposited', () => {
      throw new Error('x');
    });
    await expect(bus.publish(deposits(1)[0] as DomainEvent)).rejects.toThrow('alerting failed too');
  });

  it('unsubscribes, ignores events nobody listens to, and stops publishAll at the first failed event', async () => {
    const bus = new EventBus();
    let count = 0;
    const stop = bus.subscribe('Deposited', () => {
      count++;
    });
    const stopAll = bus.subscribeAll(() => undefined);
    await bus.publish(deposits(1)[0] as DomainEvent);
    stop();
    stop();
    stopAll();
    await bus.publish(deposits(1)[0] as DomainEvent);
    expect(count).toBe(1);
    const seen: number[] = [];
    bus.subscribe(Deposited, (event) => {
      seen.push(event.payload.amount);
      if (event.payload.amount === 2) throw new Error('stop');
    });
    await expect(bus.publishAll(deposits(3))).rejects.toBeInstanceOf(EventDeliveryError);
    expect(seen).toEqual([1, 2]);
  });
});
