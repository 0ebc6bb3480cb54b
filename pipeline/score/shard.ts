// Shards of the customer base for scoring as independent processes: customer c belongs to shard
// md5_number(c) % n (DuckDB's md5 of the id as a 128-bit number), stable across runs, machines and
// database versions, and independent of how many customers there are or in what order they come.
import { UsageError } from '../errors.ts';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (0 <= i < n). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 100_000 || index >= count) throw new UsageError(`--shard: expected i/n with 0 <= i < n, got "${text}"`);
  return { index, count };
}

/** SQL condition selecting the shard's rows by `column` (a customer id); the bound values are $shard_index, $shard_count. */
// Casts keep the arithmetic in integers: a bound JS number is a DOUBLE and would round the hash.
export const shardCondition = (column: string) =>
  `md5_number(${column}) % CAST($shard_count AS UHUGEINT) = CAST($shard_index AS UHUGEINT)`;

export const shardParams = (shard: Shard) => ({ shard_index: shard.index, shard_count: shard.count });
