import * as z from 'zod';
import * as New from './src/index.js';
import { Money as NewMoney } from './src/money/Money.js';
// @ts-ignore
import * as Old from './node_modules/.tmp-base/src/index.ts';
// @ts-ignore
import { Money as OldMoney } from './node_modules/.tmp-base/src/money/Money.ts';
const N = 1000;
const mk = (lib: any, Money: any) => {
  const s = z.strictObject({ sku: z.string().min(1), name: z.string().min(1), unit: z.string().min(1), note: z.string(), quantity: z.int().positive(), price: Money.schema });
  return lib.defineValueObject('Line', s);
};
const mkFlat = (lib: any) => lib.defineValueObject('Address', z.strictObject({ street: z.string().min(1), city: z.string().min(1), region: z.string().min(1), postalCode: z.string().min(1), country: z.string().min(1) }));
const lines = Array.from({ length: N }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i % 97}`, unit: 'each', note: i % 3 === 0 ? '' : `note ${i}`, quantity: 1 + (i % 9), price: { amount: `${1 + (i % 500)}.${String(i % 100).padStart(2, '0')}`, currency: 'USD' } }));
const addrs = Array.from({ length: N }, (_, i) => ({ street: `${i} Main Street`, city: `City ${i % 50}`, region: `Region ${i % 7}`, postalCode: `${10000 + i}`, country: 'US' }));
let sink: unknown;
const bench = (label: string, A: any, B: any, data: any[]) => {
  const run = (C: any) => { for (const l of data) sink = C.create(l); };
  const time = (C: any) => { const t = performance.now(); for (let r = 0; r < 100; r++) run(C); return (100 * N) / (performance.now() - t) / 1000; };
  for (let w = 0; w < 30; w++) { run(A); run(B); }
  const a: number[] = [], b: number[] = [];
  for (let r = 0; r < 9; r++) { a.push(time(A)); b.push(time(B)); }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1];
  console.log(label, ' branch', med(a).toFixed(3), 'M/s  main', med(b).toFixed(3), 'M/s');
};
bench('nested Money create', mk(New, NewMoney), mk(Old, OldMoney), lines);
bench('flat address create', mkFlat(New), mkFlat(Old), addrs);
