// Issue 18's data model on a real DuckDB file: order lines (amounts computed, integer ids, refunds by
// prefix or negative quantity, one purchase per order, also when a later file adds lines to a stored
// order), declared attributes (typed, validated, updated, kinds fixed), declared event types (their
// features and reasons), survey scales (NPS apart from CSAT), habits in the events' time zone and
// interests from categories, each against values worked out by hand.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockSetTo } from '../pipeline/clock.ts';
import { churnSentences } from '../pipeline/config/churn-definition.ts';
import type { Database } from '../pipeline/db/database.ts';
import { attributeDeclarations, eventTypeDeclarations } from '../pipeline/db/declarations.ts';
import { UserError } from '../pipeline/errors.ts';
import { buildSnapshot, readSnapshot } from '../pipeline/features/build-features.ts';
import { ensureEventLinks, rebuildEventLinks } from '../pipeline/features/event-links.ts';
import { ingestStage, type IngestOptions } from '../pipeline/ingest/ingest-stage.ts';
import { checkMapping } from '../pipeline/ingest/mapping.ts';
import { statusOf } from '../pipeline/run/status.ts';
import { reasonBook } from '../pipeline/score/reason-book.ts';
import { reasonColumns } from '../pipeline/score/reason-columns.ts';
import type { ReasonInput } from '../pipeline/score/reasons.ts';
import { fitPreprocessor, MAX_LEVELS } from '../models/churn-clv/preprocess.ts';
import { tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => ({ db, dir, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

const NOW = Date.UTC(2025, 0, 1);
const base = { futureToleranceHours: 24, now: clockSetTo(NOW) } satisfies Partial<IngestOptions>;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const load = (name: string, content: string, kind: 'customers' | 'events', mapping: unknown) =>
  ingestStage(db, file(name, content), { ...base, kind, mapping: checkMapping(mapping, kind) });

const rows = <T>(sql: string) => db.all<T & Record<string, unknown>>(sql);

const LINES_HEADER = 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Category\n';
const LINES_MAPPING = {
  kind: 'events',
  fields: {
    customer_id: { column: 'CustomerID', format: 'integer' },
    ts: { column: 'InvoiceDate', format: '%m/%d/%Y %H:%M' },
    type: { column: 'InvoiceNo', prefixes: { C: 'refund' }, otherwise: 'purchase' },
    order_id: 'InvoiceNo',
    product: 'StockCode',
    category: 'Category',
    quantity: 'Quantity',
    unit_price: 'UnitPrice',
  },
  attributes: { country: { column: 'Country', kind: 'categorical', label: { en: 'Country', 'zh-CN': '国家' } } },
  idFrom: ['order_id', 'product', 'customer_id', 'ts', 'quantity', 'unit_price'],
  missingCustomers: 'create',
};

describe('mapping files say what they may', () => {
  it('refuses products of non-numbers, declared names that are taken, declarations in the wrong kind', () => {
    const problems = (raw: unknown, kind: 'customers' | 'events' | 'actions') => {
      try {
        checkMapping(raw, kind);
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
    };
    const events = { customer_id: 'c', ts: 't', type: { value: 'purchase' }, event_id: 'e' };
    expect(problems({ fields: { ...events, text: { multiply: ['a', 'b'] } } }, 'events')).toMatch(
      /fields\.text\.multiply: only amount, quantity, unit_price, cost, term_months can be computed/,
    );
    expect(problems({ fields: { ...events, ts: { column: 't', format: 'integer' } } }, 'events')).toMatch(
      /fields\.ts\.format: integer is for ids and numbers, not dates/,
    );
    expect(
      problems({ fields: events, attributes: { region: { column: 'r', kind: 'categorical' } } }, 'events'),
    ).toMatch(/attributes\.region: the name of a customer field/);
    expect(problems({ fields: events, eventTypes: { login: { label: { en: 'Login' } } } }, 'events')).toMatch(
      /eventTypes\.login: a built-in type already/,
    );
    expect(
      problems({ fields: events, attributes: { 'Bad Name': { column: 'x', kind: 'numeric' } } }, 'events'),
    ).toMatch(/attributes\.Bad Name: expected a lowercase name/);
    expect(
      problems({ fields: events, attributes: { tier: { column: 'x', kind: 'numeric', allowed: ['a'] } } }, 'events'),
    ).toMatch(/values and allowed are for categorical attributes/);
  });
});

describe('order lines', () => {
  const lines =
    LINES_HEADER +
    [
      '536365,85123A,6,12/1/2010 8:26,2.55,17850.0,United Kingdom,home', // 15.30
      '536365,71053,6,12/1/2010 8:26,3.39,17850.0,United Kingdom,light', // 20.34
      '536366,22633,3,12/3/2010 9:00,1.1,17850.0,United Kingdom,home', // 3.30 (not 3.3000000000000003)
      '536367,84879,32,12/1/2010 8:34,1.69,13047.0,United Kingdom,toys', // 54.08
      '536367,84879,32,12/1/2010 8:34,1.69,13047.0,United Kingdom,toys', // the same line again: ~2
      '536414,22139,56,12/1/2010 11:52,0,,United Kingdom,home', // no customer: rejected
      'C536379,85123A,-2,12/2/2010 9:41,2.55,17850.0,France,home', // cancellation: refund -5.10
      '536370,22728,24,12/5/2010 8:45,3.75,12583.5,France,toys', // not a whole id: rejected
      '536371,22728,-1,12/6/2010 8:45,3.75,12583.0,France,toys', // negative quantity: a refund too
    ].join('\n') +
    '\n';

  it('computes amounts, reads decimal ids, turns cancellations into refunds, rejects what it cannot read', async () => {
    const r = await load('lines.csv', lines, 'events', LINES_MAPPING);
    expect([r.rowsRead, r.inserted, r.alreadyPresent, r.rejected]).toEqual([9, 7, 0, 2]);
    expect(r.rejectsByReason).toEqual({ missing_customer_id: 1, bad_value: 1 });
    const stored = await rows<{ id: string; customer_id: string; type: string; amount: number }>(
      'SELECT event_id AS id, customer_id, type, amount FROM events ORDER BY ts, event_id',
    );
    expect(stored.map((e) => [e.customer_id, e.type, e.amount])).toEqual([
      ['17850', 'purchase', 20.34],
      ['17850', 'purchase', 15.3],
      ['13047', 'purchase', 54.08],
      ['13047', 'purchase', 54.08],
      ['17850', 'refund', -5.1],
      ['17850', 'purchase', 3.3],
      ['12583', 'refund', -3.75],
    ]);
    expect(stored.filter((e) => e.id.endsWith('~2'))).toHaveLength(1);
    // Country is an attribute of the customer: the latest line's value.
    expect(
      await rows(
        'SELECT customer_id, value FROM customer_attributes WHERE name = $n ORDER BY 1'.replace('$n', "'country'"),
      ),
    ).toEqual([
      { customer_id: '12583', value: 'France' },
      { customer_id: '13047', value: 'United Kingdom' },
      { customer_id: '17850', value: 'France' },
    ]);
    const again = await load('lines.csv', lines, 'events', LINES_MAPPING);
    expect([again.inserted, again.alreadyPresent, again.rejected]).toEqual([0, 7, 2]);
  });

  it('counts the lines of one order as one purchase, amounts summed, also when a later file adds lines', async () => {
    await load('lines.csv', lines, 'events', LINES_MAPPING);
    await ensureEventLinks(db);
    // A later export adds a line to order 536365 (stored) and a new order.
    const later =
      LINES_HEADER +
      '536365,22752,2,12/1/2010 8:27,7.65,17850.0,United Kingdom,home\n536400,21730,1,12/9/2010 10:00,4.25,17850.0,United Kingdom,light\n';
    await load('later.csv', later, 'events', LINES_MAPPING);
    const incremental = await rows(
      "SELECT type, ts::VARCHAR AS ts, amount::DOUBLE AS amount, order_id FROM event_links WHERE customer_id = '17850' ORDER BY type, ts",
    );
    await rebuildEventLinks(db);
    const rebuilt = await rows(
      "SELECT type, ts::VARCHAR AS ts, amount::DOUBLE AS amount, order_id FROM event_links WHERE customer_id = '17850' ORDER BY type, ts",
    );
    expect(incremental).toEqual(rebuilt);
    expect(rebuilt).toEqual([
      // 15.30 + 20.34 + 15.30 (the added line) at the first line's time
      { type: 'purchase', ts: '2010-12-01 08:26:00', amount: 50.94, order_id: '536365' },
      { type: 'purchase', ts: '2010-12-03 09:00:00', amount: 3.3, order_id: '536366' },
      { type: 'purchase', ts: '2010-12-09 10:00:00', amount: 4.25, order_id: '536400' },
      { type: 'refund', ts: '2010-12-02 09:41:00', amount: null, order_id: 'C536379' },
    ]);
    await buildSnapshot(db, {
      cutoff: '2010-12-10',
      horizonDays: 30,
      valueHorizonDays: 30,
      observedUntil: '2010-12-10',
    });
    const snap = await readSnapshot(db, '2010-12-10');
    const i = snap.customerIds.indexOf('17850');
    expect(snap.numeric.frequency_total[i]).toBe(3);
    expect(snap.numeric.monetary_total[i]).toBeCloseTo(58.49, 10);
    expect(snap.numeric.refunds_365[i]).toBe(1);
    // Categories: home 15.30 + 3.30 + 15.30 = 33.90 (top), light 20.34 + 4.25 = 24.59.
    expect(snap.categorical.top_category[i]).toBe('home');
    expect(snap.numeric.category_breadth_365[i]).toBe(2);
    expect(snap.numeric.top_category_share_365[i]).toBeCloseTo(33.9 / 58.49, 10);
    expect(snap.categorical.attr_country[i]).toBe('United Kingdom');
  });
});

describe('declared attributes', () => {
  const MAPPING = {
    kind: 'customers',
    fields: { customer_id: 'id', signup_date: 'since' },
    attributes: {
      contract: {
        column: 'Contract',
        kind: 'categorical',
        values: { M2M: 'month-to-month' },
        allowed: ['month-to-month', 'one-year', 'two-year'],
        label: { en: 'Contract', 'zh-CN': '合同' },
      },
      monthly_charges: { column: 'MonthlyCharges', kind: 'numeric', min: 0 },
      seniors: { column: 'Seniors', kind: 'numeric', format: 'integer' },
    },
  };
  const HEADER = 'id,since,Contract,MonthlyCharges,Seniors\n';

  it('stores them typed, rejects impossible values naming the attribute, updates them later', async () => {
    const r = await load(
      'crm.csv',
      HEADER +
        [
          'a,2024-01-01,M2M,70.5,0',
          'b,2024-01-01,two-year,,1', // empty: no value stored
          'c,2024-01-01,weekly,20,0', // not allowed
          'd,2024-01-01,one-year,-3,0', // below min
          'e,2024-01-01,one-year,abc,0', // not a number
          'f,2024-01-01,one-year,20,0.5', // not a whole number
        ].join('\n') +
        '\n',
      'customers',
      MAPPING,
    );
    expect([r.rowsRead, r.inserted, r.rejected]).toEqual([6, 2, 4]);
    const rejects = await rows<{ reason: string; message: string }>(
      'SELECT reason, message FROM rejects ORDER BY line',
    );
    expect(rejects.map((x) => x.reason)).toEqual(['bad_value', 'bad_value', 'bad_number', 'bad_value']);
    expect(rejects[0].message).toMatch(/attribute contract \(column "Contract"\): "weekly" is not one of/);
    expect(rejects[1].message).toMatch(/attribute monthly_charges .*-3 is outside 0\.\.inf/);
    expect(await rows('SELECT customer_id, name, value, number FROM customer_attributes ORDER BY 1, 2')).toEqual([
      { customer_id: 'a', name: 'contract', value: 'month-to-month', number: null },
      { customer_id: 'a', name: 'monthly_charges', value: null, number: 70.5 },
      { customer_id: 'a', name: 'seniors', value: null, number: 0 },
      { customer_id: 'b', name: 'contract', value: 'two-year', number: null },
      { customer_id: 'b', name: 'seniors', value: null, number: 1 },
    ]);
    expect((await attributeDeclarations(db)).map((a) => [a.name, a.kind, a.label['zh-CN']])).toEqual([
      ['region', 'categorical', '地区'],
      ['channel', 'categorical', '获客渠道'],
      ['plan', 'categorical', '套餐'],
      ['contract', 'categorical', '合同'],
      ['monthly_charges', 'numeric', 'Monthly charges'],
      ['seniors', 'numeric', 'Seniors'],
    ]);
    // A later export: a's charges change (an update), b's empty cell keeps nothing new.
    const later = await load(
      'crm2.csv',
      HEADER + 'a,2024-01-01,M2M,80,0\nb,2024-01-01,two-year,,1\n',
      'customers',
      MAPPING,
    );
    expect([later.inserted, later.alreadyPresent, later.updated]).toEqual([0, 2, 1]);
    expect(
      await rows("SELECT number FROM customer_attributes WHERE customer_id = 'a' AND name = 'monthly_charges'"),
    ).toEqual([{ number: 80 }]);
    expect((await statusOf(db)).attributes).toEqual([
      { name: 'contract', kind: 'categorical', customers: 2 },
      { name: 'monthly_charges', kind: 'numeric', customers: 1 },
      { name: 'seniors', kind: 'numeric', customers: 2 },
    ]);
    // Features: one column per attribute, numeric ones with a missing indicator.
    await buildSnapshot(db, {
      cutoff: '2024-06-01',
      horizonDays: 30,
      valueHorizonDays: 30,
      observedUntil: '2024-06-01',
    });
    const snap = await readSnapshot(db, '2024-06-01');
    expect(snap.categorical.attr_contract).toEqual(['month-to-month', 'two-year']);
    expect(Array.from(snap.numeric.attr_monthly_charges)).toEqual([80, 0]);
    expect(Array.from(snap.numeric.attr_monthly_charges_missing)).toEqual([0, 1]);
  });

  it('keeps the kind an attribute was declared with: a file saying otherwise loads nothing', async () => {
    await load('crm.csv', HEADER + 'a,2024-01-01,M2M,70.5,0\n', 'customers', MAPPING);
    const renamed = { ...MAPPING, attributes: { contract: { column: 'Contract', kind: 'numeric' } } };
    await expect(load('crm2.csv', HEADER + 'z,2024-01-01,3,1,0\n', 'customers', renamed)).rejects.toThrow(
      /attributes\.contract is declared numeric, but the database holds contract as categorical/,
    );
    expect(await rows("SELECT count(*) AS n FROM customers WHERE customer_id = 'z'")).toEqual([{ n: 0 }]);
  });
});

describe('declared event types, survey scales, habits', () => {
  const EVENTS = {
    kind: 'events',
    fields: { event_id: 'id', customer_id: 'c', ts: 'ts', type: 'type', score: 'score', survey_scale: 'scale' },
    timezone: 'Asia/Shanghai',
    missingCustomers: 'create',
  };
  const HEADER = 'id,c,ts,type,score,scale\n';
  const history = [
    'p0,a,2024-01-01 10:00:00,login,,', // signs a and b up on their first event
    'p1,b,2024-01-01 10:00:00,login,,',
    'e1,a,2024-05-20 23:30:00,coupon_redeemed,,', // 23:30 local: night (15:30 UTC)
    'e2,a,2024-04-10 12:00:00,coupon_redeemed,,', // 52 days before the cutoff
    'e3,a,2024-01-15 12:00:00,coupon_redeemed,,', // 138 days before: the previous 90
    'e4,a,2024-05-25 09:00:00,survey,9,', // NPS 9
    'e5,a,2024-05-26 09:00:00,survey,2,csat', // CSAT 2: dissatisfied, not an NPS detractor
    'e6,b,2024-05-26 09:00:00,survey,5,stars',
  ];

  it('rejects a type nobody declared, then loads it once declared; scales have their own ranges', async () => {
    const first = await load('e.csv', HEADER + history.join('\n') + '\n', 'events', EVENTS);
    expect(first.rejectsByReason).toEqual({ unknown_event_type: 3 });
    expect((await rows<{ message: string }>('SELECT message FROM rejects LIMIT 1'))[0].message).toMatch(
      /unknown event type "coupon_redeemed" \(expected one of purchase, .*, or declare it in eventTypes\)/,
    );
    const declared = {
      ...EVENTS,
      eventTypes: { coupon_redeemed: { label: { en: 'Coupon redeemed', 'zh-CN': '使用优惠券' } } },
    };
    const second = await load(
      'e2.csv',
      HEADER +
        history.join('\n') +
        '\nbad1,a,2024-05-27 09:00:00,survey,6,csat\nbad2,a,2024-05-27 09:00:00,survey,3,weekly\n',
      'events',
      declared,
    );
    expect(second.inserted).toBe(3);
    expect(second.rejectsByReason).toEqual({ score_out_of_range: 1, bad_value: 1 });
    expect((await eventTypeDeclarations(db)).at(-1)).toEqual({
      type: 'coupon_redeemed',
      label: { en: 'Coupon redeemed', 'zh-CN': '使用优惠券' },
      builtIn: false,
    });
    // A later file of the same type needs no declaration again: the database holds it.
    const third = await load('e3.csv', HEADER + 'e7,b,2024-05-28 09:00:00,coupon_redeemed,,\n', 'events', EVENTS);
    expect(third.inserted).toBe(1);
  });

  it('gives each declared type its features, NPS from NPS answers only, CSAT apart, habits in local time', async () => {
    const declared = {
      ...EVENTS,
      eventTypes: { coupon_redeemed: { label: { en: 'Coupon redeemed', 'zh-CN': '使用优惠券' } } },
    };
    await load('e.csv', HEADER + history.join('\n') + '\n', 'events', declared);
    await buildSnapshot(db, {
      cutoff: '2024-06-01',
      horizonDays: 30,
      valueHorizonDays: 30,
      observedUntil: '2024-06-01',
    });
    const snap = await readSnapshot(db, '2024-06-01');
    const a = snap.customerIds.indexOf('a');
    const b = snap.customerIds.indexOf('b');
    const n = snap.numeric;
    expect([n.evt_coupon_redeemed_30[a], n.evt_coupon_redeemed_90[a], n.evt_coupon_redeemed_365[a]]).toEqual([1, 2, 3]);
    // The last one at 2024-05-20 15:30 UTC, the cutoff 2024-06-01 00:00 UTC.
    expect(n.evt_coupon_redeemed_days_since[a]).toBeCloseTo(11 + 8.5 / 24, 10);
    // (2 in the last 90 days - 1 in the 90 before) / (2 + 1 + 1)
    expect(n.evt_coupon_redeemed_trend[a]).toBe(0.25);
    // Without one, the tenure (b signed up on its first event, 2024-01-01 local = 2024-01-01 UTC day).
    expect(n.evt_coupon_redeemed_365[b]).toBe(0);
    expect(n.evt_coupon_redeemed_days_since[b]).toBe(n.tenure_days[b]);
    // NPS: a's only NPS answer is 9; the CSAT 2 is no detractor. CSAT counts apart.
    expect([n.has_survey[a], n.last_survey_score[a], n.detractor_365[a]]).toEqual([1, 9, 0]);
    expect([n.has_survey[b], n.last_survey_score[b]]).toEqual([0, 7.5]);
    expect([n.csat_answers_365[a], n.csat_low_365[a], n.csat_answers_365[b], n.csat_low_365[b]]).toEqual([1, 1, 1, 0]);
    // Habits in Asia/Shanghai (the load's zone): of a's 6 own events in 365 days (3 coupons, 2
    // surveys, the login of Monday 2024-01-01), the 23:30 coupon is at night (15:30 UTC is not);
    // 2024-05-25 and 2024-05-26 are a Saturday and a Sunday.
    expect(n.night_share_365[a]).toBeCloseTo(1 / 6, 12);
    expect(n.weekend_share_365[a]).toBeCloseTo(2 / 6, 12);
  });

  it("words a declared type's reason from its labels, shown only where it raises the risk", () => {
    const book = reasonBook([{ type: 'coupon_redeemed', label: { en: 'Coupon redeemed', 'zh-CN': '使用优惠券' } }]);
    const customers = [
      { evt_coupon_redeemed_30: 0, evt_coupon_redeemed_365: 4, evt_coupon_redeemed_days_since: 47.6 },
      { evt_coupon_redeemed_30: 2, evt_coupon_redeemed_365: 5, evt_coupon_redeemed_days_since: 3 },
      { evt_coupon_redeemed_30: 0, evt_coupon_redeemed_365: 4, evt_coupon_redeemed_days_since: 47.6 },
    ];
    const input = {
      ...Object.fromEntries(book.inputs.map((name) => [name, 0])),
      plan: '',
      tenure_days: 400,
      frequency_total: 3,
    } as unknown as ReasonInput;
    const fill = (i: number) => Object.assign(input, customers[i]);
    const attributions = book.codes.map(() => new Float64Array(3));
    // The model says the signal raises the first two customers' risk and lowers the third's.
    attributions[book.codes.indexOf('evt_coupon_redeemed')].set([0.4, 0.2, -0.3]);
    const columns = reasonColumns(3, fill, input, attributions, { rules: book.rules, codes: book.codes });
    const sentence = (i: number) => columns.sentences[columns.ids[0][i]];
    expect(sentence(0)).toEqual({
      code: 'evt_coupon_redeemed',
      en: 'Coupon redeemed: none in 48 days (4 in the last year)',
      zh: '使用优惠券：已 48 天没有（近一年 4 次）',
    });
    expect(sentence(1).en).toBe('Coupon redeemed: 2 in the last 30 days');
    expect(columns.ids[0][2]).toBe(-1);
    // Without attributions nothing says which way it points: not shown.
    const plain = reasonColumns(3, fill, input, null, { rules: book.rules, codes: book.codes });
    expect(Array.from(plain.ids[0])).toEqual([-1, -1, -1]);
  });
});

describe('churn defined by a declared event type', () => {
  it('says it with the declared labels', () => {
    const churn = { definition: 'event' as const, eventTypes: ['cancellation'] };
    const declared = { cancellation: { en: 'Cancellation', 'zh-CN': '取消订阅' } };
    expect(churnSentences(churn, 90, declared)).toEqual({
      en: 'at least one cancellation in 90 days',
      'zh-CN': '90 天内至少一次取消订阅',
    });
  });
});

describe('categorical inputs', () => {
  it('one-hot encode every level when there are few, the frequent ones (up to MAX_LEVELS) when there are many', () => {
    const few = fitPreprocessor({ numeric: {}, categorical: { plan: ['b', 'a', 'b', ''] } }, [], ['plan']);
    expect(few.categorical[0].values).toEqual(['a', 'b']);
    // 40 cities: 35 with 12 rows each, 5 with 3: the 30 most frequent (ties by name) keep a column.
    const cities = [
      ...Array.from({ length: 35 }, (_, k) => Array(12).fill(`c${String(k).padStart(2, '0')}`)).flat(),
      ...Array.from({ length: 5 }, (_, k) => Array(3).fill(`rare${k}`)).flat(),
    ];
    const many = fitPreprocessor({ numeric: {}, categorical: { city: cities } }, [], ['city']);
    expect(many.categorical[0].values).toHaveLength(MAX_LEVELS);
    expect(many.categorical[0].values.some((v) => v.startsWith('rare'))).toBe(false);
    expect(many.categorical[0].values.at(-1)).toBe('c29');
  });
});
