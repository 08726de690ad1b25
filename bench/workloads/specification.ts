import { compileNode } from '../../src/specification/compileNode.js';
import { spec } from '../../src/specification/spec.js';
import { defineWorkload, sink } from '../harness.js';

// 1,000,000 order-like objects, as in the specification issue.
interface Order {
  readonly id: string;
  readonly status: 'pending' | 'paid' | 'shipped' | 'cancelled';
  readonly total: number;
  readonly createdAt: Date;
  readonly customer: { readonly name: string; readonly email: string; readonly country: string };
  readonly sku: string;
  readonly quantity: number;
  readonly note: string | null;
}

const N = 1_000_000;
const STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
const COUNTRIES = ['FR', 'DE', 'US', 'JP', 'BR'];
const START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const orders: Order[] = Array.from({ length: N }, (_, i) => ({
  id: `order-${i}`,
  status: STATUSES[Math.floor(random() * 4)] as Order['status'],
  total: Math.floor(random() * 400),
  createdAt: new Date(START + Math.floor(random() * 60) * DAY),
  customer: {
    name: `${random() < 0.8 ? 'Mr' : 'Ms'} Customer ${i % 1000}`,
    email: `customer${i % 1000}@${random() < 0.9 ? 'example.com' : 'mail.org'}`,
    country: COUNTRIES[Math.floor(random() * 5)] as string,
  },
  sku: `SKU-${random() < 0.9 ? 'BOOK' : 'FOOD'}-${i % 97}`,
  quantity: 1 + Math.floor(random() * 10),
  note: random() < 0.1 ? null : `note ${i % 13}`,
}));

const cutoff = new Date(START + 20 * DAY);
const cutoffTime = cutoff.getTime();

// Each contender has its own loop: a shared loop taking the test as an argument would make its
// call site megamorphic, and the ratios would depend on the order the contenders run in.

// --- status == 'pending' AND total > 100 AND NOT createdAt < cutoff ---------------------------
const arrow = (o: Order): boolean => o.status === 'pending' && o.total > 100 && !(o.createdAt.getTime() < cutoffTime);

const o = spec.for<Order>();
const simple = o.eq('status', 'pending').and(o.gt('total', 100), o.lt('createdAt', cutoff).not());
const simplePredicate = simple.toPredicate();
const simpleClosures = compileNode(simple.node, new Map(), false) as (order: Order) => boolean;

// A naive class-based composite, as written with types-ddd / spec-pattern style libraries.
abstract class NaiveSpec {
  abstract isSatisfiedBy(order: Order): boolean;
  and(other: NaiveSpec): NaiveSpec {
    return new NaiveAnd(this, other);
  }
  not(): NaiveSpec {
    return new NaiveNot(this);
  }
}
class NaiveAnd extends NaiveSpec {
  constructor(
    private readonly left: NaiveSpec,
    private readonly right: NaiveSpec,
  ) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return this.left.isSatisfiedBy(order) && this.right.isSatisfiedBy(order);
  }
}
class NaiveNot extends NaiveSpec {
  constructor(private readonly inner: NaiveSpec) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return !this.inner.isSatisfiedBy(order);
  }
}
class StatusIs extends NaiveSpec {
  constructor(private readonly status: Order['status']) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.status === this.status;
  }
}
class TotalAbove extends NaiveSpec {
  constructor(private readonly limit: number) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.total > this.limit;
  }
}
class CreatedBefore extends NaiveSpec {
  constructor(private readonly date: Date) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.createdAt.getTime() < this.date.getTime();
  }
}
const naive = new StatusIs('pending').and(new TotalAbove(100)).and(new CreatedBefore(cutoff).not());

// The same composite in an application that also uses other leaf classes: the composite's call
// sites see many classes (megamorphic), as they do in a real domain model with dozens of rules.
class QuantityAbove extends NaiveSpec {
  constructor(private readonly limit: number) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.quantity > this.limit;
  }
}
class CountryIs extends NaiveSpec {
  constructor(private readonly country: string) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.customer.country === this.country;
  }
}
class HasNote extends NaiveSpec {
  isSatisfiedBy(order: Order): boolean {
    return order.note !== null;
  }
}
class SkuHas extends NaiveSpec {
  constructor(private readonly text: string) {
    super();
  }
  isSatisfiedBy(order: Order): boolean {
    return order.sku.includes(this.text);
  }
}
const otherRules: NaiveSpec[] = [
  new QuantityAbove(3).and(new CountryIs('FR')),
  new HasNote().not().and(new SkuHas('BOOK')),
  new CountryIs('DE').and(new QuantityAbove(5).not()),
  new SkuHas('FOOD').and(new HasNote()).not(),
];
const warmUp = (): void => {
  let n = 0;
  for (let i = 0; i < 200_000; i++) for (const rule of otherRules) if (rule.isSatisfiedBy(orders[i] as Order)) n++;
  sink.value = n;
};

let warmedUp = false;

const filter = defineWorkload({
  name: 'specification/filter (3 leaves, 1M orders)',
  opsPerCall: N,
  baseline: {
    name: 'hand-written arrow function',
    fn: () => {
      let n = 0;
      for (let i = 0; i < N; i++) if (arrow(orders[i] as Order)) n++;
      sink.value = n;
    },
  },
  contenders: [
    {
      name: 'compiled specification (toPredicate)',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (simplePredicate(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
    {
      name: 'specification.isSatisfiedBy',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (simple.isSatisfiedBy(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
    {
      name: 'composed closures (no-eval fallback)',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (simpleClosures(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
    {
      name: 'naive class composite (monomorphic)',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (naive.isSatisfiedBy(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
    {
      name: 'naive class composite (megamorphic)',
      fn: () => {
        if (!warmedUp) warmUp();
        warmedUp = true;
        {
          let n = 0;
          for (let i = 0; i < N; i++) if (naive.isSatisfiedBy(orders[i] as Order)) n++;
          sink.value = n;
        }
      },
    },
  ],
  targets: { 'compiled specification (toPredicate)': 0.9 },
});

// --- ten leaves with string operators ------------------------------------------------------
const low = new Date(START + 2 * DAY);
const high = new Date(START + 58 * DAY);
const lowTime = low.getTime();
const highTime = high.getTime();
const heavyArrow = (x: Order): boolean => {
  if (x.status === 'cancelled') return false;
  const customer = x.customer;
  const country = customer.country;
  if (country !== 'FR' && country !== 'DE' && country !== 'US' && country !== 'JP') return false;
  if (!(x.total >= 10 && x.quantity <= 9)) return false;
  if (!customer.name.startsWith('Mr') || !customer.email.endsWith('@example.com') || !x.sku.includes('BOOK'))
    return false;
  const time = x.createdAt.getTime();
  return time >= lowTime && time <= highTime && x.note !== null && x.id.startsWith('order-');
};
const heavy = spec.all([
  o.ne('status', 'cancelled'),
  o.in('customer.country', ['FR', 'DE', 'US', 'JP']),
  o.gte('total', 10),
  o.lte('quantity', 9),
  o.startsWith('customer.name', 'Mr'),
  o.endsWith('customer.email', '@example.com'),
  o.contains('sku', 'BOOK'),
  o.between('createdAt', low, high),
  o.isNull('note').not(),
  o.startsWith('id', 'order-'),
]);
const heavyPredicate = heavy.toPredicate();
const heavyClosures = compileNode(heavy.node, new Map(), false) as (order: Order) => boolean;

const heavyFilter = defineWorkload({
  name: 'specification/filter (10 leaves, string operators, 1M orders)',
  opsPerCall: N,
  baseline: {
    name: 'hand-written arrow function',
    fn: () => {
      let n = 0;
      for (let i = 0; i < N; i++) if (heavyArrow(orders[i] as Order)) n++;
      sink.value = n;
    },
  },
  contenders: [
    {
      name: 'compiled specification (toPredicate)',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (heavyPredicate(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
    {
      name: 'composed closures (no-eval fallback)',
      fn: () => {
        let n = 0;
        for (let i = 0; i < N; i++) if (heavyClosures(orders[i] as Order)) n++;
        sink.value = n;
      },
    },
  ],
  targets: { 'compiled specification (toPredicate)': 0.8 },
});

/** The specification workloads. */
export const specificationWorkloads = [filter, heavyFilter];
