/**
 * Tree sizes and leaf indexes arrive as bigint or number. Proof verification works in bigint throughout (exact
 * for any size a checkpoint can name, up to 2^64 - 1); the tree builder indexes its hash store with numbers and
 * so accepts sizes up to Number.MAX_SAFE_INTEGER (2^53 - 1), which at one leaf per record is far beyond any
 * ledger (10^8 leaves is 2^27). Every entry point converts through these two functions, so an unsafe number
 * is refused instead of silently rounded.
 */
export type TreeSize = bigint | number;

const MAX_UINT64 = (1n << 64n) - 1n;

/** The value as an exact bigint in 0..2^64-1; throws RangeError for fractions, unsafe numbers or negatives. */
export function toBigSize(value: TreeSize, what = 'tree size'): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${what} ${value} is not a safe whole number`);
    value = BigInt(value);
  }
  if (value < 0n || value > MAX_UINT64) throw new RangeError(`${what} ${value} is outside 0..2^64-1`);
  return value;
}

/** The value as a number in 0..2^53-1; throws RangeError otherwise. */
export function toSafeSize(value: TreeSize, what = 'tree size'): number {
  const big = toBigSize(value, what);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${big} is beyond 2^53 - 1`);
  return Number(big);
}

/** Largest power of two strictly smaller than n (n >= 2): the split point k of RFC 9162 section 2.1.1. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
