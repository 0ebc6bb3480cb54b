// A past campaign of vip_care_call written into a demo database as if it had happened: per customer (from
// rowOf, given a seeded random) a plan row of 2001-01-01 (campaign 'past', lifecycle active, the row's value
// tier), that date's scores (churn probability 0.5), the action (or control hold-out) on 2001-01-05 and a
// purchase on 2001-01-15 when retained. The demo's own history starts later.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../models/random.ts';
import { openDatabase, type Database } from '../../pipeline/db/database.ts';

export interface CampaignRow {
  id: string;
  tier: string;
  control: boolean;
  retained: boolean;
}

type RowOf = (id: string, index: number, random: () => number) => Omit<CampaignRow, 'id'>;

/** Loads rowOf(id, i, random) for every customer (in id order, random seeded 22) and returns the rows. */
export async function loadPastCampaign(dbPath: string, dir: string, rowOf: RowOf): Promise<CampaignRow[]> {
  const d = await openDatabase(dbPath);
  try {
    const ids = await d.all<{ id: string }>('SELECT customer_id AS id FROM customers ORDER BY customer_id');
    const random = mulberry32(22);
    const rows = ids.map(({ id }, i) => ({ id, ...rowOf(id, i, random) }));
    const csv = join(dir, 'campaign.csv');
    const lines = rows.map((r) => [r.id, r.tier, r.control, r.retained].join(','));
    writeFileSync(csv, ['id,tier,control,retained', ...lines].join('\n') + '\n');
    await insertCampaign(d, csv);
    return rows;
  } finally {
    await d.close();
  }
}

async function insertCampaign(d: Database, csv: string): Promise<void> {
  await d.run(
    `INSERT INTO plan SELECT DATE '2001-01-01', id, 'active', tier, 3, 3, 3, 'need_attention', NULL, NULL, NULL, NULL, NULL, false, 'past' FROM read_csv($p)`,
    { p: csv },
  );
  await d.run(
    `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
     SELECT 'm', DATE '2001-01-01', id, 0.5, 'high', 300, tier, 150, '', '', '[]' FROM read_csv($p)`,
    { p: csv },
  );
  await d.run(
    `INSERT INTO actions (action_id, customer_id, ts, action, campaign, is_control)
     SELECT 'P' || id, id, TIMESTAMP '2001-01-05 10:00:00', 'vip_care_call', 'past', control FROM read_csv($p)`,
    { p: csv },
  );
  await d.run(
    `INSERT INTO events (event_id, customer_id, ts, type, amount)
     SELECT 'P' || id, id, TIMESTAMP '2001-01-15', 'purchase', 50 FROM read_csv($p) WHERE retained`,
    { p: csv },
  );
}
