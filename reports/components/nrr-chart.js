// Net revenue retention by month: the MRR now of the subscribers of 12 months before over their MRR
// then (expansion counted), with a rule at 100%.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** months: [{month, nrr}] (null where there is no base 12 months before); options: width. */
export function nrrChart(months, { width = 640 } = {}) {
  const values = months.filter((m) => m.nrr != null);
  return vegaChart(
    {
      data: { values },
      layer: [
        {
          mark: { type: 'line', point: { size: 25 } },
          encoding: {
            x: { field: 'month', type: 'ordinal', title: t('field.month'), axis: { labelAngle: -45 } },
            y: { field: 'nrr', type: 'quantitative', title: t('subs.nrr'), axis: { format: '.0%' } },
            tooltip: [
              { field: 'month', title: t('field.month') },
              { field: 'nrr', type: 'quantitative', title: t('subs.nrr'), format: '.1%' },
            ],
          },
        },
        {
          data: { values: [{ y: 1 }] },
          mark: { type: 'rule', strokeDash: [4, 4], opacity: 0.5 },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
    { width, height: 220, label: t('subs.nrr') },
  );
}
