// What the overdue-purchase reason needs beyond the snapshot: each customer's repeat purchase days
// (BG/NBD's x, from the RFM summary scoring already read) and the population's typical gap. A customer
// whose purchases all fell on one day has no usual gap of their own (features.sql gives the time since
// that day as a bound), so the reason judges them against the median usual gap of the repeat buyers.
import { summaryPositions, type CustomerBtyd } from '../btyd/customer-btyd.ts';
import type { Database } from '../db/database.ts';

export interface GapContext {
  repeat_days: Float64Array;
  typical_gap_days: Float64Array;
}

/** Per customer of `customerIds`; `typicalGapDays` (typicalGapDays below) NaN when nobody has a repeat purchase day. */
export function gapContext(
  btyd: Pick<CustomerBtyd, 'rfm'>,
  customerIds: readonly string[],
  typicalGapDays: number,
): GapContext {
  const position = summaryPositions(btyd.rfm.customerIds, customerIds);
  return {
    repeat_days: Float64Array.from(position, (p) => (p < 0 ? 0 : btyd.rfm.frequency[p])),
    typical_gap_days: new Float64Array(customerIds.length).fill(typicalGapDays),
  };
}

/**
 * The median usual gap of the customers with a repeat purchase day, over the whole snapshot at `cutoff`
 * (a shard's customers alone would give another number, and sharded scores must equal unsharded ones).
 */
export async function typicalGapDays(db: Database, cutoff: string): Promise<number> {
  const [row] = await db.all<{ gap: number | null }>(
    'SELECT median(gap_mean_days) AS gap FROM features WHERE cutoff = CAST($cutoff AS DATE) AND rfm_frequency > 0',
    { cutoff },
    'features (typical gap)',
  );
  return row.gap ?? NaN;
}
