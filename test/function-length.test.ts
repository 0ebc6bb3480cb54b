// No function in pipeline/ runs to 80 lines or more: a stage reads as its phases, each a named function
// (issue 17). Measured with the TypeScript compiler's parser, from a function's first line to its last;
// a function nested in another counts inside it too.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const LIMIT = 80;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  return '(anonymous)';
}

/** Every function of a file with its length in lines. */
export function functionLengths(file: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
      found.push({ name: nameOf(node, source), lines: line(node.getEnd()) - line(node.getStart(source)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it(`no function in pipeline/ is ${LIMIT} lines or longer`, () => {
  const long = sources(join(ROOT, 'pipeline'))
    .flatMap((f) => functionLengths(f).map((fn) => ({ ...fn, file: relative(ROOT, f) })))
    .filter((fn) => fn.lines >= LIMIT)
    .sort((a, b) => b.lines - a.lines)
    .map((fn) => `${fn.file} ${fn.name}: ${fn.lines} lines`);
  expect(long).toEqual([]);
});
