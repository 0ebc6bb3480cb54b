// Labelled snapshots as training sets: read (with the BG/NBD inputs when configured), subset by rows,
// stacked across cutoffs, and split by a deterministic hash of the customer id.
import type { Logger } from '../log.ts';
import type { TrainingSet } from '../../models/churn-clv/churn-clv-model.ts';
import { btydFeatureColumns } from '../btyd/btyd-features.ts';
import { alignBtyd, customerBtyd, type AlignedBtyd, type CustomerBtyd } from '../btyd/customer-btyd.ts';
import type { ChurnConfig } from '../config/churn-definition.ts';
import type { VoiceConfig } from '../config/voice-config.ts';
import type { Database } from '../db/database.ts';
import { buildSnapshot, readSnapshot } from '../features/build-features.ts';
import { featureSet, voiceColumns } from '../features/feature-set.ts';

export interface LabelledSet extends TrainingSet {
  customerIds: string[];
  cutoffs: string[];
  /** BG/NBD x Gamma-Gamma at the snapshot's cutoff, row-aligned (NaN without a purchase); null when not fitted. */
  btyd: AlignedBtyd | null;
}

export interface ReadOptions {
  horizonDays: number;
  valueHorizonDays: number;
  observedUntil: string;
  btydInputs: boolean;
  /** What churned means (config `churn`); absent: no purchase in the horizon. */
  churn?: ChurnConfig;
  /** How feedback text is read (config `voice`) and the config's seed; absent: the defaults. */
  voice?: VoiceConfig;
  seed?: number;
  /** Also compare BG/NBD with what happened in the churn window (for the training report). */
  withHoldout?: boolean;
  /** Inputs the models do not see, to measure what they add (`churn evaluate --without text`). */
  without?: 'text';
  /** Where reading feedback text reports its progress. */
  logger?: Logger;
}

/** Builds and reads one fully labelled snapshot; customers with an unobserved label are left out. */
export async function labelledSnapshot(db: Database, cutoff: string, options: ReadOptions): Promise<LabelledSet> {
  return (await labelledSnapshotWithFit(db, cutoff, options)).set;
}

/** The same, with the BG/NBD x Gamma-Gamma fit behind the `btyd` columns. */
export async function labelledSnapshotWithFit(
  db: Database,
  cutoff: string,
  options: ReadOptions,
): Promise<{ set: LabelledSet; fit: CustomerBtyd }> {
  const { horizonDays, valueHorizonDays, observedUntil } = options;
  await buildSnapshot(db, {
    cutoff,
    horizonDays,
    valueHorizonDays,
    observedUntil,
    churn: options.churn,
    voice: options.voice,
    seed: options.seed,
    logger: options.logger,
  });
  const snap = await readSnapshot(db, cutoff);
  if (options.without === 'text') for (const name of voiceColumns(await featureSet(db))) delete snap.numeric[name];
  const btyd = await customerBtyd(db, { cutoff, horizonDays, valueHorizonDays, withHoldout: options.withHoldout });
  const aligned = btyd.bgnbd ? alignBtyd(btyd, snap.customerIds) : null;
  if (options.btydInputs) {
    const columns = aligned
      ? btydFeatureColumns(aligned)
      : {
          btyd_p_alive: new Float64Array(snap.customerIds.length),
          btyd_expected_purchases: new Float64Array(snap.customerIds.length),
        };
    Object.assign(snap.numeric, columns);
  }
  const rows = snap.customerIds.length;
  const set: LabelledSet = {
    rows,
    customerIds: snap.customerIds,
    cutoffs: Array(rows).fill(cutoff),
    numeric: snap.numeric,
    categorical: snap.categorical,
    labels: {
      churned: Float32Array.from(snap.churned, (v) => (v === null ? NaN : v)),
      value: Float32Array.from(snap.futureValue, (v) => (v === null ? NaN : v)),
    },
    btyd: aligned,
  };
  const observed: number[] = [];
  for (let i = 0; i < rows; i++)
    if (!Number.isNaN(set.labels.churned[i]) && !Number.isNaN(set.labels.value[i])) observed.push(i);
  return { set: observed.length === rows ? set : subset(set, observed), fit: btyd };
}

export function subset(set: LabelledSet, index: readonly number[]): LabelledSet {
  const pick = <T extends { [i: number]: unknown; length: number }>(col: T, make: (n: number) => T): T => {
    const out = make(index.length);
    index.forEach((r, k) => (out[k] = col[r]));
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const f32 = (n: number) => new Float32Array(n);
  const arr = <U>(n: number) => new Array<U>(n);
  return {
    rows: index.length,
    customerIds: pick(set.customerIds, arr<string>),
    cutoffs: pick(set.cutoffs, arr<string>),
    numeric: Object.fromEntries(Object.entries(set.numeric).map(([k, c]) => [k, pick(Float64Array.from(c), f64)])),
    categorical: Object.fromEntries(
      Object.entries(set.categorical).map(([k, c]) => [k, pick(Array.from(c), arr<string>)]),
    ),
    labels: { churned: pick(set.labels.churned, f32), value: pick(set.labels.value, f32) },
    btyd: set.btyd
      ? (Object.fromEntries(Object.entries(set.btyd).map(([k, c]) => [k, pick(c, f64)])) as AlignedBtyd)
      : null,
  };
}

/** Rows of several snapshots one after the other (sliding-window training). */
export function stack(sets: readonly LabelledSet[]): LabelledSet {
  if (sets.length === 1) return sets[0];
  // Typed copies, not flatMap over arrays, which builds a boxed array of every value first.
  const concat = <T extends Float64Array | Float32Array>(cols: ArrayLike<number>[], make: (n: number) => T): T => {
    const out = make(cols.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of cols) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  const cat64 = (cols: ArrayLike<number>[]) => concat(cols, (n) => new Float64Array(n));
  const cat32 = (cols: ArrayLike<number>[]) => concat(cols, (n) => new Float32Array(n));
  const catStrings = (cols: ArrayLike<string>[]) => {
    const out: string[] = [];
    for (const c of cols) for (let i = 0; i < c.length; i++) out.push(c[i]);
    return out;
  };
  const first = sets[0];
  return {
    rows: sets.reduce((n, s) => n + s.rows, 0),
    customerIds: catStrings(sets.map((s) => s.customerIds)),
    cutoffs: catStrings(sets.map((s) => s.cutoffs)),
    numeric: Object.fromEntries(Object.keys(first.numeric).map((k) => [k, cat64(sets.map((s) => s.numeric[k]))])),
    categorical: Object.fromEntries(
      Object.keys(first.categorical).map((k) => [k, catStrings(sets.map((s) => s.categorical[k]))]),
    ),
    labels: { churned: cat32(sets.map((s) => s.labels.churned)), value: cat32(sets.map((s) => s.labels.value)) },
    btyd: null,
  };
}

/** FNV-1a of the id with a salt, in [0, 1): the same customer always falls in the same part. */
export function hashUnit(id: string, salt = ''): number {
  let h = 0x811c9dc5;
  const s = salt + id;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // One extra avalanche round so consecutive ids spread evenly.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

export function splitByHash(set: LabelledSet, share: number, salt: string): { kept: LabelledSet; held: LabelledSet } {
  const kept: number[] = [];
  const held: number[] = [];
  set.customerIds.forEach((id, i) => (hashUnit(id, salt) < share ? held : kept).push(i));
  return { kept: subset(set, kept), held: subset(set, held) };
}
