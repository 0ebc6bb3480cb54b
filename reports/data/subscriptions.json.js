// Data loader: prints subscriptions.json from the publish directory (see ./publish-file.js). Publish
// writes it from the subscriptions release on; a publish directory made before has none, and the page
// shows its note for that as for a history without subscription events.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { printPublished, publishDir } from './publish-file.js';

if (existsSync(join(publishDir(), 'subscriptions.json'))) printPublished('subscriptions.json');
else process.stdout.write('{"available":false}\n');
