// The import graph of pipeline/ and models/: no circle (type-only imports count: a circle through
// types still ties two files together), and every import goes down the layers below, so a stage never
// reaches into one that runs after it. The layers are the shape of the code (docs/architecture.md):
// read from the `import ... from '...'` lines of the sources, no compiler needed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Lowest first. A file belongs to the first entry whose prefix it starts with. An import may go to a
 * lower layer, or stay within its own entry; two stages on one layer do not import each other.
 */
const LAYERS: string[][] = [
  ['models/'],
  // The pipeline's bottom layer: words, errors, logging, dates, paths, helpers with no stage.
  [
    'pipeline/vocabulary.ts',
    'pipeline/errors.ts',
    'pipeline/log.ts',
    'pipeline/dates.ts',
    'pipeline/paths.ts',
    'pipeline/csv.ts',
    'pipeline/test-pause.ts',
    'pipeline/worker.ts',
    'pipeline/worker-entry.mjs',
    'pipeline/atomic-write.ts',
    'pipeline/clock.ts',
    'pipeline/timer.ts',
    'pipeline/lock.ts',
    'pipeline/stage-runner.ts',
    'pipeline/run-cli.ts',
  ],
  ['pipeline/db/', 'pipeline/config/'],
  ['pipeline/history.ts'],
  // Reading feedback text (text_signals), which features bring up to date before a snapshot.
  ['pipeline/text/'],
  // Features owns the derived tables (event_links) that every writer of events keeps current.
  ['pipeline/features/'],
  ['pipeline/generate/', 'pipeline/ingest/', 'pipeline/btyd/'],
  ['pipeline/train/'],
  ['pipeline/score/', 'pipeline/evaluate/'],
  ['pipeline/plan/', 'pipeline/monitor/'],
  ['pipeline/export/'],
  ['pipeline/report/'],
  ['pipeline/retrain/'],
  // The campaign simulator runs the stages in its two worlds (churn demo --campaigns).
  ['pipeline/simulate/'],
  ['pipeline/run/'],
  ['pipeline/cli/'],
];

/** The bottom layers whose files may import each other (a circle is still refused). */
const SHARED = new Set(['models/', 'pipeline/vocabulary.ts']);

/** A pure module of the site the pipeline runs too, so both compute alike (the plan's walk, plan-greedy.js). */
const sharedWithSite = (t: string) => t.startsWith('reports/components/') && existsSync(join(ROOT, t));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const IMPORT =
  /^\s*(?:import|export)\s+(?:type\s+)?[\w$*\s,{}]*?\s*from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Relative imports of a source file, as paths from the repository root. */
export function importsOf(file: string, text: string): string[] {
  const code = text
    .split('\n')
    .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
    .join('\n');
  return [...code.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

function graph(): Map<string, string[]> {
  const files = [...sources('pipeline'), ...sources('models')];
  return new Map(files.map((f) => [f, importsOf(f, readFileSync(join(ROOT, f), 'utf8'))]));
}

function entryOf(file: string): { layer: number; prefix: string } {
  for (const [layer, prefixes] of LAYERS.entries()) {
    const prefix = prefixes.find((p) => file.startsWith(p));
    if (prefix) return { layer, prefix };
  }
  throw new Error(`${file} is on no layer of test/import-graph.test.ts: add it where it belongs`);
}

/** Every circle, each as a path that starts and ends at the same file. */
function cycles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...edges.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

describe('import graph', () => {
  const edges = graph();

  it('reads the imports it checks', () => {
    expect(edges.size).toBeGreaterThan(150);
    expect(edges.get('pipeline/cli/main.ts')).toContain('pipeline/errors.ts');
    expect(
      importsOf('pipeline/x.ts', "import type {\n  A,\n  B as C,\n} from './y.ts';\nconst m = await import('./z.ts');"),
    ).toEqual(['pipeline/y.ts', 'pipeline/z.ts']);
  });

  it('has every import pointing at a file that exists', () => {
    const missing = [...edges].flatMap(([f, ts]) =>
      ts.filter((t) => !edges.has(t) && !/\.(sql|json)$/.test(t) && !sharedWithSite(t)).map((t) => `${f} -> ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no circle', () => {
    expect(cycles(edges).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('imports only downwards: models never import pipeline, no stage imports one above it or beside it', () => {
    const upward: string[] = [];
    for (const [from, targets] of edges) {
      const a = entryOf(from);
      for (const to of targets) {
        if (!edges.has(to)) continue;
        const b = entryOf(to);
        const ok =
          b.layer < a.layer || a.prefix === b.prefix || (a.layer === b.layer && SHARED.has(LAYERS[a.layer][0]));
        if (!ok) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
