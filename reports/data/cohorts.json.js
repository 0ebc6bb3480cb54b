// Data loader: prints cohorts.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('cohorts.json');
