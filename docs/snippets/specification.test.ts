import { inMemoryStore, stateStored, ValidationError } from 'tactical-ddd';
import { Specification, spec } from 'tactical-ddd/specification';
import { expect, it } from 'vitest';
import { Invoice, inFrance, isOverdue } from './specification.js';

const clock = { now: () => new Date('2026-11-25T00:00:00Z') };
const invoice = (id: string, status: 'draft' | 'sent' | 'paid', dueAt: string, country = 'FR') =>
  new Invoice(id, { status, dueAt: new Date(dueAt), customer: { country } });

it('filters, explains and travels as JSON', async () => {
  // #region use
  const overdueInFrance = isOverdue(clock).and(inFrance);
  const late = invoice('a', 'sent', '2026-11-01');
  const paid = invoice('b', 'paid', '2026-11-01');

  overdueInFrance.isSatisfiedBy(late); // true
  overdueInFrance.explain(paid).failures.map((f) => f.name); // ['isSent']

  const { invoices } = inMemoryStore({ aggregates: { invoices: stateStored<Invoice>('Invoice') } });
  await invoices.save(late);
  await invoices.save(paid);
  await invoices.findAll(overdueInFrance, { orderBy: [{ field: 'dueAt' }], limit: 20 }); // [late]

  const wire = JSON.stringify(overdueInFrance); // a versioned AST, validated on the way back in
  const again = Specification.fromJSON<Invoice>(JSON.parse(wire));
  // #endregion use
  expect(overdueInFrance.isSatisfiedBy(late)).toBe(true);
  expect(overdueInFrance.explain(paid).failures.map((f) => f.name)).toEqual(['isSent']);
  expect((await invoices.findAll(overdueInFrance)).map((i) => i.id)).toEqual(['a']);
  expect(again.isSatisfiedBy(late)).toBe(true);
  expect(again.isSatisfiedBy(paid)).toBe(false);
});

it('writes the documented JSON form', () => {
  // #region json
  interface Ticket {
    status: 'open' | 'sent' | 'closed';
    total: number;
    dueAt: Date;
    note: string | null;
  }
  const ticket = spec.for<Ticket>();
  const due = ticket
    .in('status', ['open', 'sent'])
    .and(ticket.between('total', 100, 500))
    .and(ticket.isNull('note').not())
    .and(ticket.lt('dueAt', new Date('2026-12-01T00:00:00Z')));

  expect(due.toJSON()).toEqual({
    version: 1,
    spec: {
      op: 'and',
      of: [
        { op: 'in', field: 'status', values: ['open', 'sent'] },
        { op: 'between', field: 'total', low: 100, high: 500 },
        { op: 'not', of: { op: 'isNull', field: 'note' } },
        { op: 'lt', field: 'dueAt', value: { $date: '2026-12-01T00:00:00.000Z' } },
      ],
    },
  });
  // #endregion json
  expect(() => Specification.fromJSON({ version: 1, spec: { op: 'like', field: 'status', value: 'x' } })).toThrow(
    ValidationError,
  );
});
