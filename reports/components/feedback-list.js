// One customer's feedback texts on the customer page: date, type, sentiment (word and number), themes
// and the text, masked by the pipeline and set as text (never HTML).
import { el } from './dom.js';
import { codeLabel, t } from './labels.js';
import { eventTypeLabel } from './coverage-heatmap.js';
import { formatDate } from './format.js';
import { sentimentText } from './voice-quotes.js';

/** feedback: customers.json customer.feedback; themes: customers.json themes {code: {en, "zh-CN"}}; eventTypes: site.json labels.eventType. */
export function feedbackList(feedback, { themes, eventTypes }) {
  if (!feedback?.length) return el('p', { class: 'muted' }, t('customer.noFeedback'));
  return el(
    'ul',
    { class: 'feedback-list' },
    feedback.map((f) =>
      el(
        'li',
        { class: `feedback feedback--${f.label}` },
        el(
          'div',
          { class: 'muted' },
          [formatDate(f.date), eventTypeLabel(f.type, eventTypes), sentimentText(f.label, f.sentiment)].join(' · '),
          f.themes.length
            ? el('span', { class: 'feedback-themes' }, ' · ', f.themes.map((c) => codeLabel(themes, c)).join(', '))
            : null,
        ),
        el('blockquote', {}, f.text),
      ),
    ),
  );
}
