// voice.json and the customers' feedback (issue 20, item 4, the report side) on a real DuckDB file: a
// hand-written history of complaints (delivery, billing, app), purchases that stop or go on, scores, and
// two writers whose complaints carry planted personal data (names, phones in several formats, e-mails,
// order numbers, street addresses) besides their own contact fields. text_signals is built by the real
// text stage; the published files are scanned for every planted string, and the themes' numbers are
// computed here again from the rows, independently of publish-voice.sql.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../pipeline/config/config.ts';
import { openDatabase, type Database } from '../pipeline/db/database.ts';
import { customersReport } from '../pipeline/report/publish-customers.ts';
import { voiceReport } from '../pipeline/report/publish-voice.ts';
import { ensureTextSignals } from '../pipeline/text/text-signals.ts';
import { PLANTED_TEXTS, WRITERS, plantedIn } from './helpers/planted-text.ts';

const AS_OF = '2026-07-01';
const AS_OF_MS = Date.parse(`${AS_OF}T00:00:00Z`);
const DAY = 86_400_000;
const HORIZON = 90;
const FILLERS = 30;
const COMPLAINTS = ['快递太慢了，非常失望', 'Charged twice, terrible billing', 'The app keeps crashing, awful'];
const UNTAGGED = 'Wrong size, need an exchange, very disappointed';
const STAFF_NOTE = 'Called back, customer upset and unhappy, escalated';

let dir: string;
let db: Database;
let voice: any;
let customers: any;
let voiceText: string;
let customersText: string;

const day = (iso: string) => `${iso} 10:00:00`;
const pad = (n: number) => String(n).padStart(2, '0');

/** The history: fillers F00..F29 and the two writers, events with text where they have one. */
function history() {
  const people: { id: string; name: string | null; email: string | null; phone: string | null }[] = [
    ...WRITERS,
    ...Array.from({ length: FILLERS }, (_, i) => ({ id: `F${pad(i)}`, name: null, email: null, phone: null })),
  ];
  const events: { customer: string; ts: string; type: string; amount?: number; score?: number; text?: string }[] = [];
  people.forEach((p, i) => {
    // Purchases every month from 2025-01, until the end (i % 3 = 0), 2025-12 (1) or 2025-09 (2).
    const last = ['2026-06', '2025-12', '2025-09'][i % 3];
    for (let m = 0; m < 18; m++) {
      const month = `${2025 + Math.floor(m / 12)}-${pad((m % 12) + 1)}`;
      if (month > last) break;
      events.push({ customer: p.id, ts: day(`${month}-15`), type: 'purchase', amount: 40 + i });
    }
    const complaint = COMPLAINTS[i % 3];
    events.push({ customer: p.id, ts: day(`2025-11-${pad((i % 28) + 1)}`), type: 'support_ticket', text: complaint });
    if (i % 2 === 0)
      events.push({ customer: p.id, ts: day(`2026-05-${pad((i % 28) + 1)}`), type: 'support_ticket', text: complaint });
    if (i % 4 === 0)
      events.push({ customer: p.id, ts: day(`2026-02-${pad((i % 27) + 1)}`), type: 'support_ticket', text: complaint });
    if (i % 3 === 1) {
      events.push({ customer: p.id, ts: day(`2026-0${4 + (i % 3)}-20`), type: 'support_ticket', text: UNTAGGED });
      // A staff note as negative and as new: its words are the staff's, not the customer's.
      events.push({ customer: p.id, ts: day(`2026-0${4 + (i % 3)}-21`), type: 'care_contact', text: STAFF_NOTE });
    }
    events.push({ customer: p.id, ts: day('2026-03-10'), type: 'care_contact', text: 'Question about my plan' });
    events.push({ customer: p.id, ts: day('2025-08-01'), type: 'survey', score: 9, text: 'Great, love it' });
  });
  // The writers' planted complaints are the latest of their themes, so they are quoted.
  WRITERS.forEach((w, k) =>
    PLANTED_TEXTS[w.id].forEach((text, j) =>
      events.push({ customer: w.id, ts: `2026-06-${28 + j} 1${k}:00:00`, type: 'support_ticket', text }),
    ),
  );
  return { people, events };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'churn-voice-'));
  db = await openDatabase(join(dir, 'churn.duckdb'));
  const { people, events } = history();
  for (const p of people)
    await db.run(
      `INSERT INTO customers VALUES ($id, DATE '2024-06-01', 'north', 'web', 'basic', $name, $email, $phone)`,
      p,
    );
  let n = 0;
  for (const e of events)
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, amount, score, text)
       VALUES ($id, $customer, CAST($ts AS TIMESTAMP), $type, $amount, $score, $text)`,
      {
        id: `e${++n}`,
        customer: e.customer,
        ts: e.ts,
        type: e.type,
        amount: e.amount ?? null,
        score: e.score ?? null,
        text: e.text ?? null,
      },
    );
  // Scores: the writers first by value at risk, so both get a detail page.
  for (const [i, p] of people.entries())
    await db.run(
      `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier,
                           value_at_risk, action, reasons, reason_labels)
       VALUES ('m-test', DATE '${AS_OF}', $id, $p, 'high', 500, 'high', $v, 'none', '', '[]')`,
      { id: p.id, p: 0.4 + i / 100, v: 1000 - i },
    );
  const config = parseConfig({});
  await ensureTextSignals(db, config.voice, { workers: 0 });
  voice = await voiceReport(db, AS_OF, config);
  customers = await customersReport(db, AS_OF, config, []);
  // As publish writes them; the scan reads the files' text.
  writeFileSync(join(dir, 'voice.json'), JSON.stringify(voice) + '\n');
  writeFileSync(join(dir, 'customers.json'), JSON.stringify(customers) + '\n');
  voiceText = readFileSync(join(dir, 'voice.json'), 'utf8');
  customersText = readFileSync(join(dir, 'customers.json'), 'utf8');
}, 120_000);

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('voice.json and customers.json: no personal data from free text', () => {
  it('the planted complaints were read as negative and tagged', async () => {
    const rows = await db.all<{ customer_id: string; negative: boolean; themes: number }>(
      `SELECT customer_id, negative, themes FROM text_signals WHERE customer_id IN ('P1', 'P2') AND ts >= TIMESTAMP '2026-06-28'`,
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r.negative && r.themes > 0).toBe(true);
  });

  it('voice.json holds none of the planted personal data, and the planted complaints are quoted masked', () => {
    expect(plantedIn(voiceText)).toEqual([]);
    const delivery = voice.themes.find((t: any) => t.code === 'delivery');
    const billing = voice.themes.find((t: any) => t.code === 'billing');
    const quotes = [...delivery.quotes, ...billing.quotes].map((q: any) => q.text);
    expect(
      quotes.some((q: string) => q.startsWith('快递太慢了，非常失望！我叫[name]，电话 [phone]，订单号 [order]')),
    ).toBe(true);
    expect(quotes.some((q: string) => q.startsWith('Delivery was late again') && q.includes('[email]'))).toBe(true);
    expect(quotes.some((q: string) => q.startsWith('Charged twice, awful billing') && q.includes('[phone]'))).toBe(
      true,
    );
    for (const q of quotes) expect([...q].length).toBeLessThanOrEqual(200);
  });

  it("customers.json's feedback holds none of it either, even with report.showContacts", async () => {
    expect(plantedIn(customersText)).toEqual([]);
    const p1 = customers.customers.find((c: any) => c.customerId === 'P1');
    expect(p1.feedback[0].text).toContain('[name]');
    expect(p1.feedback[0]).toMatchObject({ type: 'support_ticket', label: 'negative', themes: ['delivery'] });
    const shown = await customersReport(db, AS_OF, parseConfig({ report: { showContacts: true } }), []);
    const feedback = JSON.stringify(shown.customers.map((c: any) => c.feedback));
    expect(plantedIn(feedback)).toEqual([]);
    // the contact fields themselves are shown in full then: only the free text stays masked
    expect(shown.customers.find((c: any) => c.customerId === 'P1')?.name).toBe('李建国');
  });
});

describe('voice.json numbers', () => {
  type Signal = {
    customer_id: string;
    ms: number;
    negative: boolean;
    themes: number;
    sentiment: number;
  };
  let signals: Signal[];
  let purchases: Map<string, number[]>;
  let lastEvent: Map<string, number>;
  const observedBy = AS_OF_MS - HORIZON * DAY;

  beforeAll(async () => {
    signals = (
      await db.all<Signal & { ts: string }>(
        `SELECT customer_id, strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts, negative, themes, sentiment FROM text_signals`,
      )
    ).map((s) => ({ ...s, ms: Date.parse(s.ts) }));
    const events = await db.all<{ customer_id: string; ts: string; type: string }>(
      `SELECT customer_id, strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts, type FROM events`,
    );
    purchases = new Map();
    lastEvent = new Map();
    for (const e of events) {
      const ms = Date.parse(e.ts);
      if (e.type === 'purchase') purchases.set(e.customer_id, [...(purchases.get(e.customer_id) ?? []), ms]);
      if (ms <= observedBy) lastEvent.set(e.customer_id, Math.max(lastEvent.get(e.customer_id) ?? 0, ms));
    }
  });

  /** Churned after `anchor`: no purchase in the horizon after it. */
  const churned = (customer: string, anchor: number) =>
    !(purchases.get(customer) ?? []).some((ms) => ms > anchor && ms <= anchor + HORIZON * DAY);
  function churnOf(anchors: Map<string, number>) {
    const customers = anchors.size;
    const out = [...anchors].filter(([c, a]) => churned(c, a)).length;
    return { customers, churned: out, rate: customers ? Number((out / customers).toFixed(4)) : null };
  }
  const lastComplaint = (keep: (s: Signal) => boolean) => {
    const anchors = new Map<string, number>();
    for (const s of signals)
      if (s.negative && s.ms <= observedBy && keep(s))
        anchors.set(s.customer_id, Math.max(anchors.get(s.customer_id) ?? 0, s.ms));
    return anchors;
  };

  it('counts, shares and trends per theme match a direct count', () => {
    const negative = signals.filter((s) => s.negative).length;
    expect(voice.texts).toBe(signals.length);
    expect(voice.negative).toBe(negative);
    voice.themes.forEach((theme: any, bit: number) => {
      const mine = signals.filter((s) => (s.themes >> bit) & 1);
      const complaints = mine.filter((s) => s.negative);
      const recent = complaints.filter((s) => s.ms >= AS_OF_MS - 90 * DAY).length;
      const previous = complaints.filter((s) => s.ms >= AS_OF_MS - 180 * DAY && s.ms < AS_OF_MS - 90 * DAY).length;
      expect(theme, theme.code).toMatchObject({
        texts: mine.length,
        negative: complaints.length,
        negativeShare: Number((complaints.length / negative).toFixed(4)),
        recent,
        previous,
        isNew: previous === 0 && recent > 0,
      });
    });
    const delivery = voice.themes.find((t: any) => t.code === 'delivery');
    expect(delivery.negative).toBeGreaterThan(10);
  });

  it('churn after a complaint, per theme and for the baselines, matches a direct computation', () => {
    voice.themes.forEach((theme: any, bit: number) =>
      expect(theme.churn, theme.code).toEqual(churnOf(lastComplaint((s) => ((s.themes >> bit) & 1) === 1))),
    );
    expect(voice.churnBaseline.negative).toEqual(churnOf(lastComplaint(() => true)));
    expect(voice.churnBaseline.everyone).toEqual(churnOf(lastEvent));
    // the data make it differ between themes (purchases stop by customer number, themes follow it)
    const rates = new Set(voice.themes.filter((t: any) => t.churn.customers > 0).map((t: any) => t.churn.rate));
    expect(rates.size).toBeGreaterThan(1);
  });

  it('the current risk of recent complainers is the mean of their scores', async () => {
    const scores = new Map(
      (await db.all<{ customer_id: string; churn_prob: number }>('SELECT customer_id, churn_prob FROM scores')).map(
        (s) => [s.customer_id, s.churn_prob],
      ),
    );
    voice.themes.forEach((theme: any, bit: number) => {
      const who = new Set(
        signals
          .filter((s) => s.negative && (s.themes >> bit) & 1 && s.ms >= AS_OF_MS - 90 * DAY)
          .map((s) => s.customer_id),
      );
      const mean = who.size ? [...who].reduce((sum, c) => sum + scores.get(c)!, 0) / who.size : null;
      expect(theme.risk.customers, theme.code).toBe(who.size);
      if (mean !== null) expect(theme.risk.churnProb).toBeCloseTo(mean, 4);
    });
  });

  it('sentiment by month: count, mean and negative share per month', () => {
    const may = signals.filter((s) => new Date(s.ms).toISOString().startsWith('2026-05'));
    const row = voice.monthly.find((m: any) => m.month === '2026-05' && m.lang === 'all');
    expect(row.texts).toBe(may.length);
    expect(row.sentiment).toBeCloseTo(may.reduce((s, x) => s + x.sentiment, 0) / may.length, 4);
    expect(row.negativeShare).toBeCloseTo(may.filter((s) => s.negative).length / may.length, 4);
  });

  it("lists the untagged complaint that grew among the new words, and no placeholder nor staff's note", () => {
    const terms = voice.growing.words.terms.flatMap((w: any) => [w.term, ...w.also]);
    expect(terms).toContain('exchange');
    expect(terms).not.toContain('escalated');
    for (const p of ['name', 'phone', 'email', 'order', 'address']) expect(terms).not.toContain(p);
  });
});

describe('voice.json without feedback text', () => {
  it('says it is not available (a CDNOW-like purchase history)', async () => {
    const other = await openDatabase(join(dir, 'empty.duckdb'));
    try {
      await other.run(`INSERT INTO customers VALUES ('C1', DATE '2024-06-01', NULL, NULL, NULL, NULL, NULL, NULL)`);
      await other.run(
        `INSERT INTO events (event_id, customer_id, ts, type, amount) VALUES ('e1', 'C1', TIMESTAMP '2025-01-01 10:00:00', 'purchase', 10)`,
      );
      const config = parseConfig({});
      await ensureTextSignals(other, config.voice, { workers: 0 });
      expect(await voiceReport(other, AS_OF, config)).toEqual({ asOf: AS_OF, available: false });
    } finally {
      other.close();
    }
  });
});
