// `churn evaluate --split customers --split-file FILE`: the train / validation / test customers of
// each run taken from a file, e.g. the split another tool drew, so that both are compared on the same
// customers. FILE is CSV with a header `customer_id,split,set`: `split` numbers the run (1..K, K the
// --backtest count), `set` is train, valid or test. Every customer of the snapshot needs a set in every
// run; customers of the file that the snapshot does not hold are not used.
import type { Database } from '../db/database.ts';
import { UserError } from '../errors.ts';

export type SplitSet = 'train' | 'valid' | 'test';
const SETS: readonly string[] = ['train', 'valid', 'test'];

/** Per run (0-based), each customer's set. */
export type SplitAssignment = Map<string, SplitSet>[];

export async function readSplitFile(db: Database, path: string, runs: number): Promise<SplitAssignment> {
  let rows: { customer_id: string | null; split: number | null; set: string | null; line: number }[];
  try {
    rows = await db.all(
      `SELECT customer_id, split, "set", CAST(row_number() OVER () + 1 AS INTEGER) AS line
       FROM read_csv($path, header = true, auto_detect = false,
                     columns = {'customer_id': 'VARCHAR', 'split': 'INTEGER', 'set': 'VARCHAR'})`,
      { path },
      'split file',
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`split file ${path}: expected CSV with the header customer_id,split,set (${reason})`);
  }
  const assignment: SplitAssignment = Array.from({ length: runs }, () => new Map());
  for (const row of rows) {
    const where = `split file ${path}, line ${row.line}`;
    if (!row.customer_id) throw new UserError(`${where}: customer_id is empty`);
    if (row.split === null || row.split < 1) throw new UserError(`${where}: split must be a run number 1, 2, ...`);
    if (row.set === null || !SETS.includes(row.set)) {
      throw new UserError(`${where}: set must be train, valid or test, got "${row.set ?? ''}"`);
    }
    if (row.split > runs) continue;
    const run = assignment[row.split - 1];
    if (run.has(row.customer_id))
      throw new UserError(`${where}: customer ${row.customer_id} appears twice in split ${row.split}`);
    run.set(row.customer_id, row.set as SplitSet);
  }
  return assignment;
}

/** The positions of each set among the snapshot's customers, for one run; every customer must have a set. */
export function splitPositions(
  path: string,
  run: number,
  assignment: Map<string, SplitSet>,
  customerIds: readonly string[],
): Record<SplitSet, number[]> {
  const out: Record<SplitSet, number[]> = { train: [], valid: [], test: [] };
  customerIds.forEach((id, i) => {
    const set = assignment.get(id);
    if (!set) throw new UserError(`split file ${path} gives customer ${id} no set in split ${run + 1}`);
    out[set].push(i);
  });
  return out;
}
