// One customer's headline numbers on the customer page: churn probability, value, value at risk,
// P(alive) and the next purchase. P(alive) is BG/NBD's, and BG/NBD lets a customer drop out only
// right after a repeat purchase: with one purchase day it says 100% however long the silence, beside a
// churn probability that says otherwise (issue 23). The pipeline publishes it (and its band) only with
// a repeat purchase (`purchaseDays` >= 2); otherwise the card says why there is no number, and the
// next purchase, dated by the same model as if the customer were still buying, says so too.
import { kpiCards } from './kpi-cards.js';
import { formatDate, formatPercent, formatValue } from './format.js';
import { t } from './labels.js';

/** customer: a customers.json record. */
export function customerKpis(customer) {
  return kpiCards([
    {
      label: t('field.churnProb'),
      value: formatPercent(customer.churnProb),
      tone: customer.riskTier === 'high' ? 'high' : null,
      note: band(customer, customer.churnLow, customer.churnHigh, formatPercent),
    },
    {
      label: t('field.predictedValue'),
      value: formatValue(customer.predictedValue),
      note: band(customer, customer.valueLow, customer.valueHigh, formatValue),
    },
    { label: t('field.valueAtRisk'), value: formatValue(customer.valueAtRisk), tone: 'high' },
    pAliveCard(customer),
    nextPurchaseCard(customer),
  ]);
}

/** "80%: likely low–high" at the scores' interval level (none published: the words alone); null without a band. */
function band(c, low, high, format, key = 'customer.valueBand') {
  if (low == null || high == null) return null;
  const level = c.intervalLevel == null ? '' : `${Math.round(c.intervalLevel * 1000) / 10}%: `;
  return t(key, { level, low: format(low), high: format(high) });
}

/** Without `purchaseDays` (customers.json from before it), the number as published. */
const oneTimeBuyer = (c) => c.purchaseDays != null && c.purchaseDays < 2;

function pAliveCard(c) {
  const card = { label: t('field.pAlive'), help: t('customer.pAliveHelp') };
  if (oneTimeBuyer(c))
    return {
      ...card,
      value: '–',
      note: t(c.purchaseDays === 1 ? 'customer.pAliveOnePurchase' : 'customer.pAliveNoPurchase'),
    };
  if (c.pAlive == null) return { ...card, value: '–' };
  // A customer who is gone cannot buy: a P(alive) below the (learned, calibrated) chance of a purchase
  // within 30 days is BG/NBD overconfident about this history, and shown bare it contradicts that card.
  if (c.pPurchase30 != null && c.pAlive < c.pPurchase30)
    return { ...card, value: '–', note: t('customer.pAliveContradicted', { p: formatPercent(c.pAlive) }) };
  return { ...card, value: formatPercent(c.pAlive), note: band(c, c.pAliveLow, c.pAliveHigh, formatPercent) };
}

function nextPurchaseCard(c) {
  const dates = c.nextPurchase
    ? band(c, c.nextPurchaseLow, c.nextPurchaseHigh, formatDate, 'customer.nextPurchaseBand')
    : null;
  const within = c.pPurchase30 == null ? null : t('customer.pPurchase30', { p: formatPercent(c.pPurchase30) });
  return {
    label: t('field.nextPurchase'),
    value: c.nextPurchase ? formatDate(c.nextPurchase) : t('customer.noPurchaseExpected'),
    note: c.pPurchase30 == null ? null : [dates, within].filter(Boolean).join(' · '),
    help: c.nextPurchase && oneTimeBuyer(c) ? t('customer.nextPurchaseOnePurchase') : null,
  };
}
