// Numbers the distinct tuples of a table's rows (one to three columns of doubles) in the order of
// their first row, and gives each row its tuple's number. A Map keyed on numbers above 2^31 (heap
// numbers) or on strings was slow at a million customers (bench/RESULTS.md), and so was one big hash table:
// on this kind of machine a random access into tens of MB is a TLB miss. So the rows are first
// partitioned by their hash (a counting sort, sequential), each partition is numbered with a hash
// table small enough to stay in cache, and the numbers are then put in first-row order. Numbering
// by first row keeps every sum over the groups independent of the hash: runs are bitwise reproducible.
// Keys compare with === after -0 is folded into 0 (as a Map does); NaN never equals itself, so
// callers reject it.

export interface RowGroups {
  /** Number of distinct tuples. */
  size: number;
  /** The tuple number of each row; -1 for rows left out. */
  row: Int32Array;
  /** The first row of each tuple (increasing). */
  first: Int32Array;
}

/** Rows per partition: its hash table (two slots a row) and keys then take ~100-200 kB. */
const PARTITION_ROWS = 4096;
/** Up to this many tuples, one table numbers the rows in order: it stays in cache. */
const SMALL = 1 << 14;
const EMPTY = -1;

/** `keep(i)` false leaves row i out (no number, -1). */
export function groupRows(columns: readonly ArrayLike<number>[], keep?: (i: number) => boolean): RowGroups {
  const n = columns.length > 0 ? columns[0].length : 0;
  const hashes = new Int32Array(n);
  const kept = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    kept[i] = 1;
    hashes[i] = hashRow(columns, i);
  }
  return inOrder(columns, hashes, kept) ?? partitioned(columns, hashes, kept);
}

/** One table over the rows in order; null once it would outgrow the cache. */
function inOrder(columns: readonly ArrayLike<number>[], hashes: Int32Array, kept: Uint8Array): RowGroups | null {
  const width = columns.length;
  const n = hashes.length;
  const table = new LocalTable(width);
  table.reset(SMALL + 1);
  const key = new Float64Array(width);
  const row = new Int32Array(n).fill(EMPTY);
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!kept[i]) continue;
    for (let j = 0; j < width; j++) key[j] = columns[j][i] + 0;
    row[i] = table.add(hashes[i], key, 0);
    if (!table.isNew) continue;
    if (table.size > SMALL) return null;
    first.push(i);
  }
  return { size: table.size, row, first: Int32Array.from(first) };
}

/** Partitions the rows by hash, numbers each partition with its own small table, renumbers by first row. */
function partitioned(columns: readonly ArrayLike<number>[], hashes: Int32Array, kept: Uint8Array): RowGroups {
  const width = columns.length;
  const parts = partition(columns, hashes, kept, Math.max(0, Math.ceil(Math.log2(hashes.length / PARTITION_ROWS))));
  const { rows, keys } = parts;
  // Per position (partition order): a temporary number, numbered partition by partition.
  const temp = new Int32Array(rows.length);
  const firstTemp: number[] = [];
  const table = new LocalTable(width);
  let start = 0;
  for (const end of parts.ends) {
    table.reset(end - start);
    for (let j = start; j < end; j++) {
      const local = table.add(parts.hashes[j], keys, j * width);
      if (table.isNew) {
        table.tag(local, firstTemp.length);
        firstTemp.push(rows[j]);
      }
      temp[j] = table.tagOf(local);
    }
    start = end;
  }
  return renumberByFirstRow(hashes.length, rows, temp, firstTemp);
}

/**
 * The kept rows grouped by the top `bits` bits of their hash, with their hashes and keys copied
 * alongside, so each partition is then read sequentially. Within a partition rows stay in order.
 */
function partition(columns: readonly ArrayLike<number>[], hashes: Int32Array, kept: Uint8Array, bits: number) {
  const width = columns.length;
  const shift = 32 - bits;
  const part = (h: number) => (bits === 0 ? 0 : h >>> shift);
  const ends = new Int32Array(1 << bits);
  for (let i = 0; i < hashes.length; i++) if (kept[i]) ends[part(hashes[i])]++;
  for (let p = 1; p < ends.length; p++) ends[p] += ends[p - 1];
  const next = new Int32Array(ends.length);
  for (let p = 1; p < ends.length; p++) next[p] = ends[p - 1];
  const total = ends[ends.length - 1];
  const rows = new Int32Array(total);
  const sorted = new Int32Array(total);
  const keys = new Float64Array(total * width);
  for (let i = 0; i < hashes.length; i++) {
    if (!kept[i]) continue;
    const j = next[part(hashes[i])]++;
    rows[j] = i;
    sorted[j] = hashes[i];
    for (let k = 0; k < width; k++) keys[j * width + k] = columns[k][i] + 0;
  }
  return { rows, hashes: sorted, keys, ends };
}

/** Temporary numbers (per position in partition order) -> numbers in order of first row. */
function renumberByFirstRow(n: number, rows: Int32Array, temp: Int32Array, firstTemp: number[]): RowGroups {
  const size = firstTemp.length;
  const mark = new Int32Array(n).fill(EMPTY);
  for (let t = 0; t < size; t++) mark[firstTemp[t]] = t;
  const renumber = new Int32Array(size);
  const first = new Int32Array(size);
  let next = 0;
  for (let i = 0; i < n; i++) {
    if (mark[i] === EMPTY) continue;
    renumber[mark[i]] = next;
    first[next++] = i;
  }
  const row = new Int32Array(n).fill(EMPTY);
  for (let j = 0; j < rows.length; j++) row[rows[j]] = renumber[temp[j]];
  return { size, row, first };
}

/** An open-addressing table for one partition: hash and local number per slot, keys per number. */
class LocalTable {
  size = 0;
  /** Whether the last add made a new entry. */
  isNew = false;
  private slots = new Int32Array(0);
  private keys = new Float64Array(0);
  private tags = new Int32Array(0);
  private mask = 0;
  constructor(private readonly width: number) {}

  reset(rows: number): void {
    let capacity = 16;
    while (capacity < 2 * rows) capacity *= 2;
    if (this.slots.length < 2 * capacity) this.slots = new Int32Array(2 * capacity);
    this.slots.fill(EMPTY, 0, 2 * capacity);
    if (this.keys.length < rows * this.width) {
      this.keys = new Float64Array(rows * this.width);
      this.tags = new Int32Array(rows);
    }
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** The local number of the key at source[at..at+width), adding it if new. */
  add(h: number, source: Float64Array, at: number): number {
    const w = this.width;
    let slot = h & this.mask;
    for (;;) {
      const k = this.slots[2 * slot + 1];
      if (k === EMPTY) break;
      if (this.slots[2 * slot] === h && this.equal(k, source, at)) {
        this.isNew = false;
        return k;
      }
      slot = (slot + 1) & this.mask;
    }
    const k = this.size++;
    for (let j = 0; j < w; j++) this.keys[k * w + j] = source[at + j];
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = k;
    this.isNew = true;
    return k;
  }

  private equal(k: number, source: Float64Array, at: number): boolean {
    for (let j = 0; j < this.width; j++) if (this.keys[k * this.width + j] !== source[at + j]) return false;
    return true;
  }

  tag(k: number, value: number): void {
    this.tags[k] = value;
  }

  tagOf(k: number): number {
    return this.tags[k];
  }
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** murmur3's finaliser over both words of each value (whole numbers differ only in the high word); -0 hashes as 0. */
function hashRow(columns: readonly ArrayLike<number>[], i: number): number {
  let h = 0x9747b28c;
  for (let j = 0; j < columns.length; j++) h = mix(h, columns[j][i] + 0);
  return h;
}

function mix(h: number, v: number): number {
  bits[0] = v;
  return fmix(fmix(h ^ words[0]) ^ words[1]);
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The distinct values of a column in first-seen order, and for each row the position of its value. */
export function distinctValues(column: ArrayLike<number>): { values: Float64Array; index: Int32Array } {
  const groups = groupRows([column]);
  return { values: gather(column, groups.first), index: groups.row };
}

/** column[rows[k]] for each k (-0 read as 0). A plain loop: Float64Array.from with a map function iterates generically, ~100 ns an element. */
export function gather(column: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]] + 0;
  return out;
}

/** values[row[i]] for each row i (NaN for rows left out): per-group results back onto the rows. */
export function scatter(values: Float64Array, row: Int32Array): Float64Array {
  const out = new Float64Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = row[i] < 0 ? NaN : values[row[i]];
  return out;
}
