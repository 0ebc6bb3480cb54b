// monitoring.json for the site's model page: the retraining runs, the champion history, this run's
// drift and the realised performance of earlier scores. Built from the run reports (files) and the
// `realised` table.
import { systemClock, type Clock } from '../clock.ts';
import type { RealisedRow } from '../monitor/realised.ts';
import { listCards } from '../train/model-card.ts';
import type { WindowMetrics } from './decide.ts';
import { listReports, type RunReport } from './run-report.ts';

type Metrics = { auc: number | null; ece: number | null; gini: number | null };

export async function monitoringFile(
  dir: string,
  modelsDir: string,
  current: RunReport,
  realised: RealisedRow[],
  now: Clock = systemClock,
) {
  // The current run is still running while it publishes, but its release only ever becomes visible
  // if the run succeeds: that is how it is shown.
  const shown: RunReport = {
    ...current,
    status: 'succeeded',
    exitCode: 0,
    endedAt: current.endedAt ?? now().toISOString(),
  };
  const reports = [shown, ...listReports(dir).filter((r) => r.runId !== current.runId)];
  const pick = (m: WindowMetrics | null | undefined): Metrics | null =>
    m ? { auc: clean(m.auc), ece: clean(m.ece), gini: clean(m.gini) } : null;
  const runs = reports.map((r) => ({
    runId: r.runId,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
    exitCode: r.exitCode,
    asOf: r.asOf ?? '',
    decision: r.decision?.decision ?? null,
    reasons: r.decision?.reasons ?? (r.error ? [r.error] : []),
    reasonsZh: r.decision?.reasonsZh ?? (r.error ? [`运行未完成:${r.error}`] : []),
    champion: r.champion ?? r.decision?.championBefore ?? '',
    challenger: r.decision?.challenger ?? null,
    championMetrics: pick(r.decision?.championMetrics),
    challengerMetrics: pick(r.decision?.challengerMetrics),
  }));
  return {
    runs,
    champions: championHistory(reports, modelsDir),
    drift: current.drift,
    realised: realised.map(realisedPoint),
  };
}

/** Each change of champion, oldest first: by a run's decision, or by hand (`churn models promote`) in between. */
function championHistory(newestFirst: RunReport[], modelsDir: string) {
  const cards = new Map(listCards(modelsDir).map((c) => [c.modelId, c]));
  const out: {
    modelId: string;
    since: string;
    asOf: string;
    how: string;
    auc: number | null;
    ece: number | null;
    gini: number | null;
  }[] = [];
  let last: string | null = null;
  for (const r of [...newestFirst].reverse()) {
    const before = r.decision?.championBefore ?? null;
    if (before !== null && before !== last) push(before, 'manual', r.startedAt, null);
    const after = r.champion;
    if (after !== null && after !== (before ?? last)) {
      const how = r.decision && r.decision.challenger === after ? r.decision.decision : 'manual';
      push(
        after,
        how === 'rejected' ? 'manual' : how,
        r.stages.find((s) => s.name === 'compare')?.endedAt ?? r.startedAt,
        r.decision?.challenger === after ? r.decision.challengerMetrics : null,
      );
    }
  }
  return out;

  function push(modelId: string, how: string, since: string, metrics: WindowMetrics | null) {
    const card = cards.get(modelId);
    const m = card?.metrics as { auc?: number; ece?: number; value?: { gini?: number } } | undefined;
    out.push({
      modelId,
      since,
      asOf: card?.trainingWindow.asOf ?? '',
      how,
      auc: clean(metrics?.auc ?? m?.auc ?? NaN),
      ece: clean(metrics?.ece ?? m?.ece ?? NaN),
      gini: clean(metrics?.gini ?? m?.value?.gini ?? NaN),
    });
    last = modelId;
  }
}

function realisedPoint(r: RealisedRow) {
  return {
    runAsOf: r.asOf,
    modelId: r.modelId,
    maturedAt: r.computedAt.slice(0, 10),
    customers: r.customers,
    auc: clean(r.auc),
    ece: clean(r.ece),
    gini: clean(r.gini),
    predictedChurnRate: clean(r.predictedRate),
    actualChurnRate: clean(r.actualRate),
  };
}

const clean = (v: number) => (Number.isFinite(v) ? Math.round(v * 10000) / 10000 : null);
