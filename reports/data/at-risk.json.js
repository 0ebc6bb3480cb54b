// Data loader: prints at-risk.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('at-risk.json');
