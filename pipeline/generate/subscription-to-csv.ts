// `churn generate --business subscription`: the subscription history as files `churn ingest` reads,
// like to-csv.ts does for retail: customers.csv (the canonical columns, then one column per declared
// attribute) with customers.mapping.json declaring those attributes, and events.csv (the canonical
// columns up to text, then plan and term_months). Each file is written under a temporary name and
// renamed when complete.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../atomic-write.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { GenerateOptions, GenerateSummary } from './generator.ts';
import { generateSubscriptionHistory } from './subscription-generator.ts';
import { SUBSCRIPTION_ATTRIBUTES } from './subscription-profile.ts';
import {
  CsvFile,
  CUSTOMER_COLUMNS,
  customerLine,
  EVENT_COLUMNS,
  eventLine,
  field,
  timestampFormatter,
} from './to-csv.ts';

export const SUBSCRIPTION_FILES = ['customers.csv', 'customers.mapping.json', 'events.csv'] as const;

/** The mapping that loads customers.csv with its attributes. */
export function customersMapping(): object {
  return {
    kind: 'customers',
    fields: Object.fromEntries(CUSTOMER_COLUMNS.map((c) => [c, c])),
    attributes: Object.fromEntries(
      SUBSCRIPTION_ATTRIBUTES.map((a) => [
        a.name,
        a.kind === 'numeric'
          ? { column: a.name, kind: a.kind, label: a.label, format: 'integer', min: 0, max: 1 }
          : { column: a.name, kind: a.kind, label: a.label },
      ]),
    ),
  };
}

/** Writes the three files into `outDir` (created if missing, files replaced). */
export async function generateSubscriptionToCsv(
  outDir: string,
  options: GenerateOptions,
  logger: Logger = silentLogger,
): Promise<GenerateSummary> {
  mkdirSync(outDir, { recursive: true });
  const files: CsvFile[] = [];
  const progress = logger.progress('generating', 1);
  try {
    const customers = new CsvFile(join(outDir, 'customers.csv'), [
      ...CUSTOMER_COLUMNS,
      ...SUBSCRIPTION_ATTRIBUTES.map((a) => a.name),
    ]);
    files.push(customers);
    const events = new CsvFile(join(outDir, 'events.csv'), [...EVENT_COLUMNS, 'plan', 'term_months']);
    files.push(events);
    const ts = timestampFormatter();
    // Attributes follow their customer: the row is written when its last attribute arrives.
    let row = '';
    const values: string[] = [];
    const summary = generateSubscriptionHistory(options, {
      customer: (c) => (row = customerLine(c).slice(0, -1)),
      attribute: (a) => {
        values.push(a.value === null ? (a.number === null ? '' : String(a.number)) : field(a.value));
        if (values.length < SUBSCRIPTION_ATTRIBUTES.length) return;
        customers.write(`${row},${values.join(',')}\n`);
        values.length = 0;
      },
      event: (e) =>
        events.write(
          `${eventLine(e, ts).slice(0, -1)},${field(e.plan)},${e.term_months === null ? '' : String(e.term_months)}\n`,
        ),
      progress: (done, total) => progress.tick(done / total),
    });
    writeFileAtomicSync(join(outDir, 'customers.mapping.json'), JSON.stringify(customersMapping(), null, 2) + '\n');
    for (const file of files) file.commit();
    return summary;
  } finally {
    progress.done();
    for (const file of files) file.discard();
  }
}
