// #region spec
import { AggregateRoot, type Clock } from 'tactical-ddd';
import { type Specification, spec } from 'tactical-ddd/specification';

interface InvoiceProps {
  status: 'draft' | 'sent' | 'paid';
  dueAt: Date;
  customer: { country: string };
}

export class Invoice extends AggregateRoot<string, InvoiceProps> {
  constructor(id: string, props: InvoiceProps) {
    super(id, props);
  }
}

/** Sent, unpaid invoices past their due date: a rule, a filter and a query at once. */
export function isOverdue(clock: Clock): Specification<Invoice> {
  const invoice = spec.for<Invoice>(); // paths and values are type-checked against Invoice
  return invoice
    .eq('status', 'sent')
    .named('isSent')
    .and(invoice.lt('dueAt', clock.now()).named('isPastDue'))
    .named('InvoiceIsOverdue');
}

export const inFrance = spec.eq<Invoice>('customer.country', 'FR').named('inFrance');
// spec.eq<Invoice>('customer.contry', 'FR'); // does not compile: no such path
// #endregion spec
