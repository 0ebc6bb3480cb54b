// The Qini curve of one action (actions.json learned.qini): incremental customers retained among the top
// share of its past customers ranked by predicted uplift, against the straight line of random targeting.
import { t } from './labels.js';
import { vegaChart } from './vega.js';

/** curve: {points: [{phi, qini, random}]}. */
export function qiniChart(curve, { width = 640, height = 300 } = {}) {
  const model = t('actions.qiniModel');
  const random = t('actions.qiniRandom');
  const values = curve.points.flatMap((p) => [
    { phi: p.phi, value: p.qini, line: model },
    { phi: p.phi, value: p.random, line: random },
  ]);
  const chart = vegaChart(
    {
      data: { values },
      mark: { type: 'line', interpolate: 'linear' },
      encoding: {
        x: {
          field: 'phi',
          type: 'quantitative',
          title: t('actions.qiniTargeted'),
          scale: { domain: [0, 1] },
          axis: { format: '.0%' },
        },
        y: { field: 'value', type: 'quantitative', title: t('actions.qiniAxis') },
        color: {
          field: 'line',
          type: 'nominal',
          title: null,
          scale: { domain: [model, random], range: ['#4269d0', '#9c9c9c'] },
        },
        strokeDash: {
          field: 'line',
          type: 'nominal',
          scale: {
            domain: [model, random],
            range: [
              [1, 0],
              [4, 4],
            ],
          },
          title: null,
        },
        tooltip: [
          { field: 'line', title: ' ' },
          { field: 'phi', type: 'quantitative', title: t('actions.qiniTargeted'), format: '.0%' },
          { field: 'value', type: 'quantitative', title: t('actions.qiniAxis'), format: ',.1f' },
        ],
      },
    },
    { width, height, label: t('actions.qini') },
  );
  chart.classList.add('qini-chart');
  return chart;
}
