// The one atomic write (pipeline/atomic-write.ts): a target is replaced whole or not at all, and a
// failed write leaves neither a changed target nor a temporary file behind.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  writeAtomically,
  writeAtomicallySync,
  writeFileAtomic,
  writeFileAtomicSync,
} from '../pipeline/atomic-write.ts';
import { tempDir } from './helpers/temp-db.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('atomic write', () => {
  it('replaces the target with the new content and leaves no temporary file', async () => {
    const target = join(dir, 'report.json');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    writeFileAtomicSync(target, 'newer');
    expect(readFileSync(target, 'utf8')).toBe('newer');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('keeps the old file intact and removes the partial one when the writer throws half-way', async () => {
    const target = join(dir, 'at-risk.csv');
    writeFileSync(target, 'old');
    await expect(
      writeAtomically(target, async (partial) => {
        await writeFile(partial, 'half a fi');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(() =>
      writeAtomicallySync(target, (partial) => {
        writeFileSync(partial, 'half a fi');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['at-risk.csv']);
  });

  it('never writes into the target while writing', async () => {
    const target = join(dir, 'scores.parquet');
    writeFileSync(target, 'old');
    await writeAtomically(target, async (partial) => {
      expect(partial).not.toBe(target);
      await writeFile(partial, 'new');
      expect(readFileSync(target, 'utf8')).toBe('old');
    });
    expect(readFileSync(target, 'utf8')).toBe('new');
  });
});
