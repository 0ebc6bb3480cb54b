// Feature hashing ("the hashing trick", Weinberger et al. 2009, "Feature Hashing for Large Scale
// Multitask Learning", ICML): each token goes to one of a fixed number of buckets by a hash, with a sign
// from the same hash, so no vocabulary is stored and colliding tokens cancel in expectation rather than
// add up. The hash is MurmurHash3 x86_32 (Austin Appleby, SMHasher, public domain) of the token's UTF-8
// bytes: deterministic across machines and runs. With `buckets` a power of two up to 2^31 the bucket is
// the low bits and the sign the top bit, so the two do not depend on each other.
// Values: sublinear term frequency 1 + ln(tf) (Manning, Raghavan and Schütze 2008, "Introduction to
// Information Retrieval", section 6.4.1), signed, summed per bucket, then the vector L2-normalised.

export const DEFAULT_BUCKETS = 2 ** 18;

/** A sparse vector: bucket indices ascending, their values beside them. */
export type SparseVector = { indices: Int32Array; values: Float32Array };

const encoder = new TextEncoder();

/** MurmurHash3 x86_32 of the first `length` bytes of `bytes`, as an unsigned 32-bit integer. */
export function murmur3(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = length & 3;
  if (rest > 0) {
    let k = bytes[blocks];
    if (rest > 1) k ^= bytes[blocks + 1] << 8;
    if (rest > 2) k ^= bytes[blocks + 2] << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, c2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One buffer reused for every token's UTF-8 bytes (grown when a token needs more), so hashing
// millions of tokens allocates nothing per token.
let buffer = new Uint8Array(256);

/** The murmur3 hash of a string's UTF-8 bytes. */
export function hashToken(token: string, seed = 0): number {
  if (buffer.length < token.length * 3) buffer = new Uint8Array(token.length * 3);
  const { written } = encoder.encodeInto(token, buffer);
  return murmur3(buffer, seed, written);
}

function checkBuckets(buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 2 || buckets > 2 ** 31 || (buckets & (buckets - 1)) !== 0) {
    throw new RangeError(`invalid buckets: ${buckets} (expected a power of two from 2 to 2^31)`);
  }
}

function bucket(token: string, buckets: number, seed: number): { index: number; sign: 1 | -1 } {
  const h = hashToken(token, seed);
  return { index: (h & (buckets - 1)) >>> 0, sign: h >>> 31 === 1 ? -1 : 1 };
}

/** The bucket and sign of one token. */
export function bucketOf(token: string, buckets = DEFAULT_BUCKETS, seed = 0): { index: number; sign: 1 | -1 } {
  checkBuckets(buckets);
  return bucket(token, buckets, seed);
}

/** The hashed, sublinear-tf, L2-normalised vector of a list of tokens (empty for no tokens). */
export function hashFeatures(tokens: readonly string[], buckets = DEFAULT_BUCKETS, seed = 0): SparseVector {
  checkBuckets(buckets);
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const sums = new Map<number, number>();
  for (const [token, tf] of counts) {
    const { index, sign } = bucket(token, buckets, seed);
    sums.set(index, (sums.get(index) ?? 0) + sign * (1 + Math.log(tf)));
  }
  const kept = [...sums].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(kept.reduce((s, [, v]) => s + v * v, 0));
  return {
    indices: Int32Array.from(kept, ([i]) => i),
    values: Float32Array.from(kept, ([, v]) => v / norm),
  };
}
