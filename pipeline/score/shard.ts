// Shards of the customer base for scoring as independent processes: customer c belongs to shard
// md5_number(c) % n (DuckDB's md5 of the id as a 128-bit number), stable across runs, machines and
// database versions, and independent of how many customers there are or in what order they come.
export interface Shard {
  index: number;
  count: number;
}

/** SQL condition selecting the shard's rows by `column` (a customer id); the bound values are $shard_index, $shard_count. */
// Casts keep the arithmetic in integers: a bound JS number is a DOUBLE and would round the hash.
export const shardCondition = (column: string) =>
  `md5_number(${column}) % CAST($shard_count AS UHUGEINT) = CAST($shard_index AS UHUGEINT)`;

export const shardParams = (shard: Shard) => ({ shard_index: shard.index, shard_count: shard.count });
