// Benchmark presets: sizes and which side-by-side comparisons each runs. The large preset skips cpu
// scoring with explanations (most of an hour on 2 cores) and caps training at 2 epochs;
// bench/RESULTS.md says so next to its numbers.

export type PresetName = 'small' | 'medium' | 'large';
export type Backend = 'wasm' | 'cpu';

export interface ScoreVariant {
  backend: Backend;
  explanations: boolean;
  workers: number;
}

export interface Preset {
  customers: number;
  /** generator.ts through the Appender (the product's generator), or the set-based SQL one for 1M customers. */
  generator: 'js' | 'sql';
  /** First day of the SQL generator's history (default generator.ts's 2024-07-01; it ends 2026-06-30). */
  generateStart?: string;
  /** DuckDB memory limit for the generate process (default 2GB); beyond it DuckDB spills to disk. */
  generateMemory?: string;
  /** Events in the ingest sample (whole customers): ingest streams row by row, rows/s is its measure. */
  ingestEvents: number;
  /** Cap on training epochs for the main train run (undefined: the configuration's 40, early stopping). */
  trainEpochs?: number;
  /** Backends whose training throughput is measured (runs with 1 and with `throughputEpochs` epochs). */
  trainBackends: Backend[];
  throughputEpochs: number;
  scoreVariants: ScoreVariant[];
  shards: number;
  btydCalibrationEnd: string;
  /** Said in the results next to the numbers. */
  note?: string;
  /** Time limit for `churn btyd` (undefined: not run; the Pareto/NBD fit may not finish on this data). */
  btydLimitSeconds?: number;
}

const variants = (cpuExplanations: boolean): ScoreVariant[] => [
  { backend: 'wasm', explanations: true, workers: 1 },
  { backend: 'wasm', explanations: false, workers: 1 },
  { backend: 'wasm', explanations: true, workers: 2 },
  { backend: 'wasm', explanations: false, workers: 2 },
  { backend: 'cpu', explanations: false, workers: 1 },
  ...(cpuExplanations ? [{ backend: 'cpu' as const, explanations: true, workers: 1 }] : []),
];

export const PRESETS: Record<PresetName, Preset> = {
  small: {
    customers: 10_000,
    generator: 'js',
    ingestEvents: 2_000_000,
    trainBackends: ['wasm', 'cpu'],
    throughputEpochs: 16,
    btydLimitSeconds: 90,
    scoreVariants: variants(true),
    shards: 2,
    btydCalibrationEnd: '2025-06-30',
  },
  medium: {
    customers: 100_000,
    generator: 'js',
    ingestEvents: 2_000_000,
    trainBackends: ['wasm', 'cpu'],
    throughputEpochs: 4,
    scoreVariants: variants(true),
    shards: 2,
    btydCalibrationEnd: '2025-06-30',
  },
  large: {
    customers: 1_000_000,
    generator: 'sql',
    // Three and a half years instead of two: about 100M events (two years gave 67M).
    generateStart: '2023-01-01',
    generateMemory: '4GB',
    note: 'history from 2023-01-01 (3.5 years, about 100M events) where small and medium have two years',
    ingestEvents: 2_000_000,
    trainEpochs: 2,
    trainBackends: ['wasm', 'cpu'],
    throughputEpochs: 2,
    scoreVariants: variants(false),
    shards: 2,
    btydCalibrationEnd: '2025-06-30',
    btydLimitSeconds: 120,
  },
};
