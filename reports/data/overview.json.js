// Data loader: prints overview.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('overview.json');
