// Data loader: prints actions.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('actions.json');
