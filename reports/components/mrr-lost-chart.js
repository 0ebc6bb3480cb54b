// MRR lost each month, stacked: to subscribers who ended and to downgrades.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** months: [{month, mrrLostEnds, mrrLostDowngrades}]; options: width. */
export function mrrLostChart(months, { width = 640 } = {}) {
  const values = months.flatMap((m) => [
    { month: m.month, cause: t('subs.lostEnds'), mrr: m.mrrLostEnds ?? 0 },
    { month: m.month, cause: t('subs.lostDowngrades'), mrr: m.mrrLostDowngrades ?? 0 },
  ]);
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'month', type: 'ordinal', title: t('field.month'), axis: { labelAngle: -45 } },
        y: { field: 'mrr', type: 'quantitative', stack: 'zero', title: t('field.mrrLost') },
        color: { field: 'cause', type: 'nominal', title: t('field.cause') },
        tooltip: [
          { field: 'month', title: t('field.month') },
          { field: 'cause', title: t('field.cause') },
          { field: 'mrr', type: 'quantitative', title: t('field.mrrLost'), format: ',.2f' },
        ],
      },
    },
    { width, height: 220, label: t('subs.mrrLost') },
  );
}
