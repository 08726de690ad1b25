/**
 * A stand-in for `Money` from `tactical-ddd/money`, with the same JSON form and `compare`: the
 * specification area relies only on that contract.
 */
export class FakeMoney<TCurrency extends string = string> {
  private constructor(
    readonly minor: bigint,
    readonly currency: TCurrency,
  ) {}

  static of<TCurrency extends string>(amount: string, currency: TCurrency): FakeMoney<TCurrency> {
    const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
    const minor = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
    return new FakeMoney(amount.startsWith('-') ? -minor : minor, currency);
  }

  compare(other: FakeMoney<TCurrency>): number {
    if (other.currency !== this.currency) throw new Error('currency mismatch');
    return this.minor < other.minor ? -1 : this.minor > other.minor ? 1 : 0;
  }

  equals(other: FakeMoney<TCurrency>): boolean {
    return other.currency === this.currency && other.minor === this.minor;
  }

  toJSON(): { amount: string; currency: TCurrency } {
    const sign = this.minor < 0n ? '-' : '';
    const abs = this.minor < 0n ? -this.minor : this.minor;
    return { amount: `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`, currency: this.currency };
  }
}
