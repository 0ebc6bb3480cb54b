// Feedback text read into text_signals (pipeline/text/) and into the churn features: one row per
// feedback text of the configured types, theme bits as the tagger says, incremental reads, a rebuild
// when the themes change, the same rows on worker threads; point-in-time voice features; the voice
// reasons and the playbook's complaint drivers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config/config.ts';
import { DEFAULT_VOICE, mergeThemes, voiceConfigSchema } from '../pipeline/config/voice-config.ts';
import type { Database } from '../pipeline/db/database.ts';
import { buildSnapshot } from '../pipeline/features/build-features.ts';
import { featureSet } from '../pipeline/features/feature-set.ts';
import { silentLogger } from '../pipeline/log.ts';
import { playbookSchema } from '../pipeline/plan/playbook-schema.ts';
import { reasonBook } from '../pipeline/score/reason-book.ts';
import { reasonsFor, type ReasonInput } from '../pipeline/score/reasons.ts';
import { ensureTextSignals, textState } from '../pipeline/text/text-signals.ts';
import { tagThemes, compileThemes } from '../pipeline/text/theme-tagger.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let cleanup: () => void;

type TextEvent = [id: string, customer: string, ts: string, type: string, text: string | null, score?: number];

const TEXTS: TextEvent[] = [
  ['t1', 'a', '2024-05-10 10:00:00', 'support_ticket', '快递一个星期还没到，太慢了，非常失望'],
  ['t2', 'a', '2024-05-20 10:00:00', 'support_ticket', 'Charged twice for my order, terrible, I want a refund'],
  ['t3', 'b', '2024-05-15 09:00:00', 'survey', 'Great service, fast delivery, very happy', 10],
  ['t4', 'b', '2024-05-16 09:00:00', 'survey', '很满意，物流很快', 9],
  ['t5', 'c', '2024-05-25 12:00:00', 'care_contact', 'Customer upset: the app keeps crashing at checkout'],
  ['t6', 'c', '2024-06-05 12:00:00', 'support_ticket', 'Parcel never arrived, awful'], // after the cutoff
  ['t7', 'a', '2024-05-21 10:00:00', 'purchase', 'electronics'], // not feedback: a category
  ['t8', 'b', '2024-05-22 10:00:00', 'support_ticket', '   '], // blank: nothing to read
];

async function insertTexts(rows: TextEvent[]): Promise<void> {
  for (const [id, customer, ts, type, text, score = null] of rows)
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, score, text) VALUES ($id, $customer, CAST($ts AS TIMESTAMP), $type, $score, $text)`,
      { id, customer, ts, type, score, text },
    );
}

beforeEach(async () => {
  ({ db, cleanup } = await tempDatabase());
  await insertHistory(
    db,
    [
      ['a', '2024-01-01'],
      ['b', '2024-01-01'],
      ['c', '2024-01-01'],
    ],
    [
      ['a', '2024-03-01 10:00:00', 'purchase', 50],
      ['b', '2024-03-01 10:00:00', 'purchase', 50],
      ['c', '2024-03-01 10:00:00', 'purchase', 50],
      // c's care note of 05-25 is answered by a resolved ticket before the cutoff; a's are not.
      ['c', '2024-05-26 10:00:00', 'ticket_resolved'],
    ],
    100,
  );
  await insertTexts(TEXTS);
});

afterEach(() => cleanup());

const rows = () =>
  db.all<{ event_id: string; lang: string; negative: boolean; themes: number; sentiment: number }>(
    'SELECT event_id, lang, negative, themes, sentiment FROM text_signals ORDER BY event_id',
  );

describe('text_signals', () => {
  it('reads every feedback text of the configured types once, with language, sentiment and theme bits', async () => {
    const result = await ensureTextSignals(db, DEFAULT_VOICE, { workers: 0 });
    expect(result).toMatchObject({ read: 6, rebuilt: true });
    const read = await rows();
    expect(read.map((r) => r.event_id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
    expect(Object.fromEntries(read.map((r) => [r.event_id, r.lang]))).toMatchObject({ t1: 'zh', t2: 'en', t4: 'zh' });
    expect(Object.fromEntries(read.map((r) => [r.event_id, r.negative]))).toMatchObject({
      t1: true,
      t2: true,
      t3: false,
      t4: false,
      t6: true,
    });
    // Bit i is the i-th theme of text_state, the same as the tagger's verdict on the text.
    const state = (await textState(db))!;
    const compiled = compileThemes(mergeThemes({}));
    for (const r of read) {
      const text = TEXTS.find((t) => t[0] === r.event_id)![4]!;
      const codes = state.themes.filter((_, i) => (r.themes & (1 << i)) !== 0).map((t) => t.code);
      expect(codes).toEqual(tagThemes(text, compiled));
    }
    expect(state.source).toBe('lexicon');
    expect(state.quality.reason).toMatch(/fewer than voice.minLabelled/);
  });

  it('reads only new texts after a load, and everything again when the themes change', async () => {
    await ensureTextSignals(db, DEFAULT_VOICE, { workers: 0 });
    expect((await ensureTextSignals(db, DEFAULT_VOICE, { workers: 0 })).read).toBe(0);
    await insertTexts([['t9', 'b', '2024-05-28 10:00:00', 'survey', 'Packaging was crushed', 3]]);
    expect(await ensureTextSignals(db, DEFAULT_VOICE, { workers: 0 })).toMatchObject({ read: 1, rebuilt: false });
    expect((await rows()).length).toBe(7);
    const voice = voiceConfigSchema.parse({
      themes: { packaging: { label: { en: 'Packaging', 'zh-CN': '包装' }, keywords: ['packaging', '包装'] } },
    });
    // A full read shows its progress (on a terminal) and says how many texts it read.
    const seen: { label?: string; total?: number; ticks: number[]; done: boolean; lines: string[] } = {
      ticks: [],
      done: false,
      lines: [],
    };
    const logger = {
      ...silentLogger,
      info: (line: string) => seen.lines.push(line),
      progress: (label: string, total: number) => {
        Object.assign(seen, { label, total });
        return { tick: (n: number) => seen.ticks.push(n), done: () => (seen.done = true) };
      },
    };
    expect(await ensureTextSignals(db, voice, { workers: 0, logger })).toMatchObject({ read: 7, rebuilt: true });
    expect(seen).toMatchObject({ label: 'reading feedback text', done: true });
    expect(seen.ticks.at(-1)).toBe(seen.total);
    expect(seen.lines).toEqual([expect.stringMatching(/^feedback text: read 7 texts \(\d distinct\)$/)]);
    const state = (await textState(db))!;
    const bit = 1 << state.themes.findIndex((t) => t.code === 'packaging');
    const t9 = (await rows()).find((r) => r.event_id === 't9')!;
    expect(t9.themes & bit).toBe(bit);
  });

  it('gives the same rows on worker threads as in this thread', async () => {
    await ensureTextSignals(db, DEFAULT_VOICE, { workers: 0 });
    const here = await rows();
    await db.run('DELETE FROM text_state');
    await ensureTextSignals(db, DEFAULT_VOICE, { workers: 2 });
    expect(await rows()).toEqual(here);
  });

  it('reads the types config voice.types names, and refuses a type that is no identifier', async () => {
    const voice = voiceConfigSchema.parse({ types: ['care_contact'] });
    await ensureTextSignals(db, voice, { workers: 0 });
    expect((await rows()).map((r) => r.event_id)).toEqual(['t5']);
    expect(() => parseConfig({ voice: { types: ['Support Ticket'] } }, 'churn.config.json')).toThrow(
      /voice\.types\.0.*expected an event type/,
    );
  });
});

describe('voice features', () => {
  it('count negative feedback, complaints per theme and unanswered texts before the cutoff only', async () => {
    await buildSnapshot(db, {
      cutoff: '2024-06-01',
      horizonDays: 30,
      valueHorizonDays: 30,
      observedUntil: '2024-07-01',
    });
    const set = await featureSet(db);
    expect(set.voice?.map((t) => t.code)).toContain('delivery');
    const f = await db.all<Record<string, number | string>>(
      `SELECT customer_id, feedback_90, negative_feedback_90, unanswered_negative_90, complaint_delivery_90,
              complaint_billing_90, complaint_app_90, round(mean_sentiment_365, 6) AS mean_sentiment_365
       FROM features ORDER BY customer_id`,
    );
    const by = Object.fromEntries(f.map((r) => [r.customer_id, r]));
    // a: two negative tickets (delivery; billing), neither answered.
    expect(by.a).toMatchObject({
      feedback_90: 2,
      negative_feedback_90: 2,
      unanswered_negative_90: 2,
      complaint_delivery_90: 1,
      complaint_billing_90: 1,
    });
    // c: the care note (app) was answered before the cutoff; the ticket of 06-05 is after it.
    expect(by.c).toMatchObject({
      feedback_90: 1,
      complaint_app_90: by.c.negative_feedback_90,
      unanswered_negative_90: 0,
    });
    expect(by.c.complaint_delivery_90).toBe(0);
    // b: two positive answers, no complaint; the mean sentiment is above 0.
    expect(by.b).toMatchObject({ negative_feedback_90: 0, complaint_delivery_90: 0 });
    expect(Number(by.b.mean_sentiment_365)).toBeGreaterThan(0);
  });
});

describe('voice reasons and playbook drivers', () => {
  const voice = [
    { code: 'delivery', label: { en: 'Delivery', 'zh-CN': '物流配送' } },
    { code: 'billing', label: { en: 'Billing', 'zh-CN': '账单扣费' } },
  ];
  it('word complaints per theme and negative feedback in both languages', () => {
    const book = reasonBook([], false, voice);
    const input = {
      complaint_delivery_90: 2,
      complaint_billing_90: 0,
      negative_feedback_90: 3,
      unanswered_negative_90: 1,
    } as unknown as ReasonInput;
    const holding = book.rules.filter((r) => r.applies(input));
    const texts = Object.fromEntries(holding.map((r) => [r.code, r.text(r.args(input))]));
    expect(texts.complaint_delivery).toEqual({
      en: '2 complaints about delivery in 90 days',
      'zh-CN': '90 天内 2 次投诉物流配送问题',
    });
    expect(texts.complaint_billing).toBeUndefined();
    expect(texts.negative_feedback).toEqual({
      en: '3 negative comments in 90 days, 1 not answered',
      'zh-CN': '90 天内 3 条负面反馈，1 条未回复',
    });
    expect(book.drivers.complaint_delivery).toEqual(['complaint_delivery_90']);
    expect(reasonsFor).toBeTypeOf('function');
  });

  it('accept complaint drivers of configured themes in a playbook and refuse others in one message', () => {
    const action = (drivers: string[]) => ({
      version: 1,
      channels: { phone: { label: { en: 'Phone', 'zh-CN': '电话' }, capacityPerWeek: 10 } },
      actions: [
        {
          code: 'x',
          label: { en: 'X', 'zh-CN': 'X' },
          channel: 'phone',
          cost: 1,
          expectedReduction: 0.1,
          dueDays: 2,
          when: { drivers },
        },
      ],
    });
    expect(playbookSchema.safeParse(action(['complaint_packaging', 'negative_feedback'])).success).toBe(true);
    const bad = playbookSchema.safeParse(action(['complaints_about_stuff']));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/complaint_<theme code of config voice.themes>/);
  });
});
