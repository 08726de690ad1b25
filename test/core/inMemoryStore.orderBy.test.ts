import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  AggregateRoot,
  defineValueObject,
  inMemoryStore,
  type Repository,
  stateStored,
  ValidationError,
} from '../../src/index.js';

class Address extends defineValueObject('Address', z.strictObject({ city: z.string(), country: z.string() })) {}

interface TaskProps {
  title: string;
  priority: number | null;
  due?: Date;
  address: Address;
}

class Task extends AggregateRoot<string, TaskProps> {
  constructor(id: string, props: TaskProps) {
    super(id, props);
  }
}

const task = (id: string, priority: number | null, city: string, due?: Date): Task =>
  new Task(id, {
    title: `task ${id}`,
    priority,
    address: Address.create({ city, country: 'FR' }),
    ...(due === undefined ? {} : { due }),
  });

async function repositoryOf(tasks: readonly Task[]): Promise<Repository<Task>> {
  const repository = inMemoryStore({ aggregates: { tasks: stateStored<Task>('Task') } }).tasks;
  for (const t of tasks) await repository.save(t);
  return repository;
}

const ids = (tasks: readonly Task[]): string[] => tasks.map((t) => t.id);

describe('InMemoryRepository.findAll orderBy', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  const all = (): Task[] => [
    task('a', 3, 'Lyon', day(5)),
    task('b', 1, 'Paris', day(2)),
    task('c', null, 'Brest'),
    task('d', 3, 'Albi', day(9)),
    task('e', 2, 'Caen', day(1)),
  ];

  it('sorts by a props field ascending, missing values last, ties by id', async () => {
    const repository = await repositoryOf(all());
    expect(ids(await repository.findAll(undefined, { orderBy: [{ field: 'priority' }] }))).toEqual([
      'b',
      'e',
      'a',
      'd',
      'c',
    ]);
  });

  it('sorts descending with missing values first, as PostgreSQL does', async () => {
    const repository = await repositoryOf(all());
    const found = await repository.findAll(undefined, { orderBy: [{ field: 'due', direction: 'desc' }] });
    expect(ids(found)).toEqual(['c', 'd', 'a', 'b', 'e']);
  });

  it('uses later keys to break ties and reads value-object props by path', async () => {
    const repository = await repositoryOf(all());
    const found = await repository.findAll(undefined, {
      orderBy: [{ field: 'priority', direction: 'desc' }, { field: 'address.city' }],
    });
    expect(ids(found)).toEqual(['c', 'd', 'a', 'e', 'b']);
  });

  it('sorts by id when asked, filters first, then pages the sorted matches', async () => {
    const tasks = all();
    const repository = await repositoryOf(tasks);
    const found = await repository.findAll((t) => t.props.priority !== null, {
      orderBy: [{ field: 'id', direction: 'desc' }],
      offset: 1,
      limit: 2,
    });
    expect(ids(found)).toEqual(['d', 'b']);
    expect(found[0]).not.toBe(tasks[3]);
  });

  it('accepts any { isSatisfiedBy } as criteria in findAll and count', async () => {
    const repository = await repositoryOf(all());
    const high = { isSatisfiedBy: (t: Task) => (t.props.priority ?? 0) >= 2 };
    expect(await repository.count(high)).toBe(3);
    expect(ids(await repository.findAll(high, { orderBy: [{ field: 'address.city' }] }))).toEqual(['d', 'e', 'a']);
  });

  it.each([
    [{ orderBy: [{ field: '' }] }, 'orderBy.0.field', 'invalid_field'],
    [{ orderBy: [{ field: 'address.__proto__' }] }, 'orderBy.0.field', 'invalid_field'],
    [{ orderBy: [{ field: 'priority' }, { field: 'constructor' }] }, 'orderBy.1.field', 'invalid_field'],
    [{ orderBy: [{ field: 'a..b' }] }, 'orderBy.0.field', 'invalid_field'],
    [{ orderBy: [{ field: 'priority', direction: 'up' }] }, 'orderBy.0.direction', 'invalid_direction'],
    [{ orderBy: 'priority' }, 'orderBy', 'invalid_type'],
  ])('rejects a bad orderBy %j with a ValidationError naming the field and rule', async (page, field, rule) => {
    const repository = await repositoryOf(all());
    const error = await repository.findAll(undefined, page as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ subject: 'Page', field, rule });
    expect(await repository.count()).toBe(5);
  });
});
