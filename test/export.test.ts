// Exports for retention teams from hand-made scores and plan rows: formula payloads neutralised in
// CSV and xlsx, Chinese text intact, the xlsx read back equals the CSV, filters, locale, the exports
// log; and the effect report over ingested actions recovering a known lift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../pipeline/db/database.ts';
import { EXPORT_COLUMNS } from '../pipeline/export/columns.ts';
import { exportStage } from '../pipeline/export/export-stage.ts';
import { effectReport } from '../pipeline/plan/effect.ts';
import { loadPlaybook } from '../pipeline/plan/playbook.ts';
import { insertHistory, tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => ({ db, dir, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

const playbook = loadPlaybook();
const AS_OF = '2026-07-01';

async function seed() {
  const people: [string, string, string, string][] = [
    ['c1', '=HYPERLINK("http://evil.example","click")', '@evil', '+86 138 0000 0001'],
    ['c2', '王小明', 'wang@example.com', '-12345'],
    ['c3', 'Ann "Quote", Jr.', 'ann@example.org', '\t=1+1'],
    ['c4', 'Low Risk', 'low@example.org', '555'],
  ];
  for (const [id, name, email, phone] of people) {
    await db.run(
      `INSERT INTO customers VALUES ($id, DATE '2025-01-01', 'north', 'web', 'basic', $name, $email, $phone)`,
      { id, name, email, phone },
    );
  }
  const reasons = JSON.stringify([
    { code: 'unresolved_tickets', en: '2 unresolved support tickets', 'zh-CN': '2 个未解决的客服工单' },
    { code: 'detractor', en: 'Detractor: last NPS score 3', 'zh-CN': '贬损者：最近一次 NPS 评分 3' },
  ]);
  const scores: [string, number, string, number][] = [
    ['c1', 0.9, 'high', 1000],
    ['c2', 0.7, 'high', 500],
    ['c3', 0.4, 'medium', 300],
    ['c4', 0.1, 'low', 50],
  ];
  for (const [id, p, tier, value] of scores) {
    await db.run(
      `INSERT INTO scores (model_id, as_of, customer_id, churn_prob, risk_tier, predicted_value, value_tier, value_at_risk, action, reasons, reason_labels)
       VALUES ('m-test', DATE '2026-07-01', $id, $p, $tier, $v, 'high', $p * $v, 'x', 'unresolved_tickets;detractor', $r)`,
      { id, p, tier, v: value, r: reasons },
    );
  }
  const plan: [string, string | null, string | null, number | null, boolean][] = [
    ['c1', 'service_recovery_call', 'phone', 1, false],
    ['c2', 'vip_care_call', 'phone', null, true],
    ['c3', 'retention_email', 'email', 2, false],
    ['c4', null, null, null, false],
  ];
  for (const [id, action, channel, priority, control] of plan) {
    await db.run(
      `INSERT INTO plan VALUES (DATE '2026-07-01', $id, 'active', 'high', 3, 3, 3, 'need_attention', $action, $channel, 1.0, $priority,
         CASE WHEN $action IS NULL THEN NULL ELSE DATE '2026-07-03' END, $control, 'default')`,
      { id, action, channel, priority, control },
    );
  }
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += ch;
  }
  return rows;
}

describe('at-risk exports', () => {
  it('neutralises formulas in CSV and xlsx, keeps Chinese text, and the xlsx reads back as the CSV', async () => {
    await seed();
    const csv = await exportStage(db, { out: join(dir, 'list.csv'), tiers: ['high', 'medium'], playbook, asOf: AS_OF });
    const xlsx = await exportStage(db, {
      out: join(dir, 'list.xlsx'),
      tiers: ['high', 'medium'],
      playbook,
      asOf: AS_OF,
    });
    expect(csv.rows).toBe(3);
    const table = parseCsv(readFileSync(csv.out, 'utf8'));
    expect(table[0][0]).toBe('Customer ID');
    // Order: contacted by priority (c1, c3), then the control group (c2).
    expect(table.slice(1).map((r) => r[0])).toEqual(['c1', 'c3', 'c2']);
    for (const row of table.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(table[1][1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(table[1][3]).toBe("'+86 138 0000 0001");
    expect(table[3][1]).toBe('王小明');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx.out);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(table[0]);
    for (let r = 2; r <= sheet.rowCount; r++) {
      const cells = (sheet.getRow(r).values as unknown[]).slice(1);
      const asText = table[0].map((_, c) => {
        const v = cells[c];
        if (v === undefined || v === null) return '';
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        if (typeof v === 'boolean') return v ? 'true' : 'false';
        return String(v);
      });
      expect(asText).toEqual(table[r - 1]);
    }
    // Typed columns: numbers and dates are numbers and dates, not text.
    const second = sheet.getRow(2);
    const column = (key: string) => EXPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
    expect(typeof second.getCell(column('churn_prob')).value).toBe('number');
    expect(second.getCell(column('due_date')).value).toBeInstanceOf(Date);
    expect(second.getCell(column('churn_prob')).numFmt).toBe('0.0%');

    // Same rows, same bytes: written later (zip times have a 2-second grain), the workbook is the same file.
    await new Promise((done) => setTimeout(done, 2100));
    const again = await exportStage(db, {
      out: join(dir, 'again.xlsx'),
      tiers: ['high', 'medium'],
      playbook,
      asOf: AS_OF,
    });
    expect(readFileSync(again.out).equals(readFileSync(xlsx.out))).toBe(true);
  });

  it('filters, limits, speaks Chinese on request, and records every export', async () => {
    await seed();
    const phone = await exportStage(db, {
      out: join(dir, 'phone.csv'),
      tiers: ['high', 'medium'],
      channels: ['phone'],
      playbook,
      asOf: AS_OF,
      locale: 'zh-CN',
      bom: true,
    });
    const text = readFileSync(phone.out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows[0].slice(0, 2)).toEqual(['客户编号', '姓名']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['c1', 'c2']);
    expect(rows[1]).toContain('服务补救：致电解决未结工单');
    expect(rows[1]).toContain('2 个未解决的客服工单');
    const limited = await exportStage(db, {
      out: join(dir, 'top.json'),
      tiers: ['high', 'medium', 'low'],
      limit: 1,
      playbook,
      asOf: AS_OF,
    });
    expect(JSON.parse(readFileSync(limited.out, 'utf8'))).toHaveLength(1);
    const logged = await db.all<{ rows: number; format: string }>(
      'SELECT rows, format FROM exports ORDER BY exported_at, export_id',
    );
    expect(logged.map((l) => [l.format, l.rows]).sort()).toEqual([
      ['csv', 2],
      ['json', 1],
    ]);
  });
});

describe('effect report over ingested actions', () => {
  it('measures treated vs control retention after each action', async () => {
    // 2,000 customers; even ones held out as control. Treated buy again with probability 0.55,
    // control with 0.35: a true retention lift of 0.20.
    let state = 99;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const retained = Array.from({ length: 2000 }, (_, i) => i).filter((i) => random() < (i % 2 === 0 ? 0.35 : 0.55));
    await db.run(
      "INSERT INTO customers SELECT 'k' || i, DATE '2025-01-01', NULL, NULL, NULL, NULL, NULL, NULL FROM range(2000) t(i)",
    );
    await db.run(
      `INSERT INTO events (event_id, customer_id, ts, type, amount, score, channel, text) SELECT 'e' || i, 'k' || i, TIMESTAMP '2025-03-15 12:00:00', 'purchase', 20, NULL, NULL, NULL
       FROM range(2000) t(i) WHERE list_contains($retained, CAST(i AS DOUBLE))`,
      { retained },
    );
    await insertHistory(db, [], [['k0', '2025-12-31 00:00:00', 'login']], 100000); // history runs to the end of 2025
    await db.run(
      `INSERT INTO actions SELECT 'a' || i, 'k' || i, TIMESTAMP '2025-03-01 09:00:00', 'win_back_offer', 'sms', 5, 'spring', i % 2 = 0,
              CASE WHEN i % 2 = 0 THEN NULL ELSE i % 10 <> 1 END, CASE WHEN i % 2 = 0 THEN NULL ELSE i % 4 = 1 END, NULL
       FROM range(2000) t(i)`,
    );
    const report = await effectReport(db, { horizonDays: 90 });
    expect(report.actions).toHaveLength(1);
    const [a] = report.actions;
    expect(a.treated.n).toBe(1000);
    expect(a.control.n).toBe(1000);
    expect(a.retentionLift!.low).toBeLessThan(0.2);
    expect(a.retentionLift!.high).toBeGreaterThan(0.2);
    expect(a.inconclusive).toBe(false);
    expect(a.treated.contactRate).toBeCloseTo(0.8, 6); // odd i: i % 10 = 1 not reached
    expect(a.treated.acceptRate).toBeCloseTo(0.5, 6); // odd i: i % 4 = 1 accepted
    expect(a.revenueLift!.estimate).toBeCloseTo(20 * (a.treated.retention - a.control.retention), 6);
  });
});
