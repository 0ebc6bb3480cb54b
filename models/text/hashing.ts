// Feature hashing ("the hashing trick", Weinberger et al. 2009, "Feature Hashing for Large Scale
// Multitask Learning", ICML): each token goes to one of a fixed number of buckets by a hash, with a sign
// from the same hash, so no vocabulary is stored and colliding tokens cancel in expectation rather than
// add up. The hash is MurmurHash3 x86_32 (Austin Appleby, SMHasher, public domain) of the token's UTF-8
// bytes: deterministic across machines and runs. With `buckets` a power of two up to 2^31 the bucket is
// the low bits and the sign the top bit, so the two do not depend on each other.
// Values: sublinear term frequency 1 + ln(tf) (Manning, Raghavan and Schütze 2008, "Introduction to
// Information Retrieval", section 6.4.1), signed, summed per bucket, then the vector L2-normalised.

import * as tokenise from './tokenise.ts';

// Read once (under tsx an imported binding is a getter call on every use: see tokenise.ts).
const { HAN_GRAM_SIZES, scanText } = tokenise;

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

// The fast path: the hashed vector of a normalised text straight from its token spans (tokenise.ts),
// equal to hashFeatures(featureTokens(text)) (test/text-core.test.ts checks it) but with no token
// string built: each token's UTF-8 bytes are written into one reused buffer and hashed there, term
// frequencies are counted by sorting the 32-bit hashes (two tokens count as one only if their hashes
// agree in all 32 bits), and the vector lands in reused arrays.

/** A sparse vector in reused arrays: the first `size` entries of `indices` and `values` are valid. */
export type SparseScratch = { indices: Int32Array; values: Float32Array; size: number };

let bytes = new Uint8Array(1024);
let at = 0;
let hashes = new Uint32Array(1024);
let count = 0;
const scratch: SparseScratch = { indices: new Int32Array(1024), values: new Float32Array(1024), size: 0 };

/** Makes room for `more` bytes after the current token's. */
function room(more: number): void {
  if (at + more <= bytes.length) return;
  const b = new Uint8Array(Math.max(bytes.length * 2, at + more));
  b.set(bytes);
  bytes = b;
}

/** Appends the UTF-8 bytes of text[start, end) (lone surrogates as U+FFFD, as TextEncoder writes them). */
function putRange(text: string, start: number, end: number): void {
  room(3 * (end - start)); // UTF-16 to UTF-8: at most 3 bytes per code unit
  const out = bytes;
  let o = at;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) out[o++] = c;
    else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[o++] = 0xf0 | (c >> 18);
          out[o++] = 0x80 | ((c >> 12) & 63);
          out[o++] = 0x80 | ((c >> 6) & 63);
          out[o++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  at = o;
}

/** Starts a token with its two-letter prefix (`w:`, `b:`, `c:`). */
function begin(kind: number): void {
  at = 0;
  bytes[at++] = kind;
  bytes[at++] = 58; // ':'
}

/** Records the hash of the token written since `begin`, rotated so the bucket bits lead (see below). */
function finish(seed: number, bits: number): void {
  const h = murmur3(bytes, seed, at);
  if (count === hashes.length) {
    const b = new Uint32Array(hashes.length * 2);
    b.set(hashes);
    hashes = b;
  }
  // Rotating right by `bits` puts the bucket (the low bits) on top: sorting the rotated hashes groups
  // equal tokens and orders them by bucket at once; the rotation is undone below.
  hashes[count++] = ((h >>> bits) | (h << (32 - bits))) >>> 0;
}

const W = 119; // 'w'
const B = 98; // 'b'
const C = 99; // 'c'

function hashTokens(text: string, seed: number, bits: number): void {
  const s = scanText(text);
  count = 0;
  for (let k = 0; k < s.wordCount; k++) {
    begin(W);
    putRange(text, s.words[2 * k], s.words[2 * k + 1]);
    finish(seed, bits);
  }
  for (let k = 1; k < s.wordCount; k++) {
    begin(B);
    putRange(text, s.words[2 * k - 2], s.words[2 * k - 1]);
    room(1);
    bytes[at++] = 32;
    putRange(text, s.words[2 * k], s.words[2 * k + 1]);
    finish(seed, bits);
  }
  let runStart = 0;
  for (let r = 0; r < s.runCount; r++) {
    const runEnd = s.runEnds[r];
    for (let g = 0; g < HAN_GRAM_SIZES.length; g++) {
      const n = HAN_GRAM_SIZES[g];
      for (let k = runStart; k + n <= runEnd; k++) {
        begin(C);
        putRange(text, s.han[k], s.hanEnd[k + n - 1]);
        finish(seed, bits);
      }
    }
    runStart = runEnd;
  }
}

let sums = new Float64Array(1024);

/**
 * The hashed, sublinear-tf, L2-normalised vector of a normalised text's feature tokens, into reused
 * arrays (valid until the next call): what training and scoring both read.
 */
export function hashText(text: string, buckets = DEFAULT_BUCKETS, seed = 0): SparseScratch {
  checkBuckets(buckets);
  const bits = 31 - Math.clz32(buckets);
  hashTokens(text, seed, bits);
  const sorted = hashes.subarray(0, count).sort();
  if (scratch.indices.length < count) {
    scratch.indices = new Int32Array(count * 2);
    scratch.values = new Float32Array(count * 2);
    sums = new Float64Array(count * 2);
  }
  let size = 0;
  for (let i = 0; i < count; ) {
    const r = sorted[i];
    let j = i + 1;
    while (j < count && sorted[j] === r) j++;
    const h = ((r << bits) | (r >>> (32 - bits))) >>> 0;
    const index = (h & (buckets - 1)) >>> 0;
    const value = (h >>> 31 === 1 ? -1 : 1) * (j - i === 1 ? 1 : 1 + Math.log(j - i));
    if (size > 0 && scratch.indices[size - 1] === index) sums[size - 1] += value;
    else {
      scratch.indices[size] = index;
      sums[size++] = value;
    }
    i = j;
  }
  let kept = 0;
  let squares = 0;
  for (let k = 0; k < size; k++) {
    if (sums[k] === 0) continue; // colliding tokens of opposite sign cancelled
    scratch.indices[kept] = scratch.indices[k];
    sums[kept++] = sums[k];
    squares += sums[k] * sums[k];
  }
  const norm = Math.sqrt(squares);
  for (let k = 0; k < kept; k++) scratch.values[k] = sums[k] / norm;
  scratch.size = kept;
  return scratch;
}
