import currency from 'currency.js';
import { Decimal } from 'decimal.js';
import {
  type Dinero,
  add as dAdd,
  allocate as dAllocate,
  compare as dCompare,
  equal as dEqual,
  dinero,
  multiply as dMultiply,
  subtract as dSubtract,
  halfEven,
  toSnapshot,
  transformScale,
} from 'dinero.js';
import { USD } from 'dinero.js/currencies';
import { Money as TsMoney } from 'ts-money';
import { Money } from '../../src/money/Money.js';
import { defineWorkload, sink, type Workload } from '../harness.js';

// ---- Inputs: N amounts in USD, as strings and integer cents (deterministic, up to 100,000.00).
const N = 1000;
let seed = 42;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const cents = Array.from({ length: N }, () => Math.floor(random() * 10_000_000));
const strings = cents.map((c) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`);

// ---- The baseline: hand-written integer-cents code, the way a careful team writes it.
interface Cents {
  readonly cents: number;
  readonly currency: string;
}
const AMOUNT = /^-?\d+(\.\d{1,2})?$/;
const handOf = (text: string, currency: string): Cents => {
  if (!AMOUNT.test(text)) throw new Error(`bad amount ${text}`);
  const negative = text.charCodeAt(0) === 45;
  const dot = text.indexOf('.');
  const whole = Math.abs(Number(dot === -1 ? text : text.slice(0, dot)));
  const fraction = dot === -1 ? 0 : Number(text.slice(dot + 1).padEnd(2, '0'));
  const value = whole * 100 + fraction;
  return { cents: negative ? -value : value, currency };
};
const sameCurrency = (a: Cents, b: Cents): void => {
  if (a.currency !== b.currency) throw new Error('currency mismatch');
};
const handAdd = (a: Cents, b: Cents): Cents => {
  sameCurrency(a, b);
  return { cents: a.cents + b.cents, currency: a.currency };
};
const handSubtract = (a: Cents, b: Cents): Cents => {
  sameCurrency(a, b);
  return { cents: a.cents - b.cents, currency: a.currency };
};
const handEquals = (a: Cents, b: Cents): boolean => a.cents === b.cents && a.currency === b.currency;
const handCompare = (a: Cents, b: Cents): number => {
  sameCurrency(a, b);
  return a.cents < b.cents ? -1 : a.cents > b.cents ? 1 : 0;
};
/** × 1.0825 as 10825 / 10000, rounded half-even (cents × 10825 stays a safe integer here). */
const handMultiply = (a: Cents): Cents => {
  const product = a.cents * 10825;
  let quotient = Math.trunc(product / 10000);
  const twice = Math.abs(product - quotient * 10000) * 2;
  if (twice > 10000 || (twice === 10000 && quotient % 2 !== 0)) quotient += product < 0 ? -1 : 1;
  return { cents: quotient, currency: a.currency };
};
/** Floor shares, then one cent each to the first parts (non-negative amounts); plain loops. */
const handAllocate = (a: Cents, ratios: readonly number[]): Cents[] => {
  const count = ratios.length;
  let total = 0;
  for (let i = 0; i < count; i++) total += ratios[i] as number;
  const shares = new Array<number>(count);
  let left = a.cents;
  for (let i = 0; i < count; i++) {
    const share = Math.floor((a.cents * (ratios[i] as number)) / total);
    shares[i] = share;
    left -= share;
  }
  const parts = new Array<Cents>(count);
  for (let i = 0; i < count; i++)
    parts[i] = { cents: (shares[i] as number) + (i < left ? 1 : 0), currency: a.currency };
  return parts;
};
const handToJSON = (a: Cents): { amount: string; currency: string } => {
  const absolute = Math.abs(a.cents);
  const amount = `${a.cents < 0 ? '-' : ''}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
  return { amount, currency: a.currency };
};

const hand = strings.map((s) => handOf(s, 'USD'));
const money = strings.map((s) => Money.of(s, 'USD'));
const decimals = strings.map((s) => new Decimal(s));
const dineros = cents.map((amount) => dinero({ amount, currency: USD }));
const currencyJs = strings.map((s) => currency(s));
const tsMoney = cents.map((amount) => TsMoney.fromInteger(amount, 'USD'));
const last = N - 1;
const ONE_THIRD = [1, 1, 1] as const;
const UNEVEN = [5, 3, 2] as const;
const RATE = new Decimal('1.0825');

const binary =
  <T>(items: readonly T[], op: (a: T, b: T) => unknown) =>
  () => {
    for (let i = 0; i < N; i++) sink.value = op(items[i] as T, items[last - i] as T);
  };
const unary =
  <T>(items: readonly T[], op: (a: T) => unknown) =>
  () => {
    for (let i = 0; i < N; i++) sink.value = op(items[i] as T);
  };

const workload = (
  name: string,
  fns: {
    hand: () => void;
    money: () => void;
    decimal: () => void;
    dinero: () => void;
    currencyJs?: () => void;
    tsMoney?: () => void;
  },
  target?: number,
  peerTargets?: Readonly<Record<string, number>>,
): Workload =>
  defineWorkload({
    name: `money/${name}`,
    opsPerCall: N,
    baseline: { name: 'hand-written integer cents', fn: fns.hand },
    contenders: [
      { name: 'Money', fn: fns.money },
      { name: 'decimal.js (raw)', fn: fns.decimal },
      { name: 'dinero.js 2', fn: fns.dinero },
      ...(fns.currencyJs === undefined ? [] : [{ name: 'currency.js', fn: fns.currencyJs }]),
      ...(fns.tsMoney === undefined ? [] : [{ name: 'ts-money', fn: fns.tsMoney }]),
    ],
    ...(target === undefined ? {} : { targets: { Money: target } }),
    ...(peerTargets === undefined ? {} : { peerTargets: { Money: peerTargets } }),
  });

type D = Dinero<number>;

export const moneyWorkloads: readonly Workload[] = [
  workload('of(string)', {
    hand: unary(strings, (s) => handOf(s, 'USD')),
    money: unary(strings, (s) => Money.of(s, 'USD')),
    decimal: unary(strings, (s) => new Decimal(s)),
    dinero: unary(strings, (s) => dinero({ amount: handOf(s, 'USD').cents, currency: USD })),
  }),
  workload(
    'add',
    {
      hand: binary(hand, handAdd),
      money: binary(money, (a, b) => a.add(b)),
      decimal: binary(decimals, (a, b) => a.plus(b)),
      dinero: binary(dineros, (a: D, b: D) => dAdd(a, b)),
    },
    0.25,
  ),
  workload(
    'subtract',
    {
      hand: binary(hand, handSubtract),
      money: binary(money, (a, b) => a.subtract(b)),
      decimal: binary(decimals, (a, b) => a.minus(b)),
      dinero: binary(dineros, (a: D, b: D) => dSubtract(a, b)),
    },
    0.25,
  ),
  workload('multiply(1.0825, half-even)', {
    hand: unary(hand, handMultiply),
    money: unary(money, (a) => a.multiply('1.0825')),
    decimal: unary(decimals, (a) => a.times(RATE).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN)),
    dinero: unary(dineros, (a: D) => transformScale(dMultiply(a, { amount: 10825, scale: 4 }), 2, halfEven)),
  }),
  workload(
    'allocate([1,1,1])',
    {
      hand: unary(hand, (a) => handAllocate(a, ONE_THIRD)),
      money: unary(money, (a) => a.allocate(ONE_THIRD)),
      decimal: unary(decimals, (a) => {
        // Raw decimal.js: cents, floor shares, remainder to the first parts.
        const units = a.times(100);
        const share = units.divToInt(3);
        const left = units.minus(share.times(3)).toNumber();
        return [0, 1, 2].map((i) => (i < left ? share.plus(1) : share).div(100));
      }),
      dinero: unary(dineros, (a: D) => dAllocate(a, [1, 1, 1])),
    },
    0.3,
  ),
  workload('allocate([5,3,2])', {
    hand: unary(hand, (a) => handAllocate(a, UNEVEN)),
    money: unary(money, (a) => a.allocate(UNEVEN)),
    decimal: unary(decimals, (a) => {
      const units = a.times(100);
      const shares = UNEVEN.map((ratio) => units.times(ratio).divToInt(10));
      let left = units.minus(shares.reduce((sum, share) => sum.plus(share), new Decimal(0))).toNumber();
      return shares.map((share) => (left-- > 0 ? share.plus(1) : share).div(100));
    }),
    dinero: unary(dineros, (a: D) => dAllocate(a, [5, 3, 2])),
  }),
  workload(
    'equals',
    {
      hand: binary(hand, handEquals),
      money: binary(money, (a, b) => a.equals(b)),
      decimal: binary(decimals, (a, b) => a.eq(b)),
      dinero: binary(dineros, (a: D, b: D) => dEqual(a, b)),
      // currency.js has no currency and no equals: its integer value compared.
      currencyJs: binary(currencyJs, (a, b) => a.intValue === b.intValue),
      tsMoney: binary(tsMoney, (a, b) => a.equals(b)),
    },
    0.5,
  ),
  workload(
    'compare',
    {
      hand: binary(hand, handCompare),
      money: binary(money, (a, b) => a.compare(b)),
      decimal: binary(decimals, (a, b) => a.cmp(b)),
      dinero: binary(dineros, (a: D, b: D) => dCompare(a, b)),
    },
    0.25,
  ),
  workload(
    'JSON round trip',
    {
      hand: unary(hand, (a) => {
        const json = JSON.parse(JSON.stringify(handToJSON(a))) as { amount: string; currency: string };
        return handOf(json.amount, json.currency);
      }),
      money: unary(money, (a) => Money.fromJSON(JSON.parse(JSON.stringify(a)))),
      decimal: unary(decimals, (a) => {
        const json = JSON.parse(JSON.stringify({ amount: a.toFixed(2), currency: 'USD' })) as { amount: string };
        return new Decimal(json.amount);
      }),
      dinero: unary(dineros, (a: D) => dinero(JSON.parse(JSON.stringify(toSnapshot(a))))),
      // currency.js writes its value as a JSON number; the code travels beside it, as with the others.
      currencyJs: unary(currencyJs, (a) => {
        const json = JSON.parse(JSON.stringify({ amount: a, currency: 'USD' })) as { amount: number; currency: string };
        return currency(json.amount);
      }),
      tsMoney: unary(tsMoney, (a) =>
        TsMoney.fromInteger(JSON.parse(JSON.stringify(a)) as { amount: number; currency: string }),
      ),
    },
    undefined,
    { 'currency.js': 1 },
  ),
];
