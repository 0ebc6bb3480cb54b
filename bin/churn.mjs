#!/usr/bin/env node
// Entry point declared as the package's bin. The pipeline is TypeScript run through tsx's loader,
// so there is no build step between `npm ci` and `npx churn`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipeline/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
