// Champion history: the validation ROC AUC of each champion from the day it took over (a step line),
// one point per champion coloured by how it got there (first model, promoted, forced, set by hand).
import { codeText, t } from './labels.js';
import { CHAMPION_HOWS, CHAMPION_HOW_COLORS } from './tiers.js';
import { dateAxisX, vegaChart } from './vega.js';

/** champions: monitoring.json champions (oldest first); options: width, height. */
export function championChart(champions, { width = 320, height = 240 } = {}) {
  const values = champions.filter((c) => c.auc != null).map((c) => ({ ...c, howLabel: codeText('decision', c.how) }));
  const present = CHAMPION_HOWS.filter((how) => values.some((c) => c.how === how));
  const x = dateAxisX('since', t('field.since'), values.length, 5);
  const y = {
    field: 'auc',
    type: 'quantitative',
    title: t('field.auc'),
    scale: { zero: false, padding: 12 },
    axis: { format: '.3f' },
  };
  return vegaChart(
    {
      data: { values },
      encoding: {
        x,
        y,
        tooltip: [
          { field: 'modelId', title: t('field.model') },
          { field: 'since', type: 'temporal', title: t('field.since'), format: '%Y-%m-%d %H:%M' },
          { field: 'asOf', type: 'temporal', title: t('field.trainedAsOf'), format: '%Y-%m-%d' },
          { field: 'howLabel', title: t('field.how') },
          { field: 'auc', type: 'quantitative', title: t('field.auc'), format: '.3f' },
          { field: 'ece', type: 'quantitative', title: t('field.ece'), format: '.3f' },
          { field: 'gini', type: 'quantitative', title: t('field.gini'), format: '.3f' },
        ],
      },
      layer: [
        { mark: { type: 'line', interpolate: 'step-after', color: 'currentColor', opacity: 0.4 } },
        {
          mark: { type: 'point', filled: true, size: 110, opacity: 1 },
          encoding: {
            color: {
              field: 'howLabel',
              type: 'nominal',
              title: t('field.how'),
              scale: {
                domain: present.map((how) => codeText('decision', how)),
                range: present.map((how) => CHAMPION_HOW_COLORS[how]),
              },
            },
          },
        },
      ],
    },
    { width, height, label: t('monitor.champions') },
  );
}
