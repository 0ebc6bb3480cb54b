// Loads a CDNOW transaction log (data/samples/cdnow/) into a database as customers and purchase events,
// the way the ingest stage would: one customer per id, one purchase event per transaction line.
// Sample ids (1..2357) become customer ids '0001'.., so customer order matches the published tables.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../pipeline/db/database.ts';

export type CdnowFile = 'sample' | 'master';

export const cdnowPath = (file: CdnowFile) =>
  fileURLToPath(new URL(`../../data/samples/cdnow/CDNOW_${file}.txt`, import.meta.url));

interface Transaction {
  customer: string;
  day: string;
  value: number;
}

export function readCdnow(file: CdnowFile): Transaction[] {
  const lines = readFileSync(cdnowPath(file), 'utf8').split(/\r?\n/);
  const out: Transaction[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d+$/.test(f[0])) continue; // header and blank lines
    // sample: master id, sample id, date, cds, value; master: id, date, cds, value
    const [customer, date, value] = file === 'sample' ? [f[1], f[2], f[4]] : [f[0], f[1], f[3]];
    out.push({ customer, day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, value: Number(value) });
  }
  return out;
}

export async function loadCdnow(db: Database, file: CdnowFile): Promise<{ customers: number; events: number }> {
  const transactions = readCdnow(file);
  const firstDay = new Map<string, string>();
  for (const t of transactions)
    if (!firstDay.has(t.customer) || t.day < firstDay.get(t.customer)!) firstDay.set(t.customer, t.day);
  const customers = await db.appender('customers');
  for (const [id, day] of [...firstDay].sort()) {
    customers.appendVarchar(id);
    customers.appendVarchar(day);
    for (let k = 0; k < 6; k++) customers.appendNull();
    customers.endRow();
  }
  customers.closeSync();
  const events = await db.appender('events');
  transactions.forEach((t, i) => {
    events.appendVarchar(`cdnow-${i + 1}`);
    events.appendVarchar(t.customer);
    events.appendVarchar(`${t.day} 00:00:00`);
    events.appendVarchar('purchase');
    events.appendDouble(t.value);
    for (let k = 0; k < 11; k++) events.appendNull(); // score, channel, text, the order-line, survey and subscription columns
    events.endRow();
  });
  events.closeSync();
  return { customers: firstDay.size, events: transactions.length };
}
