// runs-history.json: the headline numbers of every published run, so the site can show the change
// since the previous run and the trend across runs. Kept in the publish directory: each publish reads
// the previous file, replaces or adds this run (keyed by as-of date and model id) and writes it back.
// Runs are ordered by as-of date, then by when they were first published (a sequence number).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RunHeadline {
  asOf: string;
  modelId: string;
  seq: number;
  activeCustomers: number | null;
  trailingChurnRate: number | null;
  predictedChurnRate: number | null;
  repurchaseRate: number | null;
  nps: number | null;
  clvTotal: number | null;
  valueAtRisk: number | null;
  highRiskCustomers: number | null;
}

interface OverviewLike {
  asOf: string;
  modelId: string;
  customers: { active: number | null };
  churn: { trailingRate: number | null; predictedRate: number | null };
  repurchaseRate: number | null;
  nps: number | null;
  value: { predictedTotal: number | null; atRisk: number | null };
  tiers: { tier: string; customers: number }[];
}

const MAX_RUNS = 200;

export async function runsHistory(publishDir: string, o: OverviewLike): Promise<{ runs: RunHeadline[] }> {
  const previous = await readPrevious(join(publishDir, 'runs-history.json'));
  const existing = previous.find((r) => r.asOf === o.asOf && r.modelId === o.modelId);
  const run: RunHeadline = {
    asOf: o.asOf,
    modelId: o.modelId,
    seq: existing?.seq ?? Math.max(0, ...previous.map((r) => r.seq)) + 1,
    activeCustomers: o.customers.active,
    trailingChurnRate: o.churn.trailingRate,
    predictedChurnRate: o.churn.predictedRate,
    repurchaseRate: o.repurchaseRate,
    nps: o.nps,
    clvTotal: o.value.predictedTotal,
    valueAtRisk: o.value.atRisk,
    highRiskCustomers: o.tiers.find((t) => t.tier === 'high')?.customers ?? 0,
  };
  const runs = [...previous.filter((r) => r !== existing), run]
    .sort((a, b) => a.asOf.localeCompare(b.asOf) || a.seq - b.seq)
    .slice(-MAX_RUNS);
  return { runs };
}

/** The runs of an earlier publish; a missing or unreadable file starts a new history. */
async function readPrevious(file: string): Promise<RunHeadline[]> {
  try {
    const data = JSON.parse(await readFile(file, 'utf8'));
    return Array.isArray(data?.runs)
      ? data.runs.filter((r: RunHeadline) => typeof r?.asOf === 'string' && typeof r?.seq === 'number')
      : [];
  } catch {
    return [];
  }
}
