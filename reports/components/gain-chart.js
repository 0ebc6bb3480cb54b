// Cumulative gain: the share of all churners found when contacting the top x% of customers by churn
// score; the diagonal is a random list.
import { t } from './labels.js';
import { unitCurveChart } from './vega.js';

/** lift: [{decile, cumulativeGain}] (deciles 1..10); options: width, height. */
export function gainChart(lift, { width = 320, height = 240 } = {}) {
  const values = [{ share: 0, gain: 0 }, ...lift.map((d) => ({ share: d.decile / 10, gain: d.cumulativeGain }))];
  return unitCurveChart(values, {
    x: { field: 'share', title: t('field.contacted'), format: '.0%' },
    y: { field: 'gain', title: t('field.churnersFound'), format: '.1%' },
    axisFormat: '.0%',
    pointSize: 30,
    label: t('model.gain'),
    width,
    height,
  });
}
