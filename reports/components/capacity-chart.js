// Share of each channel's capacity over the planning period that the plan uses (100% marked).
import { codeLabel, t } from './labels.js';
import { CHANNELS, channelScale } from './tiers.js';
import { vegaChart } from './vega.js';

/** capacity: [{channel, capacity, used}]; labels: site.json labels. */
export function capacityChart(capacity, { labels, width = 640 } = {}) {
  const values = capacity.map((d) => ({
    ...d,
    share: d.capacity > 0 ? d.used / d.capacity : null,
    channelLabel: codeLabel(labels?.channel, d.channel),
  }));
  const y = {
    field: 'channelLabel',
    type: 'nominal',
    sort: CHANNELS.map((c) => codeLabel(labels?.channel, c)),
    title: null,
  };
  const tooltip = [
    { field: 'channelLabel', title: t('field.channel') },
    { field: 'used', type: 'quantitative', title: t('field.used'), format: ',d' },
    { field: 'capacity', type: 'quantitative', title: t('field.capacity'), format: ',d' },
    { field: 'share', type: 'quantitative', title: t('field.share'), format: '.1%' },
  ];
  return vegaChart(
    {
      data: { values },
      encoding: { y, tooltip },
      layer: [
        {
          mark: { type: 'bar', cornerRadiusEnd: 2 },
          encoding: {
            x: {
              field: 'share',
              type: 'quantitative',
              title: t('field.share'),
              scale: { domain: [0, Math.max(1, ...values.map((d) => d.share ?? 0))] },
              axis: { format: '.0%' },
            },
            color: { field: 'channel', type: 'nominal', scale: channelScale(), legend: null },
          },
        },
        {
          data: { values: [{ full: 1 }] },
          mark: { type: 'rule', strokeDash: [4, 3], opacity: 0.6 },
          encoding: { x: { field: 'full', type: 'quantitative' }, y: null, tooltip: null },
        },
      ],
    },
    { width, height: Math.max(120, values.length * 26), label: t('actions.capacity') },
  );
}
