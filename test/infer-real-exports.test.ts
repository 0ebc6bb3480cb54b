// `churn ingest --infer` on the shapes real exports have (test/fixtures/infer): an online shop's order
// lines with cancellations and decimal customer ids, a Chinese shop export, grocery receipt lines, a
// telecom CRM customer table; each proposal checked field by field, accepted by checkMapping, and
// every column it does not use named with a reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { inferMapping } from '../pipeline/ingest/infer.ts';
import { checkMapping } from '../pipeline/ingest/mapping.ts';
import { timeParser } from '../pipeline/ingest/parse-time.ts';
import { churn } from './helpers/cli.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const FIXTURES = 'test/fixtures/infer';
const fixture = (name: string) => join(FIXTURES, name);

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => ({ db, dir, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

const CSV = { csv: { delimiter: ',', header: true } };

describe('order lines', () => {
  it('Online Retail: invoice lines with C-marked cancellations, decimal customer ids and US dates', async () => {
    const { mapping, notes, unplaced } = await inferMapping(db, fixture('online-retail-lines.csv'), 'events');
    expect(mapping).toEqual({
      kind: 'events',
      ...CSV,
      fields: {
        customer_id: { column: 'CustomerID', format: 'integer' },
        ts: { column: 'InvoiceDate', format: '%m/%d/%Y %H:%M' },
        order_id: 'InvoiceNo',
        quantity: 'Quantity',
        product: 'StockCode',
        unit_price: 'UnitPrice',
        amount: { multiply: ['Quantity', 'UnitPrice'] },
        type: { column: 'InvoiceNo', prefixes: { C: 'refund' }, otherwise: 'purchase' },
      },
      attributes: { country: { column: 'Country', kind: 'categorical', label: { en: 'Country' } } },
      idFrom: ['order_id', 'product', 'customer_id', 'ts', 'quantity', 'unit_price'],
      missingCustomers: 'reject',
    });
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
    // Every sampled date parses, and as 1 December (the span rule), not 12 January.
    expect(timeParser('%m/%d/%Y %H:%M', undefined)('12/1/2010 8:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(notes.join('\n')).toMatch(/also reads as %d\/%m\/%Y %H:%M/);
    expect(notes).toContain(
      '5 of 45 sampled rows have no CustomerID: those rows will be rejected as missing_customer_id.',
    );
    expect(notes).toContain(
      '5 sampled lines have a negative Quantity: purchase lines with a negative quantity are stored as refunds.',
    );
    expect(notes.join('\n')).toMatch(/CustomerID is written as a decimal \(e.g. "17850.0"\)/);
    expect(unplaced).toEqual([
      { column: 'Description', reason: 'product description (product is StockCode): map it to text if wanted' },
    ]);
    expect(notes).toContain(
      'Not placed: Description (product description (product is StockCode): map it to text if wanted).',
    );
  });

  it('a Chinese shop export: 订单号, 下单时间, 会员ID, 商品名称, 品类, 数量, 单价, 省份', async () => {
    const { mapping, notes, unplaced } = await inferMapping(db, fixture('cn-shop-orders.csv'), 'events');
    expect(mapping).toEqual({
      kind: 'events',
      ...CSV,
      fields: {
        customer_id: '会员ID',
        ts: { column: '下单时间', format: '%Y/%m/%d %H:%M:%S' },
        order_id: '订单号',
        quantity: '数量',
        product: '商品名称',
        category: '品类',
        unit_price: '单价',
        amount: { multiply: ['数量', '单价'] },
        type: { value: 'purchase' },
        text: '备注',
      },
      attributes: {
        province: { column: '省份', kind: 'categorical', label: { en: 'Province', 'zh-CN': '省份' } },
      },
      idFrom: ['order_id', 'product', 'customer_id', 'ts', 'quantity', 'unit_price'],
      missingCustomers: 'reject',
    });
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
    expect(timeParser('%Y/%m/%d %H:%M:%S', undefined)('2023/05/01 14:03:22')).toBe(Date.UTC(2023, 4, 1, 14, 3, 22));
    expect(notes).toContain('2 of 30 sampled rows have no 会员ID: those rows will be rejected as missing_customer_id.');
    expect(notes).toContain(
      '2 sampled lines have a negative 数量: purchase lines with a negative quantity are stored as refunds.',
    );
    expect(notes.join('\n')).toMatch(/下单时间 has no time zone/);
    expect(unplaced).toEqual([
      { column: '手机号', reason: 'personal data (contact details): load it with the customers file' },
    ]);
  });

  it('Complete Journey receipt lines: basket, product, quantity and sales value; the discounts and week left out', async () => {
    const { mapping, unplaced } = await inferMapping(db, fixture('completejourney-lines.csv'), 'events');
    expect(mapping).toEqual({
      kind: 'events',
      ...CSV,
      fields: {
        customer_id: 'household_id',
        ts: 'transaction_timestamp',
        order_id: 'basket_id',
        quantity: 'quantity',
        product: 'product_id',
        amount: 'sales_value',
        type: { value: 'purchase' },
      },
      attributes: { store_id: { column: 'store_id', kind: 'categorical', label: { en: 'Store ID' } } },
      // No unit price: the line's sales value tells apart lines that differ only in it.
      idFrom: ['order_id', 'product', 'customer_id', 'ts', 'quantity', 'amount'],
      missingCustomers: 'reject',
    });
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
    expect(unplaced).toEqual([
      {
        column: 'retail_disc',
        reason: 'a discount: not loaded (amount is what was paid)',
      },
      { column: 'coupon_disc', reason: 'constant column (every sampled value is "0")' },
      { column: 'coupon_match_disc', reason: 'constant column (every sampled value is "0")' },
      { column: 'week', reason: 'a calendar part the timestamp already gives' },
    ]);
  });

  it('one row per order (unique order numbers, no line columns): the order number is the event id', async () => {
    const path = join(dir, 'baskets.csv');
    writeFileSync(
      path,
      'basket_id,customer_id,ts,amount\nb1,c1,2017-01-02 10:00:00,12.5\nb2,c2,2017-01-03 11:00:00,8\n',
    );
    const { mapping } = await inferMapping(db, path, 'events');
    expect(mapping.fields).toEqual({
      customer_id: 'customer_id',
      ts: 'ts',
      event_id: 'basket_id',
      amount: 'amount',
      type: { value: 'purchase' },
    });
    expect(mapping.idFrom).toBeUndefined();
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
  });
});

describe('customers', () => {
  const ATTRIBUTES = [
    ['gender', 'gender', 'categorical', 'Gender'],
    ['senior_citizen', 'SeniorCitizen', 'categorical', 'Senior citizen'],
    ['partner', 'Partner', 'categorical', 'Partner'],
    ['dependents', 'Dependents', 'categorical', 'Dependents'],
    ['tenure', 'tenure', 'numeric', 'Tenure'],
    ['phone_service', 'PhoneService', 'categorical', 'Phone service'],
    ['multiple_lines', 'MultipleLines', 'categorical', 'Multiple lines'],
    ['internet_service', 'InternetService', 'categorical', 'Internet service'],
    ['online_security', 'OnlineSecurity', 'categorical', 'Online security'],
    ['tech_support', 'TechSupport', 'categorical', 'Tech support'],
    ['streaming_tv', 'StreamingTV', 'categorical', 'Streaming TV'],
    ['contract', 'Contract', 'categorical', 'Contract'],
    ['paperless_billing', 'PaperlessBilling', 'categorical', 'Paperless billing'],
    ['payment_method', 'PaymentMethod', 'categorical', 'Payment method'],
    ['monthly_charges', 'MonthlyCharges', 'numeric', 'Monthly charges'],
    ['total_charges', 'TotalCharges', 'numeric', 'Total charges'],
  ] as const;

  it('a telecom CRM table: 16 attributes declared with kinds and labels; the churn label and a constant left out', async () => {
    const { mapping, notes, unplaced } = await inferMapping(db, fixture('crm-telco-customers.csv'), 'customers');
    expect(mapping).toEqual({
      kind: 'customers',
      ...CSV,
      fields: {
        customer_id: 'customerID',
        signup_date: { column: 'SignupDate', format: '%m/%d/%Y' },
        email: 'Email',
      },
      attributes: Object.fromEntries(
        ATTRIBUTES.map(([name, column, kind, en]) => [name, { column, kind, label: { en } }]),
      ),
    });
    expect(checkMapping(mapping, 'customers')).toEqual(mapping);
    expect(unplaced).toEqual([
      { column: 'Country', reason: 'constant column (every sampled value is "United States")' },
      {
        column: 'Churn',
        reason: 'looks like the churn outcome itself: as an attribute it would leak the answer to the model',
      },
    ]);
    // A date alone needs no time zone.
    expect(notes.join('\n')).not.toMatch(/time zone/);
  });

  it('without a signup-date column: says it is required and proposes the nearest date column', async () => {
    const lines = readFileSync(fixture('crm-telco-customers.csv'), 'utf8').trim().split('\n');
    // LastContact first, so the start date is chosen by its name, not its place.
    const renamed = lines.map((l, i) => {
      const cells = l.split(',');
      const date = cells[17];
      cells[17] = i === 0 ? 'ContractStartDate' : date;
      return [i === 0 ? 'LastContactDate' : date.replace(/\/20(\d\d)$/, '/2024'), ...cells].join(',');
    });
    const path = join(dir, 'crm.csv');
    writeFileSync(path, renamed.join('\n') + '\n');
    const { mapping, notes, unplaced } = await inferMapping(db, path, 'customers');
    expect(mapping.fields.signup_date).toEqual({ column: 'ContractStartDate', format: '%m/%d/%Y' });
    expect(notes).toContain(
      'fields.signup_date: required, and no column is named as a signup date; ContractStartDate is the nearest ' +
        'date column, so it is proposed: check it is when the customer joined.',
    );
    expect(unplaced).toContainEqual({
      column: 'LastContactDate',
      reason: 'another date: the mapping reads one date or time here',
    });
    expect(checkMapping(mapping, 'customers')).toEqual(mapping);

    const undated = join(dir, 'undated.csv');
    writeFileSync(undated, 'customerID,Contract\nc1,One year\nc2,Two year\n');
    const bare = await inferMapping(db, undated, 'customers');
    expect(bare.mapping.fields.signup_date).toBeUndefined();
    expect(bare.notes).toContain(
      'fields.signup_date: required, and no column holds dates; add the date each customer joined and map it.',
    );
  });

  it('Chinese attribute names get an English name and both labels; ids and free text are no attributes', async () => {
    const path = join(dir, 'members.csv');
    const rows = Array.from(
      { length: 12 },
      (_, k) =>
        `M${100 + k},2023-0${1 + (k % 9)}-1${k % 10},${k % 2 ? '男' : '女'},${20 + k * 3},${['广州', '杭州', '成都'][k % 3]},` +
        `R${900 + k},这位会员喜欢在周末购物 第${k}次备注`,
    );
    writeFileSync(path, ['会员ID,注册日期,性别,年龄,城市,推荐人编号,客服备注', ...rows].join('\n') + '\n');
    const { mapping, unplaced } = await inferMapping(db, path, 'customers');
    expect(mapping.fields).toEqual({ customer_id: '会员ID', signup_date: '注册日期' });
    expect(mapping.attributes).toEqual({
      gender: { column: '性别', kind: 'categorical', label: { en: 'Gender', 'zh-CN': '性别' } },
      age: { column: '年龄', kind: 'numeric', label: { en: 'Age', 'zh-CN': '年龄' } },
      city: { column: '城市', kind: 'categorical', label: { en: 'City', 'zh-CN': '城市' } },
    });
    expect(unplaced).toEqual([
      { column: '推荐人编号', reason: 'an identifier (a different value on every row): not an attribute' },
      { column: '客服备注', reason: 'free text: not an attribute' },
    ]);
    expect(checkMapping(mapping, 'customers')).toEqual(mapping);
  });
});

describe('surveys and event types', () => {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['CSAT', [1, 2, 3, 4, 5, 4], 'csat'],
    ['NPS', [0, 7, 9, 10, 3, 8], 'nps'],
    ['星级', [5, 4, 4, 3, 5, 1], 'stars'],
    ['rating', [2, 4, 4, 3, 5, 1], 'stars'],
    ['满意度', [5, 4, 3, 3, 5, 2], 'csat'],
  ] as const)('a %s column (answers %j): a survey on the %s scale', async (column, scores, scale) => {
    const rows = scores.map((s, k) => `m${k},2024-03-0${k + 1} 10:00:00,${s}`);
    const path = write('surveys.csv', [`member_id,ts,${column}`, ...rows].join('\n') + '\n');
    const { mapping } = await inferMapping(db, path, 'events');
    expect(mapping.fields).toMatchObject({
      customer_id: 'member_id',
      score: column,
      survey_scale: { value: scale },
      type: { value: 'survey' },
    });
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
  });

  it('type values that name no built-in type are declared as event types', async () => {
    const rows = ['c1,2024-01-01,purchase,10', 'c1,2024-01-02,coupon_redeemed,', 'c2,2024-01-03,Page View,'];
    const path = write('events.csv', ['customer_id,date,event_type,amount', ...rows].join('\n') + '\n');
    const { mapping } = await inferMapping(db, path, 'events');
    expect(mapping.fields.type).toEqual({ column: 'event_type', values: { 'Page View': 'page_view' } });
    expect(mapping.eventTypes).toEqual({
      coupon_redeemed: { label: { en: 'Coupon redeemed' } },
      page_view: { label: { en: 'Page view' } },
    });
    expect(checkMapping(mapping, 'events')).toEqual(mapping);
  });
});

describe('the CLI', () => {
  it('prints the mapping on stdout, the notes and unplaced columns on stderr, all of it with --json', () => {
    const file = fixture('online-retail-lines.csv');
    const text = churn(['ingest', '--infer', file, '--kind', 'events']);
    expect(text.code).toBe(0);
    expect(JSON.parse(text.stdout).fields.order_id).toBe('InvoiceNo');
    expect(text.stderr).toMatch(/note: Not placed: Description \(product description/);
    const json = churn(['ingest', '--infer', file, '--kind', 'events', '--json']);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.mapping).toEqual(JSON.parse(text.stdout));
    expect(out.unplaced).toEqual([
      { column: 'Description', reason: 'product description (product is StockCode): map it to text if wanted' },
    ]);
    expect(out.notes).toContain(
      '5 of 45 sampled rows have no CustomerID: those rows will be rejected as missing_customer_id.',
    );
  });
});
