// Shared body of the data loaders: prints one file the pipeline published to stdout.
// The publish directory comes from env CHURN_PUBLISH_DIR (absolute path); by default it is
// <project root>/data/publish, resolved from this file's location (not the working directory).
// A missing file exits non-zero with one line on stderr naming it.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultDir = fileURLToPath(new URL('../../data/publish/', import.meta.url));

export function publishDir(env = process.env) {
  const dir = env.CHURN_PUBLISH_DIR;
  if (!dir) return defaultDir;
  return isAbsolute(dir) ? dir : resolve(dir);
}

/** Writes `<publishDir>/<name>` to stdout, or exits 1 with a one-line message. */
export function printPublished(name) {
  const file = join(publishDir(), name);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error && error.code === 'ENOENT' ? 'not found' : error.message;
    process.stderr.write(`missing published file ${file}: ${reason} (run the pipeline's publish step first)\n`);
    process.exit(1);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    process.stderr.write(`published file ${file} is not valid JSON: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(text);
}
