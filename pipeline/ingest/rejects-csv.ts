// Writes rejected rows as a CSV a person can fix in a spreadsheet and ingest again with the same
// mapping: the source's columns, then reject_line, reject_reason, reject_message (ignored on re-ingest).
// Cells are not neutralised: the file must round-trip the data exactly as it came.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { writeAtomically } from '../atomic-write.ts';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import type { Database } from '../db/database.ts';
import { quoteField, UTF8_BOM } from '../csv.ts';

export const REJECT_COLUMNS = ['reject_line', 'reject_reason', 'reject_message'] as const;

export async function writeRejectsCsv(
  db: Database,
  out: string,
  columns: string[],
  splitRaw: (raw: string) => string[],
): Promise<string> {
  const target = resolve(out);
  await mkdir(dirname(target), { recursive: true });
  await writeAtomically(target, async (partial) => {
    const stream = createWriteStream(partial, { encoding: 'utf8' });
    const write = async (line: string) => {
      if (!stream.write(line)) await once(stream, 'drain');
    };
    try {
      await write(UTF8_BOM + row([...columns, ...REJECT_COLUMNS]));
      for await (const batch of db.stream('SELECT line, reason, message, raw FROM _rejected ORDER BY line')) {
        for (const [line, reason, message, raw] of batch.rows as [number, string, string, string][]) {
          const fields = splitRaw(raw);
          const padded = columns.map((_, i) => fields[i] ?? '');
          await write(row([...padded, String(line), reason, message]));
        }
      }
    } finally {
      stream.end();
      await once(stream, 'finish');
    }
  });
  return target;
}

function row(values: string[]): string {
  return values.map(quoteField).join(',') + '\r\n';
}
