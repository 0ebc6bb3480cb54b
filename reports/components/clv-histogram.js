// Distribution of BG/NBD x Gamma-Gamma CLV over the scored customers (the last bin holds the top 1%).
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/**
 * bins: [{from, to, customers}]; options: width, height, and for other value measures the axis title,
 * tooltip titles and accessible label (defaults: CLV).
 */
export function clvHistogram(
  bins,
  {
    width = 640,
    height = 220,
    title = t('field.clv'),
    fromTitle = t('field.clvFrom'),
    toTitle = t('field.clvTo'),
    label = t('base.clv'),
  } = {},
) {
  return vegaChart(
    {
      data: { values: bins },
      mark: { type: 'bar', binSpacing: 1 },
      encoding: {
        x: { field: 'from', type: 'quantitative', bin: { binned: true }, title, axis: { format: '~s' } },
        x2: { field: 'to' },
        y: { field: 'customers', type: 'quantitative', title: t('field.customers'), axis: { format: '~s' } },
        tooltip: [
          { field: 'from', type: 'quantitative', title: fromTitle, format: ',.0f' },
          { field: 'to', type: 'quantitative', title: toTitle, format: ',.0f' },
          { field: 'customers', type: 'quantitative', title: t('field.customers'), format: ',d' },
        ],
      },
    },
    { width, height, label },
  );
}
