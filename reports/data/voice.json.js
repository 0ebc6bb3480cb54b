// Data loader: prints voice.json from the publish directory (see ./publish-file.js). A publish directory
// made before the Voice of the customer page has none; the page shows its note, as for a history without
// feedback text.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printPublished, publishDir } from './publish-file.js';

if (existsSync(join(publishDir(), 'voice.json'))) printPublished('voice.json');
else process.stdout.write('{"available":false}\n');
