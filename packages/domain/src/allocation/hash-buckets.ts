/**
 * A fixed-capacity multimap from 32-bit hashes to integers (item or customer positions), held in
 * typed arrays. The match index puts a million keys in a few of these: a `Map` with string keys
 * costs about four times the time and keeps the garbage collector busy. A hash can collide, so
 * every reader confirms a hit against the item itself.
 */
export type HashBuckets = {
  readonly mask: number;
  /** Per bucket, the newest entry or -1. */
  readonly heads: Int32Array;
  /** Per entry, the older entry of the same bucket or -1. */
  readonly next: Int32Array;
  readonly hashes: Int32Array;
  readonly values: Int32Array;
  size: number;
};

/** Room for `capacity` entries, with about two buckets per entry. */
export const hashBuckets = (capacity: number): HashBuckets => {
  let buckets = 16;
  while (buckets < capacity * 2) buckets *= 2;
  return {
    mask: buckets - 1,
    heads: new Int32Array(buckets).fill(-1),
    next: new Int32Array(Math.max(capacity, 1)),
    hashes: new Int32Array(Math.max(capacity, 1)),
    values: new Int32Array(Math.max(capacity, 1)),
    size: 0,
  };
};

/** Adds `value` under `hash`; the capacity given at creation must not be exceeded. */
export const addHashed = (buckets: HashBuckets, hash: number, value: number): void => {
  const entry = buckets.size;
  if (entry >= buckets.values.length) throw new RangeError('hash buckets are full');
  const bucket = hash & buckets.mask;
  buckets.next[entry] = buckets.heads[bucket] as number;
  buckets.hashes[entry] = hash;
  buckets.values[entry] = value;
  buckets.heads[bucket] = entry;
  buckets.size = entry + 1;
};

/** The newest entry with exactly this hash, or -1. Read its value in `values[entry]`. */
export const firstEntry = (buckets: HashBuckets, hash: number): number => {
  let entry = buckets.heads[hash & buckets.mask] as number;
  while (entry !== -1 && buckets.hashes[entry] !== hash) entry = buckets.next[entry] as number;
  return entry;
};

/** The next older entry with the same hash as `entry`, or -1. */
export const nextEntry = (buckets: HashBuckets, entry: number): number => {
  const hash = buckets.hashes[entry] as number;
  let next = buckets.next[entry] as number;
  while (next !== -1 && buckets.hashes[next] !== hash) next = buckets.next[next] as number;
  return next;
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const fnv = (hash: number, text: string): number => {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
};

/** FNV-1a of the UTF-16 code units. */
export const hashString = (text: string): number => fnv(FNV_OFFSET, text) | 0;

/** The hash of `words.join(' ')` (leaving out `words[skip]`), without building the string. */
export const hashWords = (words: readonly string[], skip = -1): number => {
  let h = FNV_OFFSET;
  let first = true;
  for (let i = 0; i < words.length; i += 1) {
    if (i === skip) continue;
    if (!first) h = Math.imul(h ^ 32, FNV_PRIME);
    h = fnv(h, words[i] as string);
    first = false;
  }
  return h | 0;
};

// murmur3's finaliser: spreads neighbouring amounts (1000, 1001, ...) over the buckets.
const mix = (value: number): number => {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
};

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A hash of an amount in minor units (any size). */
export const hashAmount = (minor: bigint): number => {
  if (minor > SAFE || minor < -SAFE) return hashString(minor.toString());
  const n = Number(minor);
  return mix((n >>> 0) ^ mix(Math.floor(n / 4294967296) | 0));
};
