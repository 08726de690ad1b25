import { inMemoryStore, stateStored } from 'tactical-ddd';
import { Specification } from 'tactical-ddd/specification';
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
