// The Actions page's what-if: contacts per week per channel and a budget, replanned in the browser
// with the plan's own walk (plan-greedy.js) over the candidates the publish step wrote (actions.json
// whatIf), so the numbers equal `churn plan --capacity ... --budget ...` for the same settings.
import { el } from './dom.js';
import { formatInt, formatOneDecimal, formatValue } from './format.js';
import { codeLabel, t, tn } from './labels.js';
import { planOutcome, walkPairs } from './plan-greedy.js';

const FIELD = 'display:flex;flex-direction:column;gap:0.2rem;min-width:7rem;flex:1 1 7rem';
const INPUT = 'width:100%;color:inherit;background:transparent;border:1px solid var(--theme-foreground-faint)';

/** data: actions.json whatIf; labels: site.json's dictionaries. */
export function whatIfPanel(data, { labels }) {
  const number = (name, value, label) => {
    const input = el('input', { type: 'number', min: 0, step: 1, value, name, inputmode: 'numeric', style: INPUT });
    input.addEventListener('input', update);
    return { input, field: el('label', { style: FIELD }, label, input) };
  };
  const channels = data.channels.map((c) => ({
    channel: c.channel,
    ...number(`capacity-${c.channel}`, c.perWeek, codeLabel(labels.channel, c.channel)),
  }));
  const budget = number('budget', '', t('whatIf.budget'));
  budget.input.placeholder = t('whatIf.noLimit');
  budget.input.step = 'any';
  const message = el('p', { class: 'muted', role: 'status' });
  const out = el('dl', { class: 'what-if-out', style: 'display:flex;flex-wrap:wrap;gap:0.5rem 2rem' });

  function update() {
    const capacity = {};
    const bad = [];
    for (const c of channels) {
      const n = wholeNumber(c.input.value);
      if (n === null) bad.push(c.input);
      else capacity[c.channel] = n * data.planningWeeks;
    }
    const budgetValue = budget.input.value.trim() === '' ? null : Number(budget.input.value);
    if (budgetValue !== null && !(budgetValue >= 0)) bad.push(budget.input);
    for (const input of [...channels.map((c) => c.input), budget.input])
      input.setAttribute('aria-invalid', String(bad.includes(input)));
    if (bad.length) {
      message.textContent = t('whatIf.invalid');
      return;
    }
    const walk = walkPairs({ customers: data.control.length, ...data, capacity, budget: budgetValue });
    const o = planOutcome({ pick: walk.pick, ...data });
    message.textContent = tn('whatIf.note', data.planningWeeks, { weeks: data.planningWeeks });
    out.replaceChildren(
      item('contacted', t('whatIf.contacted'), { estimate: o.contacted }, formatInt),
      item('retained', t('whatIf.retained'), o.retained, formatOneDecimal),
      item('valueSaved', t('whatIf.valueSaved'), o.valueSaved, formatValue),
      item('cost', t('whatIf.cost'), { estimate: o.cost }, formatValue),
      item('netBenefit', t('whatIf.netBenefit'), o.netBenefit, formatValue),
    );
  }
  update();
  return el(
    'div',
    { class: 'what-if' },
    el(
      'div',
      { style: 'display:flex;flex-wrap:wrap;gap:0.75rem' },
      channels.map((c) => c.field),
      budget.field,
    ),
    message,
    out,
  );
}

/** One number with its interval; the raw values ride along as data attributes (for tests and copying). */
function item(key, label, { estimate, low = null, high = null }, format) {
  const range = low === null || high === null ? '' : ` (${format(low)} – ${format(high)})`;
  return el(
    'div',
    { 'data-key': key, 'data-estimate': estimate, 'data-low': low ?? '', 'data-high': high ?? '' },
    el('dt', { class: 'muted' }, label),
    el('dd', { style: 'margin:0;font-size:1.2rem' }, format(estimate) + range),
  );
}

function wholeNumber(text) {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 ? n : null;
}
