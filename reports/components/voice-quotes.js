// Quotes of what customers wrote (already masked by the pipeline), always as text nodes through el():
// customer text never reaches innerHTML.
import { el } from './dom.js';
import { t } from './labels.js';
import { eventTypeLabel } from './coverage-heatmap.js';
import { formatDate } from './format.js';
import { languageLabel, themeLabel } from './voice-labels.js';

const sentimentValue = new Intl.NumberFormat('en', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

/** A sentiment as its word and its number: "negative (−0.36)". */
export function sentimentText(label, value) {
  return `${t(`voice.sentiment.${label}`)} (${sentimentValue.format(value)})`;
}

/** One quote: {date, type, lang, sentiment, text}; eventTypes: site.json labels.eventType. */
export function quote(q, eventTypes) {
  return el(
    'figure',
    { class: 'voice-quote' },
    el('blockquote', {}, q.text),
    el(
      'figcaption',
      { class: 'muted' },
      [
        formatDate(q.date),
        eventTypeLabel(q.type, eventTypes),
        languageLabel(q.lang),
        sentimentText('negative', q.sentiment),
      ].join(' · '),
    ),
  );
}

/** Quotes per theme: themes [{code, label, quotes}]; eventTypes: site.json labels.eventType. */
export function themeQuotes(themes, eventTypes) {
  const withQuotes = themes.filter((d) => d.quotes.length > 0);
  if (!withQuotes.length) return el('p', { class: 'muted' }, t('voice.noQuotes'));
  return el(
    'div',
    { class: 'grid grid-cols-2 voice-quotes' },
    withQuotes.map((d) =>
      el(
        'div',
        { class: 'card' },
        el('h3', {}, themeLabel(d)),
        d.quotes.map((q) => quote(q, eventTypes)),
      ),
    ),
  );
}
