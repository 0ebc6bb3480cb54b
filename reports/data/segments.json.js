// Data loader: prints segments.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('segments.json');
