// The customer attributes as the report groups them: every declared attribute (the built-in region,
// channel and plan first) with its labels, the quartile ranges of the numeric ones, and the temp view
// attribute_levels (attribute-levels.sql) that segments, cohorts and the at-risk list group by.
import { attributeDeclarations, type AttributeDeclaration } from '../db/declarations.ts';
import type { Database } from '../db/database.ts';
import { readNamedSql } from '../db/named-sql.ts';

/** Levels folded together past the 11 most frequent, and customers without a value. */
export const OTHER_LEVEL = '__other__';
export const MISSING_LEVEL = '__missing__';

export interface ReportAttribute {
  name: string;
  kind: AttributeDeclaration['kind'];
  label: AttributeDeclaration['label'];
  builtIn: boolean;
  /** Numeric: each quartile's smallest and largest value, {q1: [lo, hi], ...}. */
  ranges?: Record<string, [number, number]>;
}

/**
 * Creates (or replaces) the temp view attribute_levels on this connection and returns the attributes
 * with their labels and ranges. Works on a read-only database: the view is temporary.
 */
export async function prepareAttributeLevels(db: Database): Promise<ReportAttribute[]> {
  const declarations = await attributeDeclarations(db);
  const sql = readNamedSql(import.meta.url, 'attribute-levels.sql');
  // customer_attributes is read only when something is declared: an older database may lack the table.
  const values = declarations.some((d) => !d.builtIn) ? `${sql.builtin}\nUNION ALL\n${sql.declared}` : sql.builtin;
  await db.run(sql.view.replace('{{values}}', values), {}, 'attribute-levels.sql');
  const ranges = await db.all<{ name: string; level: string; lo: number; hi: number }>(
    `SELECT name, level, min(number) AS lo, max(number) AS hi FROM attribute_levels
     WHERE number IS NOT NULL GROUP BY ALL ORDER BY ALL`,
    {},
    'attribute_levels (ranges)',
  );
  return declarations.map((d) => {
    const own = ranges.filter((r) => r.name === d.name);
    return {
      name: d.name,
      kind: d.kind,
      label: d.label,
      builtIn: d.builtIn,
      ...(d.kind === 'numeric' ? { ranges: Object.fromEntries(own.map((r) => [r.level, [r.lo, r.hi]])) } : {}),
    };
  });
}
