// Turns the well-known telecom churn table (IBM's "Telco Customer Churn": one row per customer with
// 16 attributes, tenure in months, monthly and total charges, and whether the customer left in the
// last month) into the exports a telecom's systems give: a customer file with its attributes, monthly
// billing events (`payment`) and cancellation events, each loaded by mapping alone
// (mapping-customers.json, mapping-events.json) with `churn.definition: "cancellation"`
// (churn.config.json). The table's last month starts at LAST_MONTH: a customer who left cancels on a
// day of it (1-28, spread by id); everyone else pays for it on its first day. Scoring at LAST_MONTH
// with a 28-day horizon (the history ends on the 28th) then predicts exactly the table's Churn column
// from what was known before that month.
//
//   npx tsx docs/examples/telco/to-exports.ts WA_Fn-UseC_-Telco-Customer-Churn.csv OUT_DIR
//   npx churn ingest OUT_DIR/customers.csv --kind customers --map docs/examples/telco/mapping-customers.json --db D
//   npx churn ingest OUT_DIR/events.csv --kind events --map docs/examples/telco/mapping-events.json --db D
//   npx churn evaluate --db D --config docs/examples/telco/churn.config.json --as-of 2024-01-01 --split customers
//   (the churn.config.json settings: horizonDays 28, churn.definition cancellation)
//
// Money: the last month's payment is MonthlyCharges; the months before it share what TotalCharges
// leaves (so the features see the price moves the table implies). Contract terms: month-to-month 1,
// one year 12, two year 24, a renewal at each term's end.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first day of the table's last month; the history ends the day before END. */
export const LAST_MONTH = '2024-01-01';
const END = '2024-02-01';

const TERMS: Record<string, number> = { 'Month-to-month': 1, 'One year': 12, 'Two year': 24 };

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const names = header.split(',');
  // The public file quotes no field and holds no comma inside one.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v.trim()])));
}

const monthsBefore = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/** The day of the last month a leaver cancels on, 1-28, from the id: spread over the month, the same every run. */
function cancelDay(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return 1 + (h % 28);
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function telcoToExports(table: string): { customers: string; events: string } {
  const rows = parseCsv(table);
  const customerCols = Object.keys(rows[0]).filter((c) => !['tenure', 'TotalCharges', 'Churn'].includes(c));
  const customers = [[...customerCols, 'SignupDate'].join(',')];
  const events = ['event_id,customer_id,date,type,plan,term_months,amount,reason'];
  for (const r of rows) {
    const tenure = Number(r.tenure);
    const churned = r.Churn === 'Yes';
    // Customers of the last month (tenure 0 in the table) start in it; the others `tenure` months before its end.
    const start = monthsBefore(END, Math.max(tenure, 1));
    customers.push([...customerCols.map((c) => csvField(r[c])), start].join(','));
    const term = TERMS[r.Contract] ?? 1;
    const monthly = Number(r.MonthlyCharges);
    const total = Number(r.TotalCharges);
    const months = Math.max(tenure, 1);
    const earlier = months > 1 && Number.isFinite(total) ? Math.max(total - monthly, 0) / (months - 1) : monthly;
    const id = r.customerID;
    let k = 0;
    events.push(`${id}-s,${id},${start},subscription_start,${csvField(r.InternetService)},${term},,`);
    for (let m = 0; m < months; m++) {
      const day = monthsBefore(END, months - m);
      const last = m === months - 1;
      if (term > 1 && m > 0 && m % term === 0)
        events.push(`${id}-r${m},${id},${day},renewal,${csvField(r.InternetService)},${term},,`);
      // The leaver's last month: cancelled in its middle instead of paying for it.
      if (last && churned) {
        events.push(
          `${id}-c,${id},${LAST_MONTH.slice(0, 8)}${String(cancelDay(id)).padStart(2, '0')},cancellation,,,,left`,
        );
        continue;
      }
      const amount = last ? monthly : earlier;
      events.push(`${id}-p${++k},${id},${day},payment,${csvField(r.InternetService)},1,${amount.toFixed(2)},`);
    }
  }
  return { customers: customers.join('\n') + '\n', events: events.join('\n') + '\n' };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [input, out] = process.argv.slice(2);
  if (!input || !out) {
    process.stderr.write('usage: npx tsx docs/examples/telco/to-exports.ts TELCO.csv OUT_DIR\n');
    process.exit(2);
  }
  const { customers, events } = telcoToExports(readFileSync(input, 'utf8'));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'customers.csv'), customers);
  writeFileSync(join(out, 'events.csv'), events);
  process.stderr.write(`wrote ${join(out, 'customers.csv')} and ${join(out, 'events.csv')}\n`);
}
