// Data loader: prints value.json from the publish directory (see ./publish-file.js).
import { printPublished } from './publish-file.js';

printPublished('value.json');
