const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Compares two decimal strings (`'-19.990'`, `'7'`) exactly, without floats: `-1`, `0` or `1`, or
 * `undefined` when either is not a plain decimal.
 * @internal
 */
export function compareDecimal(a: string, b: string): number | undefined {
  const x = parse(a);
  const y = parse(b);
  if (x === undefined || y === undefined) return undefined;
  if (x.sign !== y.sign) return x.sign < y.sign ? -1 : 1;
  const magnitude = compareMagnitude(x, y);
  return x.sign < 0 ? -magnitude : magnitude;
}

interface Parsed {
  readonly sign: -1 | 0 | 1;
  readonly whole: string;
  readonly fraction: string;
}

function parse(text: string): Parsed | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const whole = (match[2] as string).replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const sign = whole === '' && fraction === '' ? 0 : match[1] === '-' ? -1 : 1;
  return { sign, whole, fraction };
}

function compareMagnitude(x: Parsed, y: Parsed): number {
  if (x.whole.length !== y.whole.length) return x.whole.length < y.whole.length ? -1 : 1;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const width = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(width, '0');
  const fy = y.fraction.padEnd(width, '0');
  return fx < fy ? -1 : fx > fy ? 1 : 0;
}
