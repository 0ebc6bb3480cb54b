// Data loader: prints runs-history.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('runs-history.json');
