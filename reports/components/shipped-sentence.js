// The Model page's plain sentence on what ships and why: for each head, the candidate that scored
// best on the validation window and its margin over the best of the others (model.json `shipped`,
// from the version's card). A version without it shipped the network without any comparison.
import { el } from './dom.js';
import { formatMetric, formatMetricDelta } from './format.js';
import { codeText, t } from './labels.js';

/** The winner's score and its margin over the best other candidate: {score, other, delta} (other null when alone). */
export function choiceMargin(candidates, winner, metric) {
  const finite = (c) => c[metric] != null && Number.isFinite(c[metric]);
  const won = candidates.find((c) => c.id === winner);
  const best = candidates.filter((c) => c.id !== winner && finite(c)).sort((a, b) => b[metric] - a[metric])[0];
  return {
    score: won?.[metric] ?? null,
    other: best?.id ?? null,
    delta: best && won && finite(won) ? won[metric] - best[metric] : null,
  };
}

function part(head, metric, label) {
  const m = choiceMargin(head.candidates, head.model, metric);
  return {
    name: codeText('candidateRef', head.model),
    score: `${label} ${formatMetric(m.score)}`,
    margin: m.other
      ? t('model.choice.margin', { delta: formatMetricDelta(m.delta), other: codeText('candidateRef', m.other) })
      : '',
  };
}

/** shipped: model.json `shipped` ({churn: {model, candidates}, value: {model, candidates}}) or null. */
export function shippedSentence(shipped) {
  if (!shipped)
    return el(
      'p',
      { class: 'lead shipped-sentence', 'data-churn': 'network', 'data-value': 'network' },
      t('model.choice.old'),
    );
  const churn = part(shipped.churn, 'auc', 'AUC');
  const value = part(shipped.value, 'gini', 'Gini');
  return el(
    'p',
    { class: 'lead shipped-sentence', 'data-churn': shipped.churn.model, 'data-value': shipped.value.model },
    t('model.choice.sentence', {
      churn: churn.name,
      churnScore: churn.score,
      churnMargin: churn.margin,
      value: value.name,
      valueScore: value.score,
      valueMargin: value.margin,
      why: t('model.choice.why'),
    }),
  );
}
