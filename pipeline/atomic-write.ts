// Files are written beside their target under a temporary name and renamed into place (rename(2) is
// atomic within a folder): a reader, or a later run after a kill, sees the old file or the new one,
// never half of one. The temporary name carries the pid, so two processes never write into the same one.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/** The temporary file beside `target` that becomes `target` on commit. */
export function partialPath(target: string): string {
  return `${target}.partial-${process.pid}`;
}

/** Runs `write(partial)`, then renames the partial file over `target`; on failure removes it and rethrows. */
export async function writeAtomically<T>(target: string, write: (partial: string) => Promise<T>): Promise<T> {
  const partial = partialPath(target);
  try {
    const value = await write(partial);
    await rename(partial, target);
    return value;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** `writeAtomically` for synchronous writers. */
export function writeAtomicallySync<T>(target: string, write: (partial: string) => T): T {
  try {
    const value = write(partialPath(target));
    commitPartialSync(target);
    return value;
  } catch (error) {
    discardPartialSync(target);
    throw error;
  }
}

/** For a writer that keeps its partial file open across calls: makes it `target`. */
export function commitPartialSync(target: string): void {
  renameSync(partialPath(target), target);
}

/** Removes the partial file of `target`, if any. */
export function discardPartialSync(target: string): void {
  rmSync(partialPath(target), { force: true });
}

export function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  return writeAtomically(target, (partial) => writeFile(partial, data));
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  writeAtomicallySync(target, (partial) => writeFileSync(partial, data));
}
