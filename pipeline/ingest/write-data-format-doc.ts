// `npm run docs`: regenerates docs/data-format.md.
import { writeFileSync } from 'node:fs';
import { renderDataFormatDoc } from './data-format-doc.ts';

writeFileSync(new URL('../../docs/data-format.md', import.meta.url), renderDataFormatDoc());
process.stderr.write('wrote docs/data-format.md\n');
