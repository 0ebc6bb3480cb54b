// Drift: PSI of each model input (and of the churn score) between the reference and the current
// snapshot, largest first, coloured by level, with the warn and alert thresholds as rules.
import { codeText, t } from './labels.js';
import { LEVELS, LEVEL_COLORS } from './tiers.js';
import { vegaChart } from './vega.js';

/** drift: monitoring.json drift (not null); options: width. */
export function driftChart(drift, { width = 320 } = {}) {
  const rows = [...drift.features, ...(drift.score ? [{ ...drift.score, feature: t('monitor.score') }] : [])];
  const values = rows.map((r) => ({
    feature: r.feature,
    psi: r.psi,
    level: r.level,
    levelLabel: codeText('level', r.level),
  }));
  const x = { type: 'quantitative', title: t('field.psi') };
  const rule = (value, level) => ({
    data: { values: [{ psi: value, levelLabel: codeText('level', level) }] },
    mark: { type: 'rule', strokeDash: [4, 4], strokeWidth: 1.5, color: LEVEL_COLORS[level] },
    encoding: {
      x: { field: 'psi', ...x },
      tooltip: [
        { field: 'levelLabel', title: t('field.level') },
        { field: 'psi', type: 'quantitative', title: t('field.psi'), format: '.2f' },
      ],
    },
  });
  return vegaChart(
    {
      layer: [
        {
          data: { values },
          mark: { type: 'bar', cornerRadiusEnd: 2 },
          encoding: {
            y: { field: 'feature', type: 'nominal', sort: '-x', title: null },
            x: { field: 'psi', ...x },
            color: {
              field: 'levelLabel',
              type: 'nominal',
              title: t('field.level'),
              scale: { domain: LEVELS.map((l) => codeText('level', l)), range: LEVELS.map((l) => LEVEL_COLORS[l]) },
            },
            tooltip: [
              { field: 'feature', title: t('field.feature') },
              { field: 'psi', type: 'quantitative', title: t('field.psi'), format: '.3f' },
              { field: 'levelLabel', title: t('field.level') },
            ],
          },
        },
        rule(drift.warn, 'warn'),
        rule(drift.alert, 'alert'),
      ],
    },
    { width, height: Math.max(120, rows.length * 22), label: t('monitor.driftTitle') },
  );
}
