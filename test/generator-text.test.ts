// The demo's free text (issue 20, "a demo that talks", pipeline/generate/feedback-text.ts): tickets,
// survey comments and care notes vary, follow the customer's language, carry the churn mechanism's
// state in their tone, their themes follow plan, region and channel, a documented share carries
// personal data for the masking to find; and writing them moved no other column of the history.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectLanguage, lexiconSentiment } from '../models/text/index.ts';
import { PLANT_SHARE, textSeed } from '../pipeline/generate/feedback-text.ts';
import { generateHistory, type CustomerRow, type EventRow } from '../pipeline/generate/generator.ts';
import { generateSubscriptionHistory } from '../pipeline/generate/subscription-generator.ts';
import { maskFreeText } from '../pipeline/report/mask-text.ts';
import { tagThemes } from '../pipeline/text/theme-tagger.ts';

const DAY = 86_400_000;
const END = Date.UTC(2026, 6, 1);
const FEEDBACK = new Set(['support_ticket', 'survey', 'care_contact', 'cancellation']);

const customers = new Map<string, CustomerRow>();
const texts: EventRow[] = [];
const purchases = new Map<string, number[]>();
const resolvedAt = new Map<string, number>();
const allTickets: EventRow[] = [];

beforeAll(() => {
  generateHistory(
    { customers: 2000, seed: 5 },
    {
      customer: (c) => customers.set(c.customer_id, c),
      event: (e) => {
        if (e.type === 'purchase') purchases.set(e.customer_id, [...(purchases.get(e.customer_id) ?? []), e.ts]);
        if (e.type === 'ticket_resolved') resolvedAt.set(e.text as string, e.ts);
        if (e.type === 'support_ticket') allTickets.push(e);
        if (FEEDBACK.has(e.type) && e.text !== null) texts.push(e);
      },
    },
  );
});

const ofType = (type: string) => texts.filter((e) => e.type === type);
const negative = (text: string) => lexiconSentiment(text).score < 0;
/** Share of the texts (in %) for which `test` holds. */
const share = (rows: EventRow[], test: (text: string) => boolean) =>
  (100 * rows.filter((e) => test(e.text as string)).length) / rows.length;
const customer = (e: EventRow) => customers.get(e.customer_id) as CustomerRow;

/** sha256 of every row with the free text of feedback events left out. */
function digestWithoutFeedbackText(business: 'retail' | 'subscription', count: number, seed: number): string {
  const hash = createHash('sha256');
  const sink = {
    customer: (c: object) => hash.update(JSON.stringify(c) + '\n'),
    attribute: (a: object) => hash.update(JSON.stringify(a) + '\n'),
    event: (e: EventRow) =>
      hash.update(JSON.stringify({ ...e, text: FEEDBACK.has(e.type) ? '(free text)' : e.text }) + '\n'),
  };
  if (business === 'retail') generateHistory({ customers: count, seed }, sink);
  else generateSubscriptionHistory({ customers: count, seed }, sink);
  return hash.digest('hex');
}

describe('the generated free text', () => {
  it('leaves every other column as it was: digests computed before the text had its own stream', () => {
    // Computed on main before feedback-text.ts existed (fixed ticket topics and survey comments).
    expect(digestWithoutFeedbackText('retail', 400, 5)).toBe(
      'c9fefc5dbd3112d44e389b646a7b42f652f0146e460d72e7fd063f008a16a2a0',
    );
    expect(digestWithoutFeedbackText('subscription', 300, 5)).toBe(
      '790c7c752513eb69c6e4554f584d3d4f4f13b8b1638184a4d736c04efa8ca8da',
    );
  });

  it('seeds the text streams apart from the simulation: a salted seed, never the seed itself', () => {
    for (const seed of [0, 1, -5, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      expect(Number.isSafeInteger(textSeed(seed))).toBe(true);
      expect(textSeed(seed)).not.toBe(seed);
    }
  });

  it('varies: thousands of distinct tickets, hundreds of comments and notes, of realistic length', () => {
    const distinct = (type: string) => new Set(ofType(type).map((e) => e.text)).size;
    expect(distinct('support_ticket')).toBeGreaterThan(2000);
    expect(distinct('survey')).toBeGreaterThan(300);
    expect(distinct('care_contact')).toBeGreaterThan(600);
    const outOfRange = texts.filter((e) => {
      const text = e.text as string;
      const lang = detectLanguage(text).language;
      if (lang === 'zh') return text.length < 5 || text.length > 80;
      if (lang === 'en') return text.split(/\s+/).length < 5 || text.split(/\s+/).length > 60;
      return text.length > 160;
    });
    expect(outOfRange.map((e) => e.text)).toEqual([]);
    expect(texts.some((e) => (e.text as string).includes('\n'))).toBe(true);
    expect(texts.some((e) => (e.text as string).includes('"'))).toBe(true);
  });

  it('is written in the customer language: Chinese names write Chinese (a few mixed), the others English', () => {
    const han = /\p{Script=Han}/u;
    const zh = texts.filter((e) => e.type !== 'cancellation' && han.test(customer(e).name ?? ''));
    const en = texts.filter((e) => /^[A-Za-z]/.test(customer(e).name ?? ''));
    const lang = (rows: EventRow[], l: string) => share(rows, (t) => detectLanguage(t).language === l);
    expect(zh.length).toBeGreaterThan(1000);
    expect(lang(zh, 'zh') + lang(zh, 'mixed')).toBeGreaterThan(98);
    expect(lang(zh, 'mixed')).toBeGreaterThan(0.5);
    expect(lang(en, 'en') + lang(en, 'mixed')).toBeGreaterThan(98);
  });

  it('sounds like the churn mechanism: detractors, open tickets and lapsing customers write more negatively', () => {
    const surveys = ofType('survey');
    const detractors = share(
      surveys.filter((e) => (e.score as number) <= 6),
      negative,
    );
    const promoters = share(
      surveys.filter((e) => (e.score as number) >= 9),
      negative,
    );
    expect(detractors - promoters).toBeGreaterThan(60);
    // Praise exists: promoters write positive comments about fast delivery and good service.
    const praise = surveys.filter((e) => (e.score as number) >= 9 && lexiconSentiment(e.text as string).score > 0);
    expect(share(praise, (t) => tagThemes(t).includes('delivery'))).toBeGreaterThan(10);
    expect(share(praise, (t) => tagThemes(t).includes('service'))).toBeGreaterThan(10);

    // A ticket written while an earlier one (of the last 120 days) is still open is angrier.
    const open: EventRow[] = [];
    const first: EventRow[] = [];
    for (const t of allTickets) {
      const earlier = allTickets.filter(
        (p) => p.customer_id === t.customer_id && p.ts < t.ts && p.ts > t.ts - 120 * DAY,
      );
      (earlier.some((p) => (resolvedAt.get(p.event_id) ?? Infinity) > t.ts) ? open : first).push(t);
    }
    expect(open.length).toBeGreaterThan(100);
    expect(share(open, negative) - share(first, negative)).toBeGreaterThan(20);

    // Beyond the score: texts of customers who buy nothing in the next 90 days are more negative.
    const seen = texts.filter((e) => e.type !== 'survey' && e.ts < END - 90 * DAY);
    const buys = (e: EventRow) => (purchases.get(e.customer_id) ?? []).some((t) => t > e.ts && t <= e.ts + 90 * DAY);
    const lapsing = share(
      seen.filter((e) => !buys(e)),
      negative,
    );
    const staying = share(seen.filter(buys), negative);
    expect(lapsing - staying).toBeGreaterThan(4);
  });

  it('complains about different things by region, plan and channel (themes.ts keywords)', () => {
    const tickets = ofType('support_ticket');
    const ratio = (code: string, inGroup: (c: CustomerRow) => boolean) => {
      const has = (t: string) => tagThemes(t).includes(code);
      const a = share(
        tickets.filter((e) => inGroup(customer(e))),
        has,
      );
      const b = share(
        tickets.filter((e) => !inGroup(customer(e))),
        has,
      );
      return a / b;
    };
    const far = (c: CustomerRow) => c.region === 'overseas' || c.region === 'west';
    expect(ratio('delivery', far)).toBeGreaterThan(1.6);
    expect(ratio('price', (c) => c.plan === 'discount')).toBeGreaterThan(2.5);
    expect(ratio('service', (c) => c.plan === 'premium')).toBeGreaterThan(1.6);
    expect(ratio('app', (c) => c.channel === 'app')).toBeGreaterThan(3);
    expect(ratio('billing', (c) => !far(c) && c.plan !== 'discount' && c.channel !== 'app')).toBeGreaterThan(1.5);
    expect(share(tickets, (t) => tagThemes(t).length > 0)).toBeGreaterThan(75);
  });

  it('plants personal data in the documented share of texts, and the contact data masks away', () => {
    const planted =
      /@|(?:2024|2025|2026)\d{8}|\d+号\d+栋|\d+ [A-Z][a-z]+ (?:Street|Road|Avenue|Lane), Apt|\+?\d[\d ()-]{7,}\d|My name is|Regards, |Hi, this is|我叫|收货人：|courier, |colleague |Spoke with|通话。|快递员|同事/;
    for (const [type, kind] of [
      ['support_ticket', 'ticket'],
      ['care_contact', 'care'],
      ['survey', 'survey'],
    ] as const) {
      const rows = ofType(type);
      const found = rows.filter((e) => planted.test(e.text as string)).length;
      // Within three binomial standard deviations of the documented share.
      const p = PLANT_SHARE[kind];
      const sd = Math.sqrt(rows.length * p * (1 - p));
      expect(found, type).toBeGreaterThan(rows.length * p - 3 * sd);
      expect(found, type).toBeLessThan(rows.length * p + 3 * sd);
    }
    // E-mails, phones, order numbers and addresses (own or someone else's) are all found by the masking.
    const left = texts.filter((e) => {
      const c = customer(e);
      const masked = maskFreeText(e.text as string, { names: [c.name], emails: [c.email], phones: [c.phone] });
      return /@|\d{8,}|\+\d|\d{3}[ -]\d{4}|号\d+栋|(?:Street|Road|Avenue|Lane), Apt/.test(masked);
    });
    expect(left.map((e) => e.text)).toEqual([]);
    // The customer's own contact data appears too, not only strangers'.
    const own = texts.filter((e) => {
      const c = customer(e);
      return [c.email, c.phone].some((v) => v !== null && v.length > 5 && (e.text as string).includes(v));
    });
    expect(own.length).toBeGreaterThan(20);
  });

  it('writes care notes as the staff, in the customer language, recording the mood and outcome', () => {
    const notes = ofType('care_contact');
    const zhNotes = notes.filter((e) => /\p{Script=Han}/u.test(customer(e).name ?? ''));
    expect(share(zhNotes, (t) => detectLanguage(t).language === 'zh')).toBeGreaterThan(97);
    expect(
      share(notes, (t) => /customer (?:upset|frustrated|very angry|furious)|客户(?:很不高兴|非常生气|很愤怒)/.test(t)),
    ).toBeGreaterThan(5);
  });

  it('gives subscription cancellations reasons in the customer language, in many wordings', () => {
    const reasons: string[] = [];
    generateSubscriptionHistory(
      { customers: 600, seed: 11 },
      {
        customer() {},
        attribute() {},
        event: (e) => (e.type === 'cancellation' ? reasons.push(e.text as string) : undefined),
      },
    );
    expect(reasons.length).toBeGreaterThan(50);
    expect(new Set(reasons).size).toBeGreaterThan(30);
    expect(reasons.some((r) => detectLanguage(r).language === 'zh')).toBe(true);
    expect(reasons.filter((r) => tagThemes(r).includes('price')).length).toBeGreaterThan(5);
  });
});
