// Feedback text as the site receives it (voice.json's quotes, customers.json's feedback): personal data
// masked with maskFreeText, the writer's own name, e-mail and phone included, whatever report.showContacts
// says (free text is never published raw), then shortened. Masking comes first, so a cut never leaves
// half a phone number unmasked.
import { NEGATIVE_BELOW } from '../text/text-signals.ts';
import { maskFreeText } from './mask-text.ts';

/** Characters of a published quote (code points); longer texts end in "…". */
export const QUOTE_LENGTH = 200;

/** The writer's contact fields as customers holds them. */
export interface Writer {
  name?: unknown;
  email?: unknown;
  phone?: unknown;
}

const value = (v: unknown): string[] => (typeof v === 'string' && v.trim() !== '' ? [v] : []);

/** The text with personal data masked, the writer's own contact data included; white space collapsed. */
export function maskedText(text: string, writer: Writer): string {
  const known = { names: value(writer.name), emails: value(writer.email), phones: value(writer.phone) };
  return maskFreeText(text, known).replace(/\s+/g, ' ').trim();
}

/** The text masked (maskedText) and cut to `length` code points. */
export function publishedText(text: string, writer: Writer, length = QUOTE_LENGTH): string {
  const masked = maskedText(text, writer);
  const chars = [...masked];
  if (chars.length <= length) return masked;
  const cut = chars.slice(0, length - 1).join('');
  // End at a space when one is near, so a Latin word is not cut in half.
  const space = cut.lastIndexOf(' ');
  return `${space > length * 0.8 ? cut.slice(0, space) : cut}…`;
}

/** Sentiment of -1..1 as a word: negative as text_signals marks it, positive above the neutral band. */
export function sentimentLabel(sentiment: number, negative: boolean): 'negative' | 'neutral' | 'positive' {
  if (negative) return 'negative';
  return sentiment > -NEGATIVE_BELOW ? 'positive' : 'neutral';
}
