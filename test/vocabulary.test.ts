// One vocabulary (pipeline/vocabulary.ts): every other place that spells the domain's codes or the
// canonical columns agrees with it, whether it derives from it or keeps its own copy for a reason
// (schema.sql is SQL, the report site is browser JavaScript that imports no TypeScript).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { EXPORT_COLUMNS } from '../pipeline/export/columns.ts';
import { customerLine, CUSTOMER_COLUMNS, EVENT_COLUMNS, eventLine } from '../pipeline/generate/to-csv.ts';
import { KINDS, KIND_NAMES } from '../pipeline/ingest/canonical-schema.ts';
import { stageColumns } from '../pipeline/ingest/ingest-stage.ts';
import { loadPlaybook } from '../pipeline/plan/playbook.ts';
import {
  CANONICAL_COLUMNS,
  CHANNELS,
  columnsOf,
  EVENT_TYPES,
  EVENT_TYPE_LABELS,
  LIFECYCLE_LABELS,
  LIFECYCLES,
  LOCALES,
  RFM_SEGMENTS,
  RISK_TIER_LABELS,
  RISK_TIERS,
  SEGMENT_LABELS,
  VALUE_TIER_LABELS,
  VALUE_TIERS,
  type Kind,
  type Labels,
} from '../pipeline/vocabulary.ts';
import { tempDatabase } from './helpers/temp-db.ts';

const component = (name: string) => import(new URL(`../reports/components/${name}`, import.meta.url).href);
const sorted = (xs: readonly string[]) => [...xs].sort();

describe('the canonical columns', () => {
  let db: Database;
  let cleanup: () => void;
  beforeAll(async () => ({ db, cleanup } = await tempDatabase()));
  afterAll(() => cleanup());

  const columnsIn = (table: string) =>
    db.all<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position`,
      { table },
    );

  it.each(['customers', 'events', 'actions'] as Kind[])(
    '%s: schema.sql has the columns and types, in order',
    async (kind) => {
      const table = await columnsIn(kind);
      expect(table.map((c) => [c.column_name, c.data_type])).toEqual(Object.entries(CANONICAL_COLUMNS[kind]));
    },
  );

  it.each(['customers', 'events', 'actions'] as Kind[])(
    '%s: ingest stages the same columns (timestamps as epoch ms)',
    async (kind) => {
      await db.run(`CREATE OR REPLACE TEMP TABLE stage_check (${stageColumns(kind)})`);
      const staged = await columnsIn('stage_check');
      const expected = Object.entries(CANONICAL_COLUMNS[kind]).map(([c, t]) => [c, t === 'TIMESTAMP' ? 'BIGINT' : t]);
      expect(staged.map((c) => [c.column_name, c.data_type])).toEqual(expected);
    },
  );

  it('the zod schemas have one field per column, in order, and the same kinds', () => {
    expect(KIND_NAMES).toEqual(Object.keys(CANONICAL_COLUMNS));
    for (const kind of KIND_NAMES) expect(Object.keys(KINDS[kind].fields), kind).toEqual(columnsOf(kind));
  });

  it("the generator's CSV files write each field under its header", () => {
    expect(CUSTOMER_COLUMNS).toEqual(columnsOf('customers'));
    // the generator writes no order lines or survey scales: the leading columns, in order
    expect(EVENT_COLUMNS).toEqual(columnsOf('events').slice(0, EVENT_COLUMNS.length));
    expect(EVENT_COLUMNS.at(-1)).toBe('text');
    // every field holding its own column's name (numbers aside) shows the order the line writes
    const named = Object.fromEntries(CUSTOMER_COLUMNS.map((c) => [c, c]));
    expect(customerLine(named as never)).toBe(CUSTOMER_COLUMNS.join(',') + '\n');
    const event = { ...Object.fromEntries(EVENT_COLUMNS.map((c) => [c, c])), ts: 0, amount: 1, score: 2 };
    expect(eventLine(event as never, () => 'ts')).toBe(
      EVENT_COLUMNS.map((c) => ({ amount: '1.00', score: '2' })[c as string] ?? c).join(',') + '\n',
    );
  });

  it("the at-risk export's customer fields are canonical columns, with a header in every locale", () => {
    const customerFields = ['customer_id', 'name', 'email', 'phone', 'region', 'plan'];
    for (const c of customerFields) expect(columnsOf('customers')).toContain(c);
    expect(EXPORT_COLUMNS.map((c) => c.key)).toEqual(expect.arrayContaining(customerFields));
    for (const c of EXPORT_COLUMNS) expect(Object.keys(c.header), c.key).toEqual([...LOCALES]);
  });
});

describe('the codes and their labels', () => {
  const tables: [string, readonly string[], Labels][] = [
    ['risk tiers', RISK_TIERS, RISK_TIER_LABELS],
    ['value tiers', VALUE_TIERS, VALUE_TIER_LABELS],
    ['lifecycle stages', LIFECYCLES, LIFECYCLE_LABELS],
    ['RFM segments', RFM_SEGMENTS, SEGMENT_LABELS],
  ];

  it.each(tables)('%s: one label per code in every locale', (_, codes, labels) => {
    expect(Object.keys(labels)).toEqual([...codes]);
    for (const code of codes) expect(Object.keys(labels[code]), code).toEqual([...LOCALES]);
    for (const code of codes) for (const l of LOCALES) expect(labels[code][l].trim(), `${code} ${l}`).not.toBe('');
  });

  it("the default playbook's channels are vocabulary channels", () => {
    const playbook = loadPlaybook();
    for (const c of Object.keys(playbook.channels)) expect(CHANNELS).toContain(c);
  });

  it('SQL and TypeScript compare event types and tiers only with vocabulary codes', () => {
    const known: Record<string, readonly string[]> = {
      type: EVENT_TYPES,
      risk_tier: RISK_TIERS,
      value_tier: VALUE_TIERS,
      lifecycle: LIFECYCLES,
      segment: RFM_SEGMENTS,
    };
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.(sql|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const unknown: string[] = [];
    let compared = 0;
    const root = new URL('..', import.meta.url).pathname;
    for (const file of files(join(root, 'pipeline'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /\b(type|risk_tier|value_tier|lifecycle|segment)\s*(?:=|<>|!=|\bIN\b)\s*\(?((?:\s*'[a-z_]+'\s*,?)+)/g,
      )) {
        for (const [, code] of m[2].matchAll(/'([a-z_]+)'/g)) {
          compared++;
          if (!known[m[1]].includes(code)) unknown.push(`${relative(root, file)}: ${m[1]} '${code}'`);
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });
});

describe('the report site (browser JavaScript) spells the same codes', () => {
  it('colours and display orders cover exactly the vocabulary', async () => {
    const tiers = await component('tiers.js');
    const orders: [string[], Record<string, string>, readonly string[]][] = [
      [tiers.TIERS, tiers.TIER_COLORS, RISK_TIERS],
      [tiers.VALUE_TIERS, tiers.VALUE_TIER_COLORS, VALUE_TIERS],
      [tiers.LIFECYCLES, tiers.LIFECYCLE_COLORS, LIFECYCLES],
      [tiers.SEGMENTS, tiers.SEGMENT_COLORS, RFM_SEGMENTS],
      [tiers.CHANNELS, tiers.CHANNEL_COLORS, CHANNELS],
      [tiers.EVENT_TYPES, tiers.EVENT_COLORS, EVENT_TYPES],
    ];
    for (const [order, colors, codes] of orders) {
      expect(sorted(order)).toEqual(sorted(codes));
      for (const code of codes) expect(colors[code], code).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('locales, risk tier labels and event type labels are the vocabulary', async () => {
    const labels = await component('labels.js');
    expect(labels.LOCALES).toEqual([...LOCALES]);
    for (const l of LOCALES) {
      expect(labels.TIER_LABELS[l]).toEqual(Object.fromEntries(RISK_TIERS.map((t) => [t, RISK_TIER_LABELS[t][l]])));
    }
    const { en } = await component('labels-en.js');
    const { zhCN } = await component('labels-zh.js');
    for (const messages of [en, zhCN]) {
      const events = Object.keys(messages)
        .filter((k) => k.startsWith('event.'))
        .map((k) => k.slice('event.'.length));
      expect(sorted(events)).toEqual(sorted(EVENT_TYPES));
    }
    // and say the same as the vocabulary's labels (reasons, exports and sentences use those)
    for (const type of EVENT_TYPES) {
      expect(en[`event.${type}`], type).toBe(EVENT_TYPE_LABELS[type].en);
      expect(zhCN[`event.${type}`], type).toBe(EVENT_TYPE_LABELS[type]['zh-CN']);
    }
  });
});
