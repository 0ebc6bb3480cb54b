// Monthly trend: active customers (line) above revenue (bars), sharing the month axis.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** monthly: [{month: "2024-07", activeCustomers, purchases, revenue}]; options: width. */
export function trendChart(monthly, { width = 640 } = {}) {
  const values = monthly.map((d) => ({ ...d, date: `${d.month}-01` }));
  const inner = Math.max(160, width - 90);
  const x = {
    field: 'date',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: null,
    axis: { format: '%b %Y', labelAngle: 0, labelOverlap: true },
  };
  const tooltip = [
    { field: 'date', type: 'temporal', timeUnit: 'utcyearmonth', title: t('field.month'), format: '%B %Y' },
    { field: 'activeCustomers', type: 'quantitative', title: t('field.activeCustomers'), format: ',d' },
    { field: 'purchases', type: 'quantitative', title: t('field.purchases'), format: ',d' },
    { field: 'revenue', type: 'quantitative', title: t('field.revenue'), format: ',.0f' },
  ];
  return vegaChart(
    {
      data: { values },
      vconcat: [
        {
          width: inner,
          height: 160,
          mark: { type: 'line', point: true, color: '#4269d0' },
          encoding: {
            x: { ...x, axis: { ...x.axis, labels: false } },
            y: {
              field: 'activeCustomers',
              type: 'quantitative',
              title: t('field.activeCustomers'),
              axis: { format: '~s' },
            },
            tooltip,
          },
        },
        {
          width: inner,
          height: 120,
          mark: { type: 'bar', color: '#6cc5b0' },
          encoding: {
            x,
            y: { field: 'revenue', type: 'quantitative', title: t('field.revenue'), axis: { format: '~s' } },
            tooltip,
          },
        },
      ],
    },
    { width, label: t('overview.trend') },
  );
}
