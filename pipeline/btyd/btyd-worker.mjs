// Worker-thread entry for the BTYD computation: registers tsx's loader in this thread, then runs the
// TypeScript worker body (as pipeline/score/inference-worker.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./btyd-worker.ts');
