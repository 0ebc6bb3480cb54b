// Data loader: prints monitoring.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('monitoring.json');
