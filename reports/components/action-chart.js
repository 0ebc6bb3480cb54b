// Customers to contact per playbook action (bars in the channel's colour), control group in the tooltip.
import { codeLabel, t } from './labels.js';
import { channelScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** plan: [{action, channel, customers, control, expectedSaved, cost, netBenefit}]; labels: site.json labels. */
export function actionChart(plan, { labels, width = 640 } = {}) {
  const values = plan.map((d) => ({
    ...d,
    actionLabel: codeLabel(labels?.action, d.action),
    channelLabel: codeLabel(labels?.channel, d.channel),
  }));
  return vegaChart(
    {
      data: { values },
      mark: { type: 'bar', cornerRadiusEnd: 2 },
      encoding: {
        y: {
          field: 'actionLabel',
          type: 'nominal',
          sort: '-x',
          title: null,
          axis: { labelLimit: Math.max(120, width * 0.35) },
        },
        x: { field: 'customers', type: 'quantitative', title: t('field.customers'), axis: { format: '~s' } },
        color: {
          field: 'channel',
          type: 'nominal',
          scale: channelScale(values.map((d) => d.channel)),
          title: t('field.channel'),
          legend: {
            labelExpr: `${JSON.stringify(Object.fromEntries(values.map((d) => [d.channel, d.channelLabel])))}[datum.value] || datum.value`,
          },
        },
        tooltip: [
          { field: 'actionLabel', title: t('field.action') },
          { field: 'channelLabel', title: t('field.channel') },
          { field: 'customers', type: 'quantitative', title: t('col.customers'), format: ',d' },
          { field: 'control', type: 'quantitative', title: t('col.control'), format: ',d' },
          { field: 'expectedSaved', type: 'quantitative', title: t('col.expectedSaved'), format: ',.0f' },
          { field: 'cost', type: 'quantitative', title: t('col.cost'), format: ',.0f' },
        ],
      },
    },
    { width, height: Math.max(120, values.length * 26), label: t('actions.byAction') },
  );
}
