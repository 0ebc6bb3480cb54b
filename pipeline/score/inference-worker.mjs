// Worker-thread entry for parallel scoring: registers tsx's loader in this thread, then runs the
// TypeScript worker body. Kept as .mjs so it loads the same way under the CLI and under vitest.
import { register } from 'tsx/esm/api';

register();
await import('./inference-worker.ts');
