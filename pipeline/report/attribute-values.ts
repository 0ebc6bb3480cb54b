// The attributes of a list of customers (the at-risk list, the detail pages), from the temp view
// attribute_levels (attribute-levels.ts): each customer's values by attribute name (categorical text,
// numeric numbers) and, for numeric attributes, the quartile the report's filters use.
import type { Database } from '../db/database.ts';
import type { ReportAttribute } from './attribute-levels.ts';

export interface CustomerAttributes {
  values: Record<string, string | number | null>;
  levels: Record<string, string>;
}

export async function attributeValues(
  db: Database,
  ids: string[],
  attributes: ReportAttribute[],
): Promise<Map<string, CustomerAttributes>> {
  const out = new Map<string, CustomerAttributes>();
  if (!ids.length || !attributes.length) return out;
  const rows = await db.all<{
    customer_id: string;
    name: string;
    level: string;
    value: string | null;
    number: number | null;
  }>(
    `WITH ids AS (SELECT unnest($ids) AS customer_id)
     SELECT l.customer_id, l.name, l.level, l.value, l.number FROM attribute_levels l JOIN ids USING (customer_id)
     ORDER BY l.customer_id, l.name`,
    { ids },
    'attribute_levels (customers)',
  );
  const numeric = new Set(attributes.filter((a) => a.kind === 'numeric').map((a) => a.name));
  for (const r of rows) {
    let entry = out.get(r.customer_id);
    if (!entry) out.set(r.customer_id, (entry = { values: {}, levels: {} }));
    entry.values[r.name] = numeric.has(r.name) ? r.number : r.value;
    if (numeric.has(r.name)) entry.levels[r.name] = r.level;
  }
  return out;
}
