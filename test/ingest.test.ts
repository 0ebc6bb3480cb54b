// Ingest: every rule rejects its row with its code while the good rows around it load; counts always
// reconcile; re-ingest and overlapping exports insert only new rows; a failure mid-file changes
// nothing; GB18030 and BOM files keep their Chinese text; Parquet/JSON/NDJSON go the same way; CDNOW.
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from './helpers/gb18030.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySchema, openDatabase, type Database } from '../pipeline/db/database.ts';
import { clockSetTo, systemClock } from '../pipeline/clock.ts';
import { UserError } from '../pipeline/errors.ts';
import { ingestStage, type IngestOptions } from '../pipeline/ingest/ingest-stage.ts';
import { checkMapping, loadMapping } from '../pipeline/ingest/mapping.ts';
import { churn } from './helpers/cli.ts';
import { tempDatabase } from './helpers/temp-db.ts';

let db: Database;
let dir: string;
let cleanup: () => void;
beforeEach(async () => ({ db, dir, cleanup } = await tempDatabase()));
afterEach(() => cleanup());

const NOW = Date.UTC(2025, 0, 1);
const base = { futureToleranceHours: 24, now: clockSetTo(NOW), mapping: null } satisfies Partial<IngestOptions>;
const CUSTOMERS = 'customer_id,signup_date,region,channel,plan,name,email,phone\n';
const EVENTS = 'event_id,customer_id,ts,type,amount,score,channel,text\n';

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function count(table: string): Promise<number> {
  return (await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0].n;
}

async function seedCustomers() {
  await ingestStage(
    db,
    file('c.csv', CUSTOMERS + 'c1,2024-01-01,north,web,basic,Ann,a@x.org,\nc2,2024-02-01,,,,,,\n'),
    { ...base, kind: 'customers' },
  );
}

describe('row rules', () => {
  it('rejects one row per rule with its code and loads the good rows around them', async () => {
    await seedCustomers();
    const rows = [
      'g1,c1,2024-03-01 10:00:00,purchase,10,,web,', // good
      'b1,,2024-03-01 10:00:00,login,,,,', // missing customer id
      'b2,c1,not a time,login,,,,', // unparseable timestamp
      'b3,c1,2025-06-01 00:00:00,login,,,,', // in the future beyond tolerance
      'b4,c1,2024-03-01 10:00:00,teleport,,,,', // unknown event type
      'b5,c1,2024-03-01 10:00:00,purchase,ten,,,', // amount not a number
      'b6,c1,2024-03-01 10:00:00,purchase,-5,,,', // negative purchase
      'b7,c1,2024-03-01 10:00:00,survey,,11,,', // score outside 0-10
      ',c1,2024-03-01 10:00:00,login,,,,', // required field empty
      'b9,ghost,2024-03-01 10:00:00,login,,,,', // unknown customer
      'b10,c1,2024-03-01 10:00:00,login', // wrong field count
      'b11,c1,"2024-03-01 10:00:00"x,login,,,,', // broken quoting
      'g1,c1,2024-03-02 10:00:00,purchase,99,,web,', // same id, different content
      'g2,c2,2024-12-31 23:00:00,survey,,0,,"multi\nline, text"', // good (within tolerance of now)
      'g1,c1,2024-03-01 10:00:00,purchase,10,,web,', // exact repeat: already present
    ];
    const r = await ingestStage(db, file('e.csv', EVENTS + rows.join('\n') + '\n'), { ...base, kind: 'events' });
    expect(r.rejectsByReason).toEqual({
      missing_customer_id: 1,
      bad_timestamp: 1,
      future_timestamp: 1,
      unknown_event_type: 1,
      bad_number: 1,
      negative_amount: 1,
      score_out_of_range: 1,
      missing_required: 1,
      unknown_customer: 1,
      wrong_field_count: 1,
      malformed_row: 1,
      conflicting_duplicate: 1,
    });
    expect(r).toMatchObject({ rowsRead: 15, inserted: 2, alreadyPresent: 1, rejected: 12 });
    expect(r.rowsRead).toBe(r.inserted + r.alreadyPresent + r.rejected);
    expect(await count('events')).toBe(2);
    const rejects = await db.all<{ line: number; reason: string; raw: string }>(
      'SELECT line, reason, raw FROM rejects ORDER BY line',
    );
    expect(rejects.map((x) => [x.line, x.reason])).toEqual([
      [3, 'missing_customer_id'],
      [4, 'bad_timestamp'],
      [5, 'future_timestamp'],
      [6, 'unknown_event_type'],
      [7, 'bad_number'],
      [8, 'negative_amount'],
      [9, 'score_out_of_range'],
      [10, 'missing_required'],
      [11, 'unknown_customer'],
      [12, 'wrong_field_count'],
      [13, 'malformed_row'],
      [14, 'conflicting_duplicate'],
    ]);
    expect(rejects[3].raw).toBe(rows[4]);
    const [text] = await db.all<{ text: string }>("SELECT text FROM events WHERE event_id = 'g2'");
    expect(text.text).toBe('multi\nline, text');
  });

  it('can create stub customers for unknown ones instead of rejecting', async () => {
    const r = await ingestStage(
      db,
      file('e.csv', EVENTS + 'e1,new1,2024-05-02 08:00:00,login,,,,\ne2,new1,2024-05-01 09:00:00,login,,,,\n'),
      {
        ...base,
        kind: 'events',
        missingCustomers: 'create',
      },
    );
    expect(r).toMatchObject({ inserted: 2, rejected: 0, customersCreated: 1 });
    const [c] = await db.all<{ d: string }>(
      "SELECT strftime(signup_date, '%Y-%m-%d') AS d FROM customers WHERE customer_id = 'new1'",
    );
    expect(c.d).toBe('2024-05-01');
  });

  it('writes rejects to a CSV that can be fixed and ingested again', async () => {
    await seedCustomers();
    const out = join(dir, 'rejects.csv');
    const first = await ingestStage(
      db,
      file('e.csv', EVENTS + 'e1,c1,2024-03-01,login,,,,\ne2,c1,2024-13-01,login,,,,\n'),
      {
        ...base,
        kind: 'events',
        rejectsOut: out,
      },
    );
    expect(first).toMatchObject({ inserted: 1, rejected: 1 });
    const fixed = readFileSync(out, 'utf8').replace('2024-13-01', '2024-12-01');
    const again = await ingestStage(db, file('fixed.csv', fixed), { ...base, kind: 'events' });
    expect(again).toMatchObject({ rowsRead: 1, inserted: 1, rejected: 0 });
  });
});

describe('nothing lost, nothing doubled', () => {
  it('re-ingesting a file inserts nothing; overlapping exports insert only new rows', async () => {
    await seedCustomers();
    const day1 = file('day1.csv', EVENTS + 'e1,c1,2024-03-01,login,,,,\ne2,c1,2024-03-02,login,,,,\n');
    const day2 = file(
      'day2.csv',
      EVENTS + 'e2,c1,2024-03-02,login,,,,\ne3,c2,2024-03-03,login,,,,\ne4,c2,2024-03-04,login,,,,\n',
    );
    expect(await ingestStage(db, day1, { ...base, kind: 'events' })).toMatchObject({ inserted: 2, alreadyPresent: 0 });
    expect(await ingestStage(db, day1, { ...base, kind: 'events' })).toMatchObject({ inserted: 0, alreadyPresent: 2 });
    expect(await ingestStage(db, day2, { ...base, kind: 'events' })).toMatchObject({
      rowsRead: 3,
      inserted: 2,
      alreadyPresent: 1,
    });
    expect(await count('events')).toBe(4);
    expect(await count('ingest_log')).toBe(4); // the customers file and three event loads
  });

  it('an id already stored is never written twice, even with other content: events has no key index to catch it', async () => {
    await seedCustomers();
    await ingestStage(db, file('day1.csv', EVENTS + 'e1,c1,2024-03-01,login,,,,\ne2,c1,2024-03-02,login,,,,\n'), {
      ...base,
      kind: 'events',
    });
    const later = file(
      'later.csv',
      EVENTS + 'e1,c1,2024-05-01,purchase,10,,,\ne5,c2,2024-03-05,login,,,,\ne5,c2,2024-03-05,login,,,,\n',
    );
    expect(await ingestStage(db, later, { ...base, kind: 'events' })).toMatchObject({
      rowsRead: 3,
      inserted: 1,
      alreadyPresent: 1,
      rejected: 1,
      differ: 1,
      rejectsByReason: { conflicts_with_stored: 1 },
    });
    const [ids] = await db.all<{ n: number; distinct_ids: number }>(
      'SELECT count(*) AS n, count(DISTINCT event_id) AS distinct_ids FROM events',
    );
    expect(ids).toEqual({ n: 3, distinct_ids: 3 });
    const [e1] = await db.all<{ type: string }>("SELECT type FROM events WHERE event_id = 'e1'");
    expect(e1.type).toBe('login');
    const keys = await db.all(
      "SELECT 1 FROM duckdb_constraints() WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY'",
    );
    expect(keys).toEqual([]);
  });

  it('a database made when events had a primary key ingests the same way', async () => {
    const old = await openDatabase(join(dir, 'old.duckdb'), { schema: false });
    try {
      await old.run(`CREATE TABLE events (event_id VARCHAR PRIMARY KEY, customer_id VARCHAR NOT NULL, ts TIMESTAMP NOT NULL,
        type VARCHAR NOT NULL, amount DOUBLE, score DOUBLE, channel VARCHAR, text VARCHAR)`);
      await applySchema(old);
      await ingestStage(old, file('c.csv', CUSTOMERS + 'c1,2024-01-01,,,,,,\nc2,2024-02-01,,,,,,\n'), {
        ...base,
        kind: 'customers',
      });
      const day1 = file('day1.csv', EVENTS + 'e1,c1,2024-03-01,login,,,,\ne2,c1,2024-03-02,login,,,,\n');
      const day2 = file(
        'day2.csv',
        EVENTS +
          'e2,c1,2024-03-09,purchase,5,,,\ne3,c2,2024-03-03,login,,,,\ne3,c2,2024-03-03,login,,,,\ne3,c2,2024-03-04,login,,,,\n',
      );
      expect(await ingestStage(old, day1, { ...base, kind: 'events' })).toMatchObject({
        inserted: 2,
        alreadyPresent: 0,
      });
      expect(await ingestStage(old, day1, { ...base, kind: 'events' })).toMatchObject({
        inserted: 0,
        alreadyPresent: 2,
      });
      expect(await ingestStage(old, day2, { ...base, kind: 'events' })).toMatchObject({
        rowsRead: 4,
        inserted: 1,
        alreadyPresent: 1,
        rejected: 2,
        rejectsByReason: { conflicting_duplicate: 1, conflicts_with_stored: 1 },
      });
      const [ids] = await old.all<{ n: number; keys: number }>(`SELECT (SELECT count(*) FROM events) AS n,
        (SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'events' AND constraint_type = 'PRIMARY KEY') AS keys`);
      expect(ids).toEqual({ n: 3, keys: 1 });
    } finally {
      old.close();
    }
  });

  it('updated customer attributes replace the old ones; empty values keep them', async () => {
    await seedCustomers();
    const r = await ingestStage(
      db,
      file('c2.csv', CUSTOMERS + 'c1,2024-01-01,south,,,,,\nc2,2024-02-01,,,,,,\nc3,2024-03-01,,,,,,\n'),
      {
        ...base,
        kind: 'customers',
      },
    );
    expect(r).toMatchObject({ rowsRead: 3, inserted: 1, alreadyPresent: 2, updated: 1 });
    const [c1] = await db.all<{ region: string; name: string }>(
      "SELECT region, name FROM customers WHERE customer_id = 'c1'",
    );
    expect(c1).toEqual({ region: 'south', name: 'Ann' });
  });

  it('a failure in the middle of a file leaves the database as it was', async () => {
    await seedCustomers();
    const good = Buffer.from(
      EVENTS + Array.from({ length: 5000 }, (_, i) => `e${i},c1,2024-03-01,login,,,,`).join('\n') + '\n',
    );
    // Two megabytes of valid rows, then bytes that are not UTF-8: decoding fails after rows were staged.
    const rows = Buffer.concat([good, Buffer.alloc(2 << 20, 'x'), Buffer.from([0xff, 0xfe, 0x0a])]);
    await expect(ingestStage(db, file('broken.csv', rows), { ...base, kind: 'events' })).rejects.toThrow(
      /not valid UTF-8 text near byte/,
    );
    expect(await count('events')).toBe(0);
    expect(await count('ingest_log')).toBe(1);
    expect(await count('rejects')).toBe(0);
  });

  it('dry run validates and counts but changes nothing', async () => {
    await seedCustomers();
    const r = await ingestStage(db, file('e.csv', EVENTS + 'e1,c1,2024-03-01,login,,,,\n'), {
      ...base,
      kind: 'events',
      dryRun: true,
    });
    expect(r).toMatchObject({ dryRun: true, inserted: 1, loadId: null });
    expect(await count('events')).toBe(0);
  });
});

describe('nothing dropped silently', () => {
  it('a file with a header and no rows says 0 data rows, in the result, on stderr and in the --json warnings', async () => {
    const path = file('header-only.csv', CUSTOMERS);
    const r = await ingestStage(db, path, { ...base, kind: 'customers' });
    expect(r).toMatchObject({ rowsRead: 0, inserted: 0, rejected: 0 });
    expect(r.warnings).toEqual([expect.stringMatching(/header-only\.csv: 0 data rows/)]);
    const cli = churn(['ingest', path, '--kind', 'customers', '--db', join(dir, 'cli.duckdb'), '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toMatch(/^warning: .*header-only\.csv: 0 data rows/m);
    const json = JSON.parse(cli.stdout);
    expect(json.warnings).toEqual([expect.stringMatching(/header-only\.csv: 0 data rows/)]);
    expect(json.files[0].warnings).toEqual(json.warnings);
  });

  it('an event re-sent under a stored id with other values keeps the stored row, is counted apart and listed in the rejects', async () => {
    await seedCustomers();
    await ingestStage(
      db,
      file(
        'day1.csv',
        EVENTS +
          'e1,c1,2024-03-01 10:00:00,purchase,10,,web,\ne2,c1,2024-03-02,login,,,,\ne3,c2,2024-03-03,login,,,,\n',
      ),
      {
        ...base,
        kind: 'events',
      },
    );
    const before = await db.all('SELECT * FROM events ORDER BY event_id');
    const rows = [
      'e1,c1,2024-03-01 10:00:00,purchase,12.5,,web,', // the amount corrected
      'e2,c1,2024-03-02,login,,,,', // identical: already present
      'e3,c2,2024-03-04,survey,,7,,', // ts, type and score differ
      'e4,c2,2024-03-05,login,,,,', // new
      'e3,c2,2024-03-04,survey,,7,,', // the corrected e3 again: differs from the stored row too
    ];
    const out = join(dir, 'rejects.csv');
    const r = await ingestStage(db, file('corrected.csv', EVENTS + rows.join('\n') + '\n'), {
      ...base,
      kind: 'events',
      rejectsOut: out,
    });
    expect(r).toMatchObject({
      rowsRead: 5,
      inserted: 1,
      alreadyPresent: 1,
      rejected: 3,
      differ: 3,
      differingIds: ['e1', 'e3'],
      rejectsByReason: { conflicts_with_stored: 3 },
    });
    expect(r.rowsRead).toBe(r.inserted + r.alreadyPresent + r.rejected);
    expect(r.warnings).toEqual([
      expect.stringMatching(/corrected\.csv: 3 rows re-send 2 ids already stored with other values \(e1, e3\)/),
    ]);
    // The stored rows stay as they were; only e4 was added.
    expect(await db.all("SELECT * FROM events WHERE event_id <> 'e4' ORDER BY event_id")).toEqual(before);
    const rejects = await db.all<{ line: number; reason: string; message: string }>(
      "SELECT line, reason, message FROM rejects WHERE file LIKE '%corrected.csv' ORDER BY line",
    );
    expect(rejects).toEqual([
      {
        line: 2,
        reason: 'conflicts_with_stored',
        message: 'event_id e1 is already stored with other values (amount); the stored row is kept',
      },
      {
        line: 4,
        reason: 'conflicts_with_stored',
        message: 'event_id e3 is already stored with other values (ts, type, score); the stored row is kept',
      },
      {
        line: 6,
        reason: 'conflicts_with_stored',
        message: 'event_id e3 is already stored with other values (ts, type, score); the stored row is kept',
      },
    ]);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('e1,c1,2024-03-01 10:00:00,purchase,12.5,,web,,2,conflicts_with_stored,');
    expect(csv).toContain('e3,c2,2024-03-04,survey,,7,,,4,conflicts_with_stored,');
  });

  it('an action re-sent with other outcomes is counted apart too, and the summary says so on the command line', async () => {
    const cliDb = join(dir, 'cli.duckdb');
    const customers = file('c.csv', CUSTOMERS + 'c1,2024-01-01,north,web,basic,Ann,a@x.org,\n');
    expect(churn(['ingest', customers, '--kind', 'customers', '--db', cliDb]).code).toBe(0);
    const header = 'action_id,customer_id,ts,action,channel,cost,campaign,is_control,contacted,accepted,text\n';
    const first = file('a1.csv', header + 'a1,c1,2024-06-01 10:00:00,vip_care_call,phone,20,spring,false,,,\n');
    expect(churn(['ingest', first, '--kind', 'actions', '--db', cliDb]).code).toBe(0);
    const later = file('a2.csv', header + 'a1,c1,2024-06-01 10:00:00,vip_care_call,phone,20,spring,false,true,yes,\n');
    const r = churn(['ingest', later, '--kind', 'actions', '--db', cliDb, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files[0]).toMatchObject({
      rowsRead: 1,
      inserted: 0,
      alreadyPresent: 0,
      rejected: 1,
      differ: 1,
      differingIds: ['a1'],
    });
    expect(json.totals).toMatchObject({ rowsRead: 1, differ: 1, rejected: 1 });
    expect(r.stderr).toMatch(/^warning: .*a2\.csv: 1 row re-sends 1 id already stored with other values \(a1\)/m);
    const text = churn(['ingest', later, '--kind', 'actions', '--db', cliDb]);
    expect(text.stdout).toMatch(
      /1 rows read = 0 inserted \+ 0 already present \+ 1 rejected \(1 differs from the stored row, kept\)/,
    );
  });

  it('customers re-sent with other attributes are updated (the latest file wins) and counted in the totals', async () => {
    const cliDb = join(dir, 'cli.duckdb');
    expect(
      churn([
        'ingest',
        file('c1.csv', CUSTOMERS + 'c1,2024-01-01,north,web,basic,Ann,,\nc2,2024-01-01,north,web,basic,Bo,,\n'),
        '--kind',
        'customers',
        '--db',
        cliDb,
      ]).code,
    ).toBe(0);
    const r = churn([
      'ingest',
      file('c2.csv', CUSTOMERS + 'c1,2024-01-01,south,web,basic,Ann,,\nc2,2024-01-01,north,web,basic,Bo,,\n'),
      '--kind',
      'customers',
      '--db',
      cliDb,
      '--json',
    ]);
    expect(JSON.parse(r.stdout).totals).toMatchObject({
      rowsRead: 2,
      inserted: 0,
      alreadyPresent: 2,
      updated: 1,
      rejected: 0,
    });
  });
});

describe('encodings and formats', () => {
  it('reads GB18030 text and UTF-8 with a BOM, keeping Chinese text', async () => {
    const content = CUSTOMERS + 'c9,2024-01-01,华东,门店,会员,王小明,,13800000000\n';
    await ingestStage(db, file('gb.csv', iconv.encode(content)), { ...base, kind: 'customers', encoding: 'gb18030' });
    await ingestStage(db, file('bom.csv', '\uFEFF' + content.replace('c9', 'c10')), { ...base, kind: 'customers' });
    const rows = await db.all<{ name: string; region: string }>(
      'SELECT name, region FROM customers ORDER BY customer_id',
    );
    expect(rows).toEqual([
      { name: '王小明', region: '华东' },
      { name: '王小明', region: '华东' },
    ]);
  });

  it('says which encoding to try when a GB18030 file is read as UTF-8', async () => {
    const path = file('gb.csv', iconv.encode(CUSTOMERS + 'c9,2024-01-01,华东,,,王小明,,\n'));
    await expect(ingestStage(db, path, { ...base, kind: 'customers' })).rejects.toThrow(/--encoding gb18030/);
  });

  it('reads semicolon, tab and whitespace separated files and headerless files through a mapping', async () => {
    const mapping = checkMapping(
      {
        csv: { delimiter: ';', header: false, columns: ['id', 'joined'] },
        fields: { customer_id: 'id', signup_date: { column: 'joined', format: '%d/%m/%Y' } },
      },
      'customers',
    );
    const r = await ingestStage(db, file('semi.csv', 'x1;31/01/2024\nx2;29/02/2024\nx3;30/02/2024\n'), {
      ...base,
      kind: 'customers',
      mapping,
    });
    expect(r).toMatchObject({ inserted: 2, rejected: 1, rejectsByReason: { bad_date: 1 } });
    const tab = await ingestStage(db, file('tab.tsv', 'customer_id\tsignup_date\nt1\t2024-01-01\n'), {
      ...base,
      kind: 'customers',
    });
    expect(tab.inserted).toBe(1);
  });

  it('maps source values, scales amounts, converts time zones and hashes ids', async () => {
    await seedCustomers();
    const mapping = checkMapping(
      {
        fields: {
          customer_id: '客户编号',
          ts: { column: '下单时间', format: '%Y/%m/%d %H:%M', timezone: 'Asia/Shanghai' },
          type: { column: '类型', values: { 订单: 'purchase', 退款: 'refund' } },
          amount: { column: '金额（分）', scale: 0.01 },
        },
        idFrom: ['customer_id', 'ts', 'type', 'amount'],
      },
      'events',
    );
    const content =
      '客户编号,下单时间,类型,金额（分）\nc1,2024/03/01 08:30,订单,1250\nc1,2024/03/01 08:30,订单,1250\nc2,2024/03/02 00:10,退款,-300\n';
    const path = file('cn.csv', content);
    const r = await ingestStage(db, path, { ...base, kind: 'events', mapping });
    expect(r).toMatchObject({ inserted: 3, rejected: 0 });
    const rows = await db.all<{ event_id: string; ts: string; type: string; amount: number }>(
      "SELECT event_id, strftime(ts, '%Y-%m-%d %H:%M') AS ts, type, amount FROM events ORDER BY ts, event_id",
    );
    expect(rows.map((x) => [x.ts, x.type, x.amount])).toEqual([
      ['2024-03-01 00:30', 'purchase', 12.5],
      ['2024-03-01 00:30', 'purchase', 12.5],
      ['2024-03-01 16:10', 'refund', -3],
    ]);
    expect(new Set(rows.map((x) => x.event_id)).size).toBe(3); // the repeat got its own id (~2)
    expect(await ingestStage(db, path, { ...base, kind: 'events', mapping })).toMatchObject({
      inserted: 0,
      alreadyPresent: 3,
    });
  });

  it('reads Parquet, JSON and NDJSON through the same validation', async () => {
    await seedCustomers();
    const pq = join(dir, 'e.parquet');
    await db.run(
      `COPY (SELECT 'p1' AS event_id, 'c1' AS customer_id, '2024-03-01 10:00:00' AS ts, 'login' AS type
             UNION ALL SELECT 'p2', 'c1', 'bad', 'login') TO $p (FORMAT parquet)`,
      { p: pq },
    );
    expect(await ingestStage(db, pq, { ...base, kind: 'events' })).toMatchObject({
      format: 'parquet',
      inserted: 1,
      rejected: 1,
    });
    const json = file(
      'e.json',
      JSON.stringify([{ event_id: 'j1', customer_id: 'c2', ts: '2024-03-01T10:00:00Z', type: 'survey', score: 9 }]),
    );
    expect(await ingestStage(db, json, { ...base, kind: 'events' })).toMatchObject({ format: 'json', inserted: 1 });
    const nd = file(
      'e.ndjson',
      '{"event_id":"n1","customer_id":"c2","ts":"2024-03-02 10:00:00","type":"purchase","amount":5}\n{"event_id":"n2","customer_id":"c2","ts":"2024-03-02","type":"purchase","amount":-1}\n',
    );
    const r = await ingestStage(db, nd, { ...base, kind: 'events' });
    expect(r).toMatchObject({ format: 'ndjson', inserted: 1, rejected: 1, rejectsByReason: { negative_amount: 1 } });
    const [reject] = await db.all<{ line: number }>("SELECT line FROM rejects WHERE reason = 'negative_amount'");
    expect(reject.line).toBe(2);
  });

  it('reads every record of Parquet and NDJSON files larger than one DuckDB chunk (2,048 rows)', async () => {
    await seedCustomers();
    const n = 5000;
    const pq = join(dir, 'big.parquet');
    // Record 4,321 is bad (negative amount): the one reject must name it, past the first chunks.
    await db.run(
      `COPY (SELECT 'b' || i AS event_id, 'c1' AS customer_id, '2024-03-01 10:00:00' AS ts, 'purchase' AS type,
                    CASE WHEN i = 4321 THEN -1 ELSE i END AS amount
             FROM range(1, $n + 1) t(i) ORDER BY i) TO $p (FORMAT parquet, ROW_GROUP_SIZE 1000)`,
      { n, p: pq },
    );
    const r = await ingestStage(db, pq, { ...base, kind: 'events' });
    expect(r).toMatchObject({ rowsRead: n, inserted: n - 1, rejected: 1 });
    const [reject] = await db.all<{ line: number }>("SELECT line FROM rejects WHERE reason = 'negative_amount'");
    expect(reject.line).toBe(4321);
    const nd = file(
      'big.ndjson',
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({ event_id: `nd${i}`, customer_id: 'c2', ts: '2024-03-02 10:00:00', type: 'login' }),
      ).join('\n') + '\n',
    );
    expect(await ingestStage(db, nd, { ...base, kind: 'events' })).toMatchObject({
      rowsRead: n,
      inserted: n,
      rejected: 0,
    });
    const [count] = await db.all<{ n: number }>(
      "SELECT count(*) AS n FROM events WHERE event_id LIKE 'b%' OR event_id LIKE 'nd%'",
    );
    expect(count.n).toBe(2 * n - 1);
  });
});

describe('files that are not what they claim', () => {
  it('empty files, binary junk, wrong kinds and unreadable Parquet fail with one clear line', async () => {
    const expectOneLine = async (path: string, kind: 'customers' | 'events', pattern: RegExp) => {
      const error = await ingestStage(db, path, { ...base, kind }).catch((e) => e);
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain('\n');
    };
    await expectOneLine(file('empty.csv', ''), 'customers', /empty\.csv: empty file/);
    await expectOneLine(
      file('junk.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2])),
      'customers',
      /not a text file/,
    );
    await expectOneLine(
      file('cust.csv', CUSTOMERS + 'c1,2024-01-01,,,,,,\n'),
      'events',
      /column "event_id" \(for event_id\) is not in the file/,
    );
    await expectOneLine(
      file('fake.parquet', 'not parquet at all'),
      'events',
      /fake\.parquet: not a readable Parquet file/,
    );
    expect(await count('ingest_log')).toBe(0);
  });

  it('reports every mapping problem as path: message', () => {
    expect(() =>
      checkMapping(
        { fields: { customer_id: 'c', ts: { column: 'a', value: 'b' }, colour: 'x' }, csv: { delimiter: ':' } },
        'events',
      ),
    ).toThrow(
      /csv\.delimiter: Invalid option[^\n]*\nfields\.ts: give exactly one of column \(read from the source\), value \(a constant\) or multiply/,
    );
    expect(() => checkMapping({ fields: { customer_id: 'c', colour: 'x' } }, 'events')).toThrow(
      /fields\.colour: not a events field[^\n]*\nfields\.event_id: required, but not mapped\nfields\.ts: required, but not mapped\nfields\.type: required, but not mapped/,
    );
  });
});

describe('CDNOW through the shipped mappings', () => {
  it('the sample ingests to 6,919 events and 2,357 customers, with nothing rejected', async () => {
    const mapping = loadMapping('data/samples/cdnow/mapping.json', 'events');
    const r = await ingestStage(db, 'data/samples/cdnow/CDNOW_sample.txt', {
      ...base,
      kind: 'events',
      mapping,
      now: systemClock,
    });
    expect(r).toMatchObject({ rowsRead: 6919, inserted: 6919, rejected: 0, customersCreated: 2357 });
    expect(await count('customers')).toBe(2357);
    const [sum] = await db.all<{ total: number }>('SELECT round(sum(amount), 2) AS total FROM events');
    expect(sum.total).toBeCloseTo(244091.94, 2); // the file's dollar_value column summed independently (awk)
  });
});

describe('documentation', () => {
  it('docs/data-format.md is what the schemas generate (run `npm run docs` after changing them)', async () => {
    const { renderDataFormatDoc } = await import('../pipeline/ingest/data-format-doc.ts');
    expect(readFileSync('docs/data-format.md', 'utf8')).toBe(renderDataFormatDoc());
  });
});

describe('--infer', () => {
  it('proposes a mapping for the CDNOW master file that loads it completely', async () => {
    const { inferMapping } = await import('../pipeline/ingest/infer.ts');
    const { mapping } = await inferMapping(db, 'data/samples/cdnow/CDNOW_master.txt', 'events');
    expect(mapping.fields.ts).toEqual({ column: 'date', format: '%Y%m%d' });
    const r = await ingestStage(db, 'data/samples/cdnow/CDNOW_master.txt', {
      ...base,
      now: systemClock,
      kind: 'events',
      mapping: checkMapping({ ...mapping, missingCustomers: 'create' }, 'events'),
    });
    expect(r).toMatchObject({ rowsRead: 69659, inserted: 69659, rejected: 0, customersCreated: 23570 });
  });
});

describe('actions', () => {
  it('loads what the retention team did, rejecting unknown channels and unreadable flags', async () => {
    await seedCustomers();
    const header = 'action_id,customer_id,ts,action,channel,cost,campaign,is_control,contacted,accepted,text\n';
    const rows = [
      'a1,c1,2024-06-01 10:00:00,vip_care_call,phone,20,spring,false,true,yes,called back',
      'a2,c2,2024-06-01 10:00:00,vip_care_call,phone,,spring,true,,,held out',
      'a3,c2,2024-06-02 10:00:00,win_back_offer,pigeon,5,spring,false,,,',
      'a4,c1,2024-06-02 10:00:00,win_back_offer,sms,5,spring,maybe,,,',
    ];
    const r = await ingestStage(db, file('actions.csv', header + rows.join('\n') + '\n'), { ...base, kind: 'actions' });
    expect(r).toMatchObject({ rowsRead: 4, inserted: 2, rejected: 2, rejectsByReason: { bad_value: 2 } });
    const stored = await db.all<{
      action_id: string;
      is_control: boolean;
      contacted: boolean | null;
      accepted: boolean | null;
    }>('SELECT action_id, is_control, contacted, accepted FROM actions ORDER BY action_id');
    expect(stored).toEqual([
      { action_id: 'a1', is_control: false, contacted: true, accepted: true },
      { action_id: 'a2', is_control: true, contacted: null, accepted: null },
    ]);
  });
});
